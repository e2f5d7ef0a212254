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

/**
 * The one line for options npm kept for itself, or undefined. `npm run grade hw1 --json`
 * (no `--`) never passes `--json` to the script: npm reads it as its own setting and
 * exports `npm_config_json=true`, and the value of a string option (`--device cuda`)
 * arrives as a stray argument. Only looked for when npm started this very script
 * (`npm_lifecycle_event`), so settings inherited from an outer `npm test` do not count.
 * npm 7 and later drop `--only linear` without a trace (their own `only` takes only `prod`;
 * npm warns "invalid config"), which no script can see: the README warns of that one.
 */
export function optionsNpmTook(
  script: string,
  options: Readonly<Record<string, { type: "string" | "boolean" }>>,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (env.npm_lifecycle_event !== script) return undefined;
  const took = Object.keys(options).filter((name) => name !== "help" && env[`npm_config_${name.replace(/-/g, "_")}`] !== undefined);
  if (took.length === 0) return undefined;
  const named = took.map((name) => `--${name}`).join(", ");
  const rewritten = took.map((name) => (options[name].type === "string" ? `--${name} …` : `--${name}`)).join(" ");
  return `npm read ${named} as its own (${took.length === 1 ? "it comes" : "they come"} before "--"), so the grader never saw ${took.length === 1 ? "it" : "them"}; write: npm run ${script} ${args[0] ?? "hwN"} -- ${rewritten}`;
}
