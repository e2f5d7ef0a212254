/**
 * Runs the bundled submission in a separate Node process under Node's permission model:
 * it may read its own bundle and nothing else, and may not write files, spawn processes,
 * start workers or load addons. Around that, isolation.ts adds what the permission model
 * does not cover (signals, network, inherited fds, writing as the grader's user), and the
 * child gets a bare environment and a fresh working folder it cannot write to.
 *
 * The grader sends one case at a time on its own channel (channel.ts, fd 3) and waits for
 * the reply, a time limit and a memory limit:
 *
 * - the time limit kills the child's whole process group (it runs detached, as a group leader);
 * - V8's heap flag does not count typed arrays, so the grader also reads the resident memory
 *   of the child's process tree (every 50 ms) and kills it above the limit;
 * - a child that dies (process.exit, a crash, a kill) or sends a malformed message fails the
 *   case in flight only: the next case starts a fresh child;
 * - an error the child reports as late (from a timer or promise an earlier case left behind)
 *   is recorded against that case (takeLateErrors), and the case in flight runs again once
 *   in a fresh child.
 *
 * A submission that cannot load fails every later case at once, but only when that is its
 * own doing (it threw or exited while loading); after a timeout, a kill, the memory limit or
 * a malformed message the next case tries again.
 *
 * What the child prints is captured (by the child, per case, and from its pipes for
 * anything that slips past) and returned as text; it is never parsed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, realpathSync, rmSync, statSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { KitError } from "#ndarray";
import {
  DEFAULT_MESSAGE_CAP_BYTES,
  decodeChildMessage,
  encodeFrame,
  FrameReader,
  type ChildMessage,
  type LateErrorKind,
  type Request,
  type RunRequest,
  type ThrownError,
} from "./channel.js";
import { closedToOthers, isolation, treeResidentBytes, type Isolation } from "./isolation.js";
import type { WireValue } from "./wire.js";

export { DEFAULT_MESSAGE_CAP_BYTES } from "./channel.js";
export type { ThrownError } from "./channel.js";

export interface SandboxOptions {
  /** The bundled script (bundle.ts). It and its folder are made readable to others (the child may run as nobody). */
  bundle: string;
  /**
   * For `--device cuda`: the folder of the CUDA addon. The child may then load addons and
   * read that folder (and only it, besides its bundle); the loader finds it through
   * KIT_CUDA_ADDON_DIR, since bundling moves the path it would look in.
   */
  addonDir?: string;
  /** Time limit for loading the submission, in milliseconds. */
  startupTimeoutMs: number;
  /** Memory limit of the child's resident set (its whole process tree), in bytes. */
  memoryLimitBytes: number;
  /** Each child runs in a fresh folder made here, which it cannot write to when it runs as nobody (default: the bundle's folder). */
  workDir?: string;
  /** The longest message the child may send (default DEFAULT_MESSAGE_CAP_BYTES); a longer one is malformed. */
  messageCapBytes?: number;
  /** How to isolate the child (default: isolation(), the strongest this host allows). */
  isolation?: Isolation;
}

export type RunOutcome =
  | { kind: "outputs"; outputs: Record<string, WireValue>; output: string }
  | { kind: "threw"; error: ThrownError; output: string }
  | { kind: "timeout"; ms: number; output: string }
  | { kind: "memory"; limitBytes: number; output: string }
  | { kind: "exited"; code: number | null; signal: string | null; output: string }
  | { kind: "load-failed"; detail: string; error?: ThrownError; output: string }
  | { kind: "malformed"; detail: string; output: string };

/** An exception or rejection that surfaced after the case that started it had returned (or, without caseId, while loading). */
export interface LateError {
  caseId: string | undefined;
  kind: LateErrorKind;
  error: ThrownError;
}

/** `--permission` from Node 22 on (where it is no longer experimental); before it, `--experimental-permission`. */
export function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
}

const PIPE_CAP = 4000;
/** How long a freshly loaded child may take to answer a ping. */
const PING_TIMEOUT_MS = 3000;
const MEMORY_WATCH_MS = 50;
/** Passed on to a child that may use CUDA: which GPUs, and where the driver's libraries are. */
const CUDA_ENV = ["CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH"];
const LOAD_THREW = "your code threw while it was being loaded";

type ChildEvent = { type: "message"; message: ChildMessage } | { type: "malformed"; detail: string } | { type: "closed"; code: number | null; signal: string | null };

type Failure = Extract<RunOutcome, { kind: "timeout" | "memory" | "exited" | "malformed" }>;

/** How an exchange ended: the reply it waited for, a late error, or a failure (after which the child is gone). */
type Reply<T extends ChildMessage["type"]> =
  | { kind: "reply"; message: Extract<ChildMessage, { type: T }>; stray: string }
  | { kind: "late"; late: LateError }
  | Failure;

