/** Declarations for tools/node-version.js, which stays plain JavaScript so that any Node can run it. */
export function isSupportedNode(version: string): boolean;
export function nodeVersionProblem(version: string): string | null;
