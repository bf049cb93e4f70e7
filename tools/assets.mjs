/**
 * Copies the pinned third-party files the Worker serves as static assets into public/ (git
 * ignores them): Swagger UI for /docs. Runs after every `npm ci`/`npm install` (postinstall) and
 * is cheap to run again. Plain JavaScript so it runs on whatever Node npm runs scripts with.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const swaggerUi = path.dirname(require.resolve("swagger-ui-dist/package.json"));
const target = path.join(root, "public/docs/vendor");
mkdirSync(target, { recursive: true });
for (const file of ["swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png", "LICENSE"]) {
  copyFileSync(path.join(swaggerUi, file), path.join(target, file));
}
