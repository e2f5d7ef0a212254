/**
 * `npm run grade hwN [-- options]`: grades the student's hwN/ (or `--reference`, or
 * `--dir DIR`) and prints a table, the failures and the total.
 *
 *   --only ID        one test, or every test whose id starts with ID. (e.g. `linear`)
 *   --json           the report as JSON (score, max, tests[…]) instead of the table
 *   --autolab        the table, then Autolab's `{"scores": {...}}` as the last line
 *   --device NAME    cpu (default) or cuda
 *   --watch          re-grade whenever a file in the homework folder changes
 *   --hidden         also run hidden cases (instructors: fixtures built from reference/)
 *   --fixtures DIR   read fixtures from DIR instead of building or finding them
 *   --handin FILE    grade the hwN/ inside a handin.tar (unpacked safely to a temp folder)
 *   --gradescope F   also write Gradescope's results.json to F (a valid file even if grading fails)
 *   --timeout MS     per-case time limit (default 10000)
 *   --memory MIB     memory limit of the process running the code (default 2048)
 *   --budget S       the whole run ends within S seconds of starting, report and score line
 *                    included: limits shrink as the budget is spent, and tests that cannot
 *                    start in time score 0 as "not run" (Autolab's and Gradescope's job limits)
 *
 * Exit code 0 whenever grading ran, whatever the score; 1 when it could not (no such
 * homework, unavailable device, missing fixtures).
 */
import { watch, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import chalk from "chalk";
import { deviceByName, KitError } from "#ndarray";
import { DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_TIMEOUT_MS, grade, type GradeReport } from "./grade.js";
import { discardHandin, unpackHandin } from "./handin.js";
import { autolabLine, autolabZeroLine } from "./reports/autolab.js";
import { consoleReport } from "./reports/console.js";
import { gradescopeFailure, gradescopeResults } from "./reports/gradescope.js";
import { jsonReport } from "./reports/json.js";
import { homeworkDir, prepareTarget } from "./target.js";
import { homeworks, loadSuite } from "../suites/index.js";
import { positiveNumber, runCli } from "./cli.js";

const USAGE = `usage: npm run grade <hw> [-- --only ID] [--json | --autolab] [--device cpu|cuda] [--watch] [--reference]
homeworks: ${homeworks().join(", ")}`;

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      reference: { type: "boolean", default: false },
      dir: { type: "string" },
      handin: { type: "string" },
      gradescope: { type: "string" },
      only: { type: "string" },
      json: { type: "boolean", default: false },
      autolab: { type: "boolean", default: false },
      device: { type: "string", default: "cpu" },
      watch: { type: "boolean", default: false },
      hidden: { type: "boolean", default: false },
      fixtures: { type: "string" },
      timeout: { type: "string" },
      memory: { type: "string" },
      budget: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

/**
 * When grading must be over for a `--budget` of `seconds` from this process's start: the
 * budget less a reserve for writing the reports, stopping the child and leaving the
 * process (5 %, at least 3 s).
 */
function budgetDeadline(seconds: number): number {
  const reserveMs = Math.max(3000, seconds * 50);
  return performance.timeOrigin + seconds * 1000 - reserveMs;
}

async function gradeOnce(args: ReturnType<typeof parse>): Promise<GradeReport> {
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
      process.stdout.write(chalk.gray(`Grading ${values.handin ?? target.hwDir} (${target.cases.length} tests on ${device.name}) …\n`));
      for (const s of handin?.skipped ?? []) process.stdout.write(chalk.yellow(`Not unpacked from the handin: ${s}\n`));
    }
    return await grade({ ...target, device: device.name, timeoutMs, memoryLimitBytes, deadline });
  } finally {
    if (handin) discardHandin(handin);
  }
}

function print(report: GradeReport, args: ReturnType<typeof parse>): void {
  const { values } = args;
  if (values.json) {
    console.log(jsonReport(report));
    return;
  }
  const extra = [values.reference ? " --reference" : "", values.dir ? ` --dir ${values.dir}` : "", values.device !== "cpu" ? ` --device ${values.device}` : ""].join("");
  console.log(consoleReport(report, extra));
  if (values.autolab) console.log(autolabLine(report));
}

/** `{"scores": {...}}` with every problem at 0 (no problems when the homework has no suite). */
async function zeroScoreLine(hw: string): Promise<string> {
  return autolabZeroLine(homeworks().includes(hw) ? await loadSuite(hw) : undefined);
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (e) {
    // parseArgs rejects unknown or malformed options with a TypeError; say which, then how to call.
    console.error(`grade: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.values.help || args.positionals.length !== 1) {
    console.error(USAGE);
    return args.values.help ? 0 : 1;
  }
  if (!args.values.watch) {
    const results = args.values.gradescope;
    try {
      const report = await gradeOnce(args);
      if (results) writeFileSync(results, JSON.stringify(gradescopeResults(report), null, 2));
      print(report, args);
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
    return 0;
  }
  // The folder to watch; each re-grade prepares its own target (suite, fixtures) afresh.
  const hwDir = homeworkDir({ hw: args.positionals[0], reference: args.values.reference, dir: args.values.dir });
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const again = () => {
    running = running.then(async () => {
      console.clear();
      try {
        print(await gradeOnce(args), args);
      } catch (e) {
        if (!(e instanceof KitError)) throw e;
        console.error(chalk.red(`grade: ${e.message}`));
      }
      console.log(chalk.gray(`Watching ${hwDir} for changes (Ctrl-C to stop) …`));
    });
  };
  again();
  watch(hwDir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(again, 200);
  });
  return new Promise<number>(() => undefined);
}

runCli("grade", main);
