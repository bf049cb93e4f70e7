/** Vite's `?raw` suffix imports a file's text; the config-drift test reads wrangler.toml this way. */
declare module "*?raw" {
  const content: string;
  export default content;
}
