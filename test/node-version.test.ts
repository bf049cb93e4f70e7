import { describe, expect, it } from "vitest";
import { nodeVersionProblem } from "../tools/node-version.js";

describe("the Node.js version the tools accept (tools/require-node.js)", () => {
  it("refuses a Node that cannot run TypeScript files, in one sentence saying what to do", () => {
    for (const version of ["18.20.4", "20.20.2", "22.12.0", "22.17.1", "23.5.0"]) {
      const problem = nodeVersionProblem(version);
      expect(problem).toContain(`Node.js 22.18 or newer`);
      expect(problem).toContain(`this is Node.js ${version}`);
      expect(problem?.split(". ")).toHaveLength(1);
    }
  });

  it("accepts every Node that strips TypeScript types by default", () => {
    for (const version of ["22.18.0", "22.23.3", "23.6.0", "24.1.0", "26.0.0"]) {
      expect(nodeVersionProblem(version)).toBeNull();
    }
  });
});
