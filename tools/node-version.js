/**
 * The Node.js that edgefare's tools need. Plain JavaScript on purpose: an older Node cannot even
 * load a .ts file (it stops with ERR_UNKNOWN_FILE_EXTENSION, which says nothing about the cause),
 * so this check has to run before any TypeScript does (tools/require-node.js).
 *
 * 22.18 and 23.6 are the releases that strip TypeScript types by default; wrangler and miniflare
 * need 22 as well.
 */

/** @param {string} version `process.versions.node`, e.g. "20.20.2" */
export function isSupportedNode(version) {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
}

/**
 * One sentence saying what to do, or null when this Node will do.
 * @param {string} version
 * @returns {string | null}
 */
export function nodeVersionProblem(version) {
  if (isSupportedNode(version)) return null;
  return (
    `edgefare's tools need Node.js 22.18 or newer (they run TypeScript directly) and this is Node.js ${version}: ` +
    "on Linux x64 run them through npm (npm run dev, npm test, npm run bench), which uses the Node 22 that " +
    "npm ci installs into node_modules; elsewhere install Node.js 22.18 or newer."
  );
}