const live = new Set<ChildProcess>();

process.once("exit", () => {
  for (const proc of live) killGroup(proc);
});

function killGroup(proc: ChildProcess): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, "SIGKILL");
  } catch {
    proc.kill("SIGKILL");
  }
}

function isOneOf<T extends ChildMessage["type"]>(m: ChildMessage, types: readonly T[]): m is Extract<ChildMessage, { type: T }> {
  const names: readonly string[] = types;
  return names.includes(m.type);
}

function childEnv(addonDir: string | undefined): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
  if (addonDir === undefined) return env;
  env.KIT_CUDA_ADDON_DIR = addonDir;
  for (const name of CUDA_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** One spawned child: its process, its folder, its channel, and where its events go. */
class Child {
  readonly proc: ChildProcess;
  private readonly channel: Socket;
  private readonly reader: FrameReader;
  private pipeText = "";
  /** Whether the bundle said hello: until then the submission has not run, so an exit is no fault of it. */
  hello = false;
  /** The exchange waiting on this child, or the sandbox's handler of unasked-for events. */
  listener: (e: ChildEvent) => void;

  constructor(command: readonly string[], cwd: string, env: Record<string, string>, capBytes: number, idle: (child: Child, e: ChildEvent) => void) {
    this.listener = (e) => idle(this, e);
    this.proc = spawn(command[0], command.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe", "pipe"], detached: true });
    live.add(this.proc);
    const channel = this.proc.stdio[3];
    if (!(channel instanceof Socket)) throw new KitError("E_SANDBOX", "sandbox: the child's channel (fd 3) is not a socket");
    this.channel = channel;
    this.reader = new FrameReader(
      capBytes,
      (payload) => {
        const decoded = decodeChildMessage(payload);
        if (!this.hello && "message" in decoded && decoded.message.type === "hello") {
          this.hello = true;
          return;
        }
        this.listener("message" in decoded ? { type: "message", message: decoded.message } : { type: "malformed", detail: decoded.malformed });
      },
      (detail) => this.listener({ type: "malformed", detail }),
    );
    channel.on("data", (chunk: Buffer) => this.reader.push(chunk));
    // A write to a child that has just died fails here; its "close" reports the death.
    for (const stream of [channel, this.proc.stdout, this.proc.stderr]) stream?.on("error", () => this.kill());
    this.proc.on("error", () => this.kill());
    const onText = (d: Buffer) => {
      if (this.pipeText.length < PIPE_CAP) this.pipeText += d.toString("utf8").slice(0, PIPE_CAP - this.pipeText.length);
    };
    this.proc.stdout?.on("data", onText);
    this.proc.stderr?.on("data", onText);
    this.proc.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      live.delete(this.proc);
      rmSync(cwd, { recursive: true, force: true });
      this.listener({ type: "closed", code, signal });
    });
  }

  send(request: Request): void {
    this.channel.write(encodeFrame(request));
  }

  /** What the child printed past its own capture since the last call. */
  takePipeText(): string {
    const text = this.pipeText;
    this.pipeText = "";
    return text;
  }

  residentBytes(): number | undefined {
    return this.proc.pid === undefined ? undefined : treeResidentBytes(this.proc.pid);
  }

  /** Kills the child's process group and stops listening to it. */
  kill(): void {
    this.reader.stop();
    killGroup(this.proc);
  }
}

export class Sandbox {
  /** One line for report headers, saying how the child is isolated and, when weakly, why. */
  readonly isolation: string;
  private readonly iso: Isolation;
  private child?: Child;
  private opened = false;
  /** Set when the submission cannot load by its own doing: every later case fails the same way, at once. */
  private loadFailure?: RunOutcome;
  /** The child between its start and its first answered ping: a late error from it is its module's. */
  private starting?: Child;
  private lateErrors: LateError[] = [];

  constructor(private readonly opts: SandboxOptions) {
    this.iso = opts.isolation ?? isolation();
    this.isolation = this.iso.description;
  }

  /**
   * Runs one case in the child; never throws for anything the submission does. A child
   * started for it gets the sandbox's own limit to load; a job with a time budget passes
   * `budgetMs`, what is left of the budget, which then bounds loading and running together.
   */
  async run(req: Omit<RunRequest, "type">, timeoutMs: number, budgetMs?: number): Promise<RunOutcome> {
    const until = budgetMs === undefined ? Infinity : Date.now() + budgetMs;
    let retried = false;
    for (;;) {
      if (this.loadFailure) return this.loadFailure;
      const child = this.child ?? (await this.start(Math.min(this.opts.startupTimeoutMs, until - Date.now())));
      if (!(child instanceof Child)) return child;
      const reply = await this.exchange(child, { type: "run", ...req }, Math.max(1, Math.min(timeoutMs, until - Date.now())), ["result", "error"]);
      switch (reply.kind) {
        case "reply": {
          const m = reply.message;
          const output = joinOutput(m.output, reply.stray);
          return m.type === "result" ? { kind: "outputs", outputs: m.outputs, output } : { kind: "threw", error: m.error, output };
        }
        case "late":
          // Twice in one run means a fresh child failed before this case could run: the module's own doing.
          if (retried) return this.remember(lateLoadFailure(reply.late));
          this.lateErrors.push(reply.late);
          retried = true;
          break;
        default:
          return reply;
      }
    }
  }

