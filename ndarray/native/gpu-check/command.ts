/**
 * A gpu:check step that runs one command. Its output goes to the terminal as it comes (a
 * benchmark's figures are the point of running it) and its last line becomes the step's
 * detail. The command runs in a process group of its own so that, past its time limit, npm,
 * tsx and the node they start are all killed, not only the first of them.
 */
import { spawn } from "node:child_process";
import { SKIPPED_EXIT, type StepOutcome } from "./steps.js";

export interface Command {
  readonly argv: readonly [string, ...string[]];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** The last non-blank line of `text`, cut to fit a table row. */
function lastLine(text: string): string {
  const line = text.split("\n").map((l) => l.trim()).filter((l) => l !== "").at(-1) ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/**
 * Runs `command` for at most `limitS` seconds: exit 0 passes, SKIPPED_EXIT skips (the command
 * found that it cannot run here and said why on its last line), anything else fails.
 */
export function runCommand(command: Command, limitS: number, echo: (chunk: string) => void = (c) => process.stdout.write(c)): Promise<StepOutcome> {
  const [file, ...args] = command.argv;
  return new Promise((resolvePromise) => {
    let tail = "";
    const child = spawn(file, args, { cwd: command.cwd, env: { ...process.env, ...command.env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const take = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      echo(text);
      tail = (tail + text).slice(-4096);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, limitS * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolvePromise({ status: "fail", detail: `${file} could not start: ${e.message}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = lastLine(tail);
      if (timedOut) resolvePromise({ status: "fail", detail: `timed out after ${limitS} s${last ? `; last output: ${last}` : ""}` });
      else if (code === 0) resolvePromise({ status: "pass", detail: last });
      else if (code === SKIPPED_EXIT) resolvePromise({ status: "skip", detail: last });
      else resolvePromise({ status: "fail", detail: `exit ${code ?? signal}${last ? `: ${last}` : ""}` });
    });
  });
}
