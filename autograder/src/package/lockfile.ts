/**
 * A tree's package-lock.json, cut out of the repository's own: the packages reachable
 * from the tree's dependencies, at exactly the versions this repository installs. So a
 * handout or package installs offline from any npm cache that has installed this
 * repository, and never resolves a version the kit was not tested with.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_ROOT } from "../paths.js";

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  [k: string]: unknown;
}

interface Lock {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Node's resolution: `name` required from the package at `from` is the nearest node_modules/name up the tree. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut < 0 ? "" : base.slice(0, cut);
  }
}

export function subsetLockfile(rootPackage: LockEntry & { name: string }, deps: Record<string, string>): string {
  const lock = JSON.parse(readFileSync(join(KIT_ROOT, "package-lock.json"), "utf8")) as Lock;
  const keep = new Set<string>();
  const queue: [string, string][] = Object.keys(deps).map((d) => ["", d]);
  while (queue.length > 0) {
    const [from, name] = queue.pop()!;
    const at = resolveIn(lock.packages, from, name);
    if (at === undefined || keep.has(at)) continue;
    keep.add(at);
    const e = lock.packages[at];
    for (const d of Object.keys({ ...e.dependencies, ...e.optionalDependencies, ...e.peerDependencies })) queue.push([at, d]);
  }
  const packages: Record<string, LockEntry> = { "": rootPackage };
  for (const at of [...keep].sort()) {
    // What is a devDependency here is a dependency of the tree (tsx, typescript).
    const { dev: _dev, devOptional, ...entry } = lock.packages[at];
    packages[at] = devOptional ? { ...entry, optional: true } : entry;
  }
  return `${JSON.stringify({ name: rootPackage.name, version: rootPackage.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}
