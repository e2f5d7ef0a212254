/**
 * `npm run grade hwN [-- options]`: grades the student's hwN/ (or `--reference`, or
 * `--dir DIR`) and prints a table, the failures and the total, fitted to 100 columns.
 * Options go after `--`: before it, npm reads them as its own settings; the grader then
 * stops with a line saying how to write the command (cli.ts, optionsNpmTook).
 *
 *   --only NAME      a section id (`linear`) or number (`2`), a test id (`linear.forward`) or
 *                    rubric number (`2.2`), or every test under an id prefix; several as
 *                    `--only linear,loss` or `--only linear --only 3`
 *   --json           only the report as JSON (score, max, tests[…]) on stdout, no table
 *   --json-out FILE  also write the JSON report to FILE, and print the table as usual
 *   --show-output    also show what passing tests printed (failures always show it)
 *   --autolab        the table, then Autolab's `{"scores": {...}}` as the last line
 *   --device NAME    cpu (default) or cuda
 *   --watch          re-grade whenever a .ts file under the homework folder changes
 *   --hidden         also run hidden cases (instructors: fixtures built from reference/)
 *   --fixtures DIR   read fixtures from DIR instead of building or finding them
 *   --handin FILE    grade the hwN/ inside a handin.tar (unpacked safely to a temp folder)
 *   --gradescope F   also write Gradescope's results.json to F (a valid file even if grading fails)
 *   --timeout MS     per-case time limit (default 10000)
 *   --memory MIB     memory limit of the process running the code (default 2048)
 *   --budget S       the whole run ends within S seconds of starting, report and score line
 *                    included: limits shrink as the budget is spent, and tests that cannot
 *                    start in time score 0 as "not run" (Autolab's and Gradescope's job limits)
 *   --debug          run the code in this process, not the sandbox, so a debugger stops at
 *                    breakpoints in hwN/ (local only: the Autolab and Gradescope packages
 *                    do not have it)
 *
 * Grading a folder of this kit also type-checks it alongside (typecheck.ts) and ends with
 * one warning line when it has type errors, the ones `npm run submit` refuses; a handin
 * and the --json, --autolab and --gradescope runs are not type-checked.
 * A homework with a challenge also grades Part 2, the folder's predictions.csv, unless
 * `--only` selects tests (challenge/score-handin.ts): against the labels file beside
 * `--fixtures` (the packages), or the labels this checkout derives, or, in a handout, not
 * at all, saying the course autograder does it.
 * Colour only when stdout is a terminal and NO_COLOR is unset (FORCE_COLOR forces it).
 * Exit code 0 whenever grading ran, whatever the score; 1 when it could not (no such
 * homework or test, unavailable device, missing fixtures, options npm took).
 */
import { existsSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import chalk from "chalk";
import { deviceByName, KitError } from "#ndarray";
import { gradeChallenge } from "./challenge/score-handin.js";
import { labelSource } from "./challenge/score-labels.js";
import { DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_TIMEOUT_MS, grade, type GradeOptions, type GradeReport } from "./grade.js";
import { discardHandin, unpackHandin } from "./handin.js";
import { autolabLine, autolabZeroLine } from "./reports/autolab.js";
import { consoleReport, terminalWidth, useColour, wrapText } from "./reports/console.js";
import { gradescopeFailure, gradescopeResults } from "./reports/gradescope.js";
import { jsonReport, writeJsonReport } from "./reports/json.js";
import { KIT_ROOT } from "./paths.js";
import { isInside } from "./stack-frames.js";
import { homeworkDir, prepareTarget } from "./target.js";
import { typeCheckHomework } from "./typecheck.js";
import { watchTypeScript } from "./watch.js";
import { homeworks, loadSuite } from "../suites/index.js";
import { optionsNpmTook, positiveNumber, runCli } from "./cli.js";

const USAGE = `usage: npm run grade <hw> -- [--only NAME[,NAME…]] [--json | --json-out FILE | --autolab] [--show-output] [--device cpu|cuda] [--watch] [--debug] [--reference]
homeworks: ${homeworks().join(", ")}`;

const OPTIONS = {
  reference: { type: "boolean", default: false },
  dir: { type: "string" },
  handin: { type: "string" },
  gradescope: { type: "string" },
  only: { type: "string", multiple: true },
  json: { type: "boolean", default: false },
  "json-out": { type: "string" },
  "show-output": { type: "boolean", default: false },
  autolab: { type: "boolean", default: false },
  device: { type: "string", default: "cpu" },
  watch: { type: "boolean", default: false },
  hidden: { type: "boolean", default: false },
  fixtures: { type: "string" },
  timeout: { type: "string" },
  memory: { type: "string" },
  budget: { type: "string" },
  debug: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} satisfies ParseArgsConfig["options"];

function parse() {
  return parseArgs({ allowPositionals: true, options: OPTIONS });
}

type Args = ReturnType<typeof parse>;

/**
 * When grading must be over for a `--budget` of `seconds` from this process's start: the
 * budget less a reserve for writing the reports, stopping the child and leaving the
 * process (5 %, at least 3 s).
 */
function budgetDeadline(seconds: number): number {
  const reserveMs = Math.max(3000, seconds * 50);
  return performance.timeOrigin + seconds * 1000 - reserveMs;
}

/**
 * debug.ts's in-process grading. It is loaded by a URL that the packaging's import scan
 * does not follow, so an Autolab or Gradescope tree never holds an unsandboxed mode; a
 * handout ships it on purpose (package/tree.ts).
 */
async function loadDebug(): Promise<(opts: GradeOptions) => Promise<GradeReport>> {
  const file = new URL("debug.ts", import.meta.url);
  if (!existsSync(file)) throw new KitError("E_USAGE", "--debug is for local use; this package does not have it");
  const { gradeInProcess } = (await import(file.href)) as { gradeInProcess: (opts: GradeOptions) => Promise<GradeReport> };
  return gradeInProcess;
}

/** --debug grades one folder once, in this process: no handin to unpack, no re-grade (modules load once), no budget to keep. */
function checkDebug(values: Args["values"]): void {
  const clash = (["handin", "watch", "budget", "autolab", "gradescope"] as const).filter((o) => values[o] !== undefined && values[o] !== false);
  if (clash.length > 0) throw new KitError("E_USAGE", `--debug cannot be combined with ${clash.map((o) => `--${o}`).join(", ")}: it runs your code once, in this process`);
}

/** The type check to run beside grading: a folder of this kit, on a run a person reads. */
function typeCheckWanted(values: Args["values"], hwDir: string): boolean {
  return values.handin === undefined && !values.json && !values.autolab && values.gradescope === undefined && isInside(resolve(hwDir), KIT_ROOT);
}

/** `type check: 2 errors (npm run submit will refuse): …`, the first few in full; nothing when clean. */
function typeCheckWarning(lines: readonly string[]): string {
  if (lines.length === 0) return "";
  const shown = 5;
  const more = lines.length > shown ? [`  … and ${lines.length - shown} more (npm run typecheck lists them all)`] : [];
  const head = `type check: ${lines.length} error${lines.length === 1 ? "" : "s"} (npm run submit will refuse): ${lines[0]}`;
  return [head, ...lines.slice(1, shown).map((l) => `  ${l}`), ...more].map((l) => wrapText(l, terminalWidth())).join("\n");
}

/** A run's report, and the type check's warning to print after its table ("" when clean or not checked). */
interface Graded {
  report: GradeReport;
  typeWarning: string;
}

/**
 * The report with Part 2 added (challenge/score-handin.ts), for a homework with a challenge
 * and a run of every test. A handin is being graded with `--handin`, and with `--gradescope`,
 * whose submission may arrive as a folder.
 */
async function withChallenge(report: GradeReport, args: Args, hwDir: string): Promise<GradeReport> {
  const { values, positionals } = args;
  if (values.only !== undefined && values.only.length > 0) return report;
  const handin = values.handin !== undefined || values.gradescope !== undefined;
  const challenge = await gradeChallenge(positionals[0], hwDir, { source: labelSource(positionals[0], values.fixtures), handin });
  return challenge === undefined ? report : { ...report, challenge };
}

async function gradeOnce(args: Args): Promise<Graded> {
  const { values, positionals } = args;
  const hw = positionals[0];
  const device = deviceByName(values.device);
  if (!device.enabled) throw new KitError("E_DEVICE_UNAVAILABLE", `--device ${device.name}: unavailable here: ${device.reason}`);
  const timeoutMs = positiveNumber("timeout", values.timeout, DEFAULT_TIMEOUT_MS);
  const memoryLimitBytes = positiveNumber("memory", values.memory, DEFAULT_MEMORY_LIMIT_BYTES / 2 ** 20) * 2 ** 20;
  const deadline = values.budget === undefined ? undefined : budgetDeadline(positiveNumber("budget", values.budget, 0));
  const handin = values.handin === undefined ? undefined : await unpackHandin(values.handin, hw);
  try {
    const target = await prepareTarget({
      hw,
      reference: values.reference,
      dir: handin?.hwDir ?? values.dir,
      fixturesDir: values.fixtures,
      only: values.only,
      hidden: values.hidden,
    });
    if (!values.json) {
      const width = terminalWidth();
      const tests = `${target.cases.length} test${target.cases.length === 1 ? "" : "s"}`;
      console.log(chalk.gray(wrapText(`Grading ${values.handin ?? target.hwDir} (${tests} on ${device.name}) …`, width)));
      for (const s of handin?.skipped ?? []) console.log(chalk.yellow(wrapText(`Not unpacked from the handin: ${s}`, width)));
    }
    const opts = { ...target, device: device.name, timeoutMs, memoryLimitBytes, deadline };
    const part2 = (report: GradeReport) => withChallenge(report, args, target.hwDir);
    if (values.debug) return { report: await part2(await (await loadDebug())(opts)), typeWarning: "" };
    const types = typeCheckWanted(values, target.hwDir) ? typeCheckHomework(target.hwDir) : Promise.resolve([]);
    const report = await part2(await grade(opts));
    return { report, typeWarning: await types.then(typeCheckWarning, (e: Error) => wrapText(e.message, terminalWidth())) };
  } finally {
    if (handin) discardHandin(handin);
  }
}

function print({ report, typeWarning }: Graded, args: Args): void {
  const { values } = args;
  if (values.json) {
    console.log(jsonReport(report));
    return;
  }
  const extra = [values.reference ? " --reference" : "", values.dir ? ` --dir ${values.dir}` : "", values.device !== "cpu" ? ` --device ${values.device}` : ""].join("");
  console.log(consoleReport(report, extra, { width: terminalWidth(), showOutput: values["show-output"] }));
  if (typeWarning) console.log(chalk.yellow(typeWarning));
  if (values.autolab) console.log(autolabLine(report));
}

function writeJsonOut(report: GradeReport, args: Args): void {
  const file = args.values["json-out"];
  if (file !== undefined) writeJsonReport(file, report);
}

/** `{"scores": {...}}` with every problem at 0 (no problems when the homework has no suite). */
async function zeroScoreLine(hw: string): Promise<string> {
  return autolabZeroLine(homeworks().includes(hw) ? await loadSuite(hw) : undefined);
}

async function gradeAndPrint(args: Args): Promise<number> {
  const results = args.values.gradescope;
  let report: GradeReport;
  try {
    const graded = await gradeOnce(args);
    report = graded.report;
    if (results) writeFileSync(results, JSON.stringify(gradescopeResults(report), null, 2));
    print(graded, args);
  } catch (e) {
    if (results) writeFileSync(results, JSON.stringify(gradescopeFailure((e as Error).message), null, 2));
    if (args.values.autolab) {
      // Autolab needs a score line even when there is nothing to grade: the reason, then zeros.
      console.log(`grade: ${(e as Error).message}`);
      console.log(await zeroScoreLine(args.positionals[0]));
      return 0;
    }
    throw e;
  }
  writeJsonOut(report, args);
  return 0;
}

/**
 * Grades, then again after every change to a .ts file of the homework; never returns.
 * Each re-grade clears a terminal and starts with the time and the files that changed;
 * "Watching" is printed once the watch is in place. With --json, stdout carries only the
 * reports, and these notes go to stderr.
 */
async function gradeOnChange(args: Args): Promise<number> {
  const hwDir = homeworkDir({ hw: args.positionals[0], reference: args.values.reference, dir: args.values.dir });
  const note = (line: string) => (args.values.json ? console.error : console.log)(chalk.gray(wrapText(line, terminalWidth())));
  const watching = () => note(`Watching ${hwDir} (every .ts file under it) for changes; Ctrl-C stops.`);
  const regrade = async (changed: readonly string[]) => {
    if (process.stdout.isTTY) console.clear();
    if (changed.length > 0) note(`${new Date().toTimeString().slice(0, 8)} changed: ${changed.map((f) => join(basename(hwDir), f)).join(", ")}`);
    try {
      const graded = await gradeOnce(args);
      print(graded, args);
      writeJsonOut(graded.report, args);
    } catch (e) {
      if (!(e instanceof KitError)) throw e;
      console.error(chalk.red(`grade: ${e.message}`));
    }
  };
  await regrade([]);
  await watchTypeScript(hwDir, {
    onChange: async (files) => {
      await regrade(files);
      watching();
    },
    onError: (e) => console.error(chalk.red(`grade: watching ${hwDir}: ${e.message}`)),
  });
  watching();
  return new Promise<number>(() => undefined);
}

async function main(): Promise<number> {
  useColour();
  let args: Args;
  try {
    args = parse();
  } catch (e) {
    // parseArgs rejects unknown or malformed options with a TypeError; say which, then how to call.
    console.error(`grade: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const took = optionsNpmTook("grade", OPTIONS, args.positionals);
  if (took !== undefined) throw new KitError("E_USAGE", took);
  if (args.values.help || args.positionals.length !== 1) {
    console.error(USAGE);
    return args.values.help ? 0 : 1;
  }
  if (args.values.debug) checkDebug(args.values);
  return args.values.watch ? gradeOnChange(args) : gradeAndPrint(args);
}

runCli("grade", main);
