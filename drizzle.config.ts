import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  // The engine's tables, then each product's (a product keeps its tables in its own folder).
  schema: ["./src/db/schema/index.ts", "./src/products/events/schema/index.ts"],
  out: "./migrations",
});
