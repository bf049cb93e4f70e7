/**
 * Loaded before every tool (`node --import ./tools/require-node.js tools/dev.ts`, see package.json):
 * on a Node too old for the tools it prints one sentence and exits, instead of the loader's
 * ERR_UNKNOWN_FILE_EXTENSION.
 */
import { nodeVersionProblem } from "./node-version.js";

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