  /** The late errors recorded since the last call, oldest first. */
  takeLateErrors(): LateError[] {
    const taken = this.lateErrors;
    this.lateErrors = [];
    return taken;
  }

  close(): void {
    if (this.child) this.drop(this.child);
  }

  /** Kills `child`; the next case starts a fresh one. */
  private drop(child: Child): void {
    child.kill();
    if (this.child === child) this.child = undefined;
  }

  private remember(outcome: RunOutcome): RunOutcome {
    this.loadFailure = outcome;
    return outcome;
  }

  /** Starts a child and waits until it has loaded and answers a ping; returns the failure when it does not. */
  private async start(startupTimeoutMs: number): Promise<Child | RunOutcome> {
    const child = this.spawnChild();
    this.child = child;
    this.starting = child;
    try {
      return await this.load(child, startupTimeoutMs);
    } finally {
      this.starting = undefined;
    }
  }

  /** start's waiting: for "ready" (or the load's failure), then for the answer to a ping. */
  private async load(child: Child, startupTimeoutMs: number): Promise<Child | RunOutcome> {
    const loaded = await this.exchange(child, undefined, startupTimeoutMs, ["ready", "load-error"]);
    if (loaded.kind === "late") return this.remember(lateLoadFailure(loaded.late));
    if (loaded.kind !== "reply") return this.failedLoading(child, loaded, startupTimeoutMs);
    if (loaded.message.type === "load-error") {
      this.drop(child);
      const m = loaded.message;
      return this.remember({ kind: "load-failed", detail: LOAD_THREW, error: m.error, output: joinOutput(m.output, loaded.stray) });
    }
    // "ready" came; a child that then cannot answer a ping is kept busy by something its code started.
    const pong = await this.exchange(child, { type: "ping" }, PING_TIMEOUT_MS, ["pong"]);
    if (pong.kind === "reply") return child;
    if (pong.kind === "late") return this.remember(lateLoadFailure(pong.late));
    // A late error that came in the same read as "ready" was taken by `unasked`, which remembered it.
    if (this.loadFailure) return this.loadFailure;
    if (pong.kind === "timeout") {
      // Its own loaded code keeps it busy (nothing outside its namespace can stall it): that will not change.
      this.drop(child);
      return this.remember({
        kind: "load-failed",
        detail: `after loading, your code keeps the process busy (a setInterval or timer running a long loop?): it did not answer within ${PING_TIMEOUT_MS / 1000} s`,
        output: pong.output,
      });
    }
    return this.failedLoading(child, pong, startupTimeoutMs);
  }

  /** A failure while loading, remembered only when it was the module's own doing (it exited once it had started). */
  private failedLoading(child: Child, failure: Failure, startupTimeoutMs: number): RunOutcome {
    switch (failure.kind) {
      case "timeout":
        return { kind: "load-failed", detail: `loading your code took more than ${startupTimeoutMs / 1000} s (an infinite loop at module level?)`, output: failure.output };
      case "memory":
        return { kind: "load-failed", detail: "loading your code used more memory than the limit", output: failure.output };
      case "malformed":
        return { ...failure, detail: `while loading: ${failure.detail}` };
      case "exited":
        if (failure.signal !== null) return { kind: "load-failed", detail: `the process running your code was ended (${failure.signal}) while loading it`, output: failure.output };
        if (!child.hello) return { kind: "load-failed", detail: `the grader could not start the process for your code (it exited with code ${failure.code} before loading it)`, output: failure.output };
        return this.remember({ kind: "load-failed", detail: `the process running your code exited with code ${failure.code} while loading it (process.exit at module level?)`, output: failure.output });
    }
  }

  /**
   * A child that runs as nobody must read its bundle and enter its folder: the bundle
   * becomes 0644, its folder and the work folder 0755 (still the grader's, so nobody
   * cannot write there), and temporary folders above them searchable by others.
   */
  private openToNobody(workDir: string): void {
    const { bundle } = this.opts;
    chmodSync(bundle, 0o644);
    for (const dir of [dirname(bundle), workDir]) {
      chmodSync(dir, 0o755);
      searchableUpTo(dirname(dir), realpathSync(tmpdir()));
    }
  }

