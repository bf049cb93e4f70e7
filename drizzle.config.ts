import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  // The engine's tables, then every product's (src/products/<product>/schema/index.ts).
  schema: ["./src/db/schema/index.ts", "./src/products/*/schema/index.ts"],
  out: "./migrations",
});
