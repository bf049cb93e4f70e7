import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export function findOnPath(binary: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/bin", "/usr/sbin", "/usr/local/bin"];
  return dirs.map((dir) => path.join(dir, binary)).find((candidate) => existsSync(candidate));
}

function apt(args: string[]): boolean {
  const result = spawnSync("apt-get", args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.status === 0;
}

/**
 * Finds a program, installing its Debian package when we run as root (CI, the dev container).
 * Anyone else gets told how to install it rather than a sudo prompt in the middle of a test run.
 */
export function ensureDebianBinary(
  binary: string,
  pkg: string,
  hint: string,
  log: (line: string) => void = console.error,
): string {
  const found = findOnPath(binary);
  if (found) return found;
  if (process.getuid?.() !== 0 || !findOnPath("apt-get")) throw new Error(hint);
  log(`[${binary}] missing; installing Debian's ${pkg} package`);
  if (!apt(["install", "-y", "--no-install-recommends", pkg])) {
    apt(["update"]);
    apt(["install", "-y", "--no-install-recommends", pkg]);
  }
  const installed = findOnPath(binary);
  if (!installed) throw new Error(`Installing ${pkg} with apt-get failed. ${hint}`);
  return installed;
}
