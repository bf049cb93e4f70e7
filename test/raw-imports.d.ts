/** Vite's `?raw` suffix imports a file's text; the config-drift test reads wrangler.toml this way. */
declare module "*?raw" {
  const content: string;
  export default content;
}

/** Vite's `import.meta.glob`, as test/architecture.test.ts uses it: every matching file's text, eagerly. */
interface ImportMeta {
  glob<T>(pattern: string, options: { query: "?raw"; import: "default"; eager: true }): Record<string, T>;
}
