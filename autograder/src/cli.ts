/**
 * How every command line of the kit ends. `main`'s number is the exit code. A KitError is a
 * problem with the input, the files or the machine: it becomes the one line
 * `<prefix>: <message>` and exit code 1. A KitError that wraps another error to say where it
 * happened (a fixture the reference failed to build) carries it as `cause`, and the cause's
 * stack follows the line: that error is the kit's own code failing, and its stack is where
 * to look. Anything else is a bug in the kit and keeps its stack trace.
 */
import { KitError } from "#ndarray";

export function runCli(
  prefix: string | (() => string),
  main: () => number | Promise<number>,
  describe: (e: KitError) => string = (e) => e.message,
): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        if (!(e instanceof KitError)) throw e;
        console.error(`${typeof prefix === "string" ? prefix : prefix()}: ${describe(e)}`);
        if (e.cause instanceof Error) console.error(e.cause.stack ?? `${e.cause.name}: ${e.cause.message}`);
        process.exitCode = 1;
      },
    );
}

/** The value of a `--flag` that must be a positive number (`fallback` when absent), or a one-line usage error. */
export function positiveNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!(n > 0)) throw new KitError("E_USAGE", `--${flag} must be a positive number, got "${text}"`);
  return n;
}