  private spawnChild(): Child {
    const { bundle, addonDir } = this.opts;
    const workDir = this.opts.workDir ?? dirname(bundle);
    if (this.iso.uid && !this.opened) {
      this.openToNobody(workDir);
      this.opened = true;
    }
    const cwd = mkdtempSync(join(workDir, "child-"));
    chmodSync(cwd, 0o755);
    if (this.iso.uid) {
      for (const path of [bundle, cwd, ...(addonDir ? [addonDir] : [])]) {
        const closed = closedToOthers(path);
        if (closed !== undefined) {
          rmSync(cwd, { recursive: true, force: true });
          throw new KitError("E_SANDBOX", `sandbox: the child runs as nobody, which cannot reach ${path}: ${closed} is not open to other users`);
        }
      }
    }
    const node = [
      process.execPath,
      permissionFlag(),
      `--allow-fs-read=${bundle}`,
      ...(addonDir ? ["--allow-addons", `--allow-fs-read=${addonDir}`] : []),
      "--enable-source-maps",
      "--no-warnings",
      // node:trace_events writes files without asking the permission model.
      "--trace-event-file-pattern=/dev/null",
      `--max-old-space-size=${Math.max(64, Math.floor(this.opts.memoryLimitBytes / 2 ** 20))}`,
      bundle,
    ];
    return new Child([...this.iso.prefix, ...node], cwd, childEnv(addonDir), this.opts.messageCapBytes ?? DEFAULT_MESSAGE_CAP_BYTES, (child, e) => this.unasked(child, e));
  }

  /** An event no exchange waits for: a late error is recorded; after anything else the child is not trusted further. */
  private unasked(child: Child, e: ChildEvent): void {
    if (e.type === "message" && e.message.type === "late-error") {
      const { caseId, kind, error } = e.message;
      if (this.starting === child) this.remember(lateLoadFailure({ caseId, kind, error }));
      else this.lateErrors.push({ caseId, kind, error });
    }
    this.drop(child);
  }

  /** Sends `request` (or nothing: waits for the first message) and resolves with one of `expects`, a late error or a failure. */
  private exchange<T extends ChildMessage["type"]>(child: Child, request: Request | undefined, timeoutMs: number, expects: readonly T[]): Promise<Reply<T>> {
    return new Promise<Reply<T>>((resolvePromise) => {
      const finish = (reply: Reply<T>) => {
        clearTimeout(timer);
        clearInterval(watch);
        child.listener = (e) => this.unasked(child, e);
        if (reply.kind !== "reply") this.drop(child);
        const stray = child.takePipeText();
        if (reply.kind === "reply") resolvePromise({ ...reply, stray });
        else if (reply.kind === "late") resolvePromise(reply);
        else resolvePromise({ ...reply, output: joinOutput(reply.output, stray) });
      };
      child.listener = (e) => {
        if (e.type === "closed") return finish({ kind: "exited", code: e.code, signal: e.signal, output: "" });
        if (e.type === "malformed") return finish({ kind: "malformed", detail: e.detail, output: "" });
        const m = e.message;
        if (m.type === "late-error") return finish({ kind: "late", late: { caseId: m.caseId, kind: m.kind, error: m.error } });
        if (isOneOf(m, expects)) return finish({ kind: "reply", message: m, stray: "" });
        return finish({ kind: "malformed", detail: `it sent "${m.type}" where the grader waited for ${expects.join(" or ")}`, output: "" });
      };
      const timer = setTimeout(() => finish({ kind: "timeout", ms: timeoutMs, output: "" }), timeoutMs);
      const watch = setInterval(() => {
        const rss = child.residentBytes();
        if (rss !== undefined && rss > this.opts.memoryLimitBytes) finish({ kind: "memory", limitBytes: this.opts.memoryLimitBytes, output: "" });
      }, MEMORY_WATCH_MS);
      if (request) child.send(request);
    });
  }
}

/** A late error from a child that had not run a case yet: something the module started while loading threw. */
function lateLoadFailure(late: LateError): RunOutcome {
  const detail =
    late.kind === "rejection"
      ? "your code left a promise rejection that nothing handled, outside any test (started while it was being loaded)"
      : "your code threw outside any test, from a timer or callback it started while it was being loaded";
  return { kind: "load-failed", detail, error: late.error, output: "" };
}

/** Lets others search each folder from `dir` up to, not including, `top`; only folders inside `top` are touched. */
function searchableUpTo(dir: string, top: string): void {
  for (let d = realpathSync(dir); d.startsWith(`${top}${sep}`); d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, (mode & 0o7777) | 0o001);
  }
}

function joinOutput(a: string, b: string): string {
  return a && b ? `${a}\n${b}` : a || b;
}
