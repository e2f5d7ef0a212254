/**
 * What cuts the sandboxed child off from the machine beyond Node's permission model, which
 * covers files, processes, workers and addons but not signals, sockets or file descriptors:
 *
 * - pid: its own PID namespace, so it cannot name (let alone signal) the grader or another
 *   sandbox, and kill(-1) reaches nothing outside;
 * - net: its own network namespace with no interface up, so no TCP to localhost or abstract
 *   Unix socket; a Unix socket file is out of reach of uid 65534 unless others may write it;
 * - uid: as root, the child runs as nobody (65534), so it can write nowhere the grader owns;
 * - always: bash closes every fd above 3 (the channel) before exec'ing node, since an fd the
 *   grader inherited from its own parent is readable without any permission.
 *
 * The strongest level the host allows is found once per process by running a probe through
 * the exact command prefix (what works depends on root, user namespaces and the container).
 * KIT_ISOLATION=none forces the weakest level (fds are still closed).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";

export type IsolationName = "pid+net+uid" | "pid+net" | "none";

export interface Isolation {
  name: IsolationName;
  /** Goes before the child's `node …` command ([] where not even bash can be used). */
  prefix: string[];
  pid: boolean;
  net: boolean;
  uid: boolean;
  /** One line for report headers: `isolation: pid+net+uid`, `isolation: none (not root, no user namespaces)`. */
  description: string;
}

/** nobody: the uid and gid the child runs as when the grader is root. */
export const SANDBOX_UID = 65534;

/** Closes every inherited fd above 3, then runs the command it is given ($0 "$@"); bash, since dash cannot redirect fd 10 and up. */
const CLOSE_FDS = ["bash", "-c", 'for f in /proc/self/fd/*; do f=${f##*/}; if [ "$f" -gt 3 ]; then exec {f}>&-; fi; done; exec "$0" "$@"'];
const NAMESPACES = ["unshare", "--pid", "--net", "--fork", "--kill-child"];
const USER_NAMESPACES = ["unshare", "--user", "--map-root-user", "--pid", "--net", "--fork", "--kill-child"];
const AS_NOBODY = ["setpriv", `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, "--clear-groups", "--"];

const PROBE_SCRIPT =
  'process.stdout.write(JSON.stringify({ pid: process.pid, uid: process.getuid(), nets: Object.keys(require("os").networkInterfaces()) }))';
const PROBE_TIMEOUT_MS = 10_000;

interface Seen {
  pid: number;
  uid: number;
  nets: string[];
}

/** What node sees when started through `prefix`, or why it did not start. */
function probe(prefix: readonly string[]): Seen | string {
  const run = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, "-e", PROBE_SCRIPT], {
    encoding: "utf8",
    timeout: PROBE_TIMEOUT_MS,
    // unshare --fork passes SIGTERM on to its child, which as the namespace's init ignores it.
    killSignal: "SIGKILL",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (run.error) return `${prefix[0]}: ${run.error.message}`;
  if (run.status !== 0) return (run.stderr.split("\n").find((l) => l.trim() !== "") ?? `${prefix[0]} exited with ${run.status ?? run.signal}`).slice(0, 200);
  try {
    return JSON.parse(run.stdout) as Seen;
  } catch {
    return `${prefix[0]}: the probe printed something unexpected`;
  }
}

function isolated(seen: Seen): boolean {
  return seen.pid === 1 && seen.nets.every((n) => n === "lo");
}

function none(why: string): Isolation {
  const closes = typeof probe(CLOSE_FDS) !== "string";
  return {
    name: "none",
    prefix: closes ? CLOSE_FDS : [],
    pid: false,
    net: false,
    uid: false,
    description: `isolation: none (${why}${closes ? "" : "; no bash, so inherited fds stay open"})`,
  };
}

/** Probes the host now (isolation() caches the answer). */
export function detectIsolation(): Isolation {
  if (process.platform !== "linux") return { name: "none", prefix: [], pid: false, net: false, uid: false, description: "isolation: none (not Linux)" };
  if (process.env.KIT_ISOLATION === "none") return none("KIT_ISOLATION=none");
  const root = process.getuid?.() === 0;
  let rootFailure = "";
  if (root) {
    const prefix = [...NAMESPACES, ...AS_NOBODY, ...CLOSE_FDS];
    const seen = probe(prefix);
    if (typeof seen !== "string" && isolated(seen) && seen.uid === SANDBOX_UID) {
      return { name: "pid+net+uid", prefix, pid: true, net: true, uid: true, description: "isolation: pid+net+uid" };
    }
    rootFailure = typeof seen === "string" ? seen : "the probe was not isolated";
  }
  const prefix = [...USER_NAMESPACES, ...CLOSE_FDS];
  const seen = probe(prefix);
  if (typeof seen !== "string" && isolated(seen)) {
    const why = root ? `running as uid ${SANDBOX_UID} failed: ${rootFailure}` : "not root: the child keeps your uid";
    return { name: "pid+net", prefix, pid: true, net: true, uid: false, description: `isolation: pid+net (${why})` };
  }
  return none(root ? `namespaces failed: ${rootFailure}` : "not root, no user namespaces");
}

let detected: Isolation | undefined;

/** The strongest isolation this host allows, probed on first use. */
export function isolation(): Isolation {
  detected ??= detectIsolation();
  return detected;
}

/** Resident memory of one process in bytes, or undefined where /proc cannot tell. */
function residentBytes(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * Resident memory of `root` and all its descendants, in bytes (the sandbox's child is
 * unshare, whose child is node), or undefined where /proc cannot tell.
 */
export function treeResidentBytes(root: number): number | undefined {
  const own = residentBytes(root);
  if (own === undefined) return undefined;
  let total = own;
  const seen = new Set([root]);
  const queue = childrenOf(root);
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += residentBytes(pid) ?? 0;
    queue.push(...childrenOf(pid));
  }
  return total;
}

/**
 * The first of `path` and its folders that other users cannot get through (a folder not
 * searchable, or the path itself not readable), or undefined; a child that runs as nobody
 * needs its bundle, its cwd and the CUDA addon to be open to others.
 */
export function closedToOthers(path: string): string | undefined {
  const own = statSync(path);
  if ((own.mode & 0o004) === 0 || (own.isDirectory() && (own.mode & 0o001) === 0)) return path;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
