/**
 * `npm run grade:class -- hwN DIR --out grades.csv [--jobs N] [--fixtures DIR] [--timeout MS]
 * [--memory MIB] [--only ID]`: grades every handin in DIR (see class-grading.ts) with hidden
 * cases, each student in a grading process of their own, writes one CSV row per student
 * (safe to open in a spreadsheet) and a feedback file per student beside the CSV
 * (`feedback/<student>.txt`), with a progress bar on a terminal. The CSV has every student,
 * even those whose grading process crashed; they are named on stderr. Beside it go the
 * class dashboard, report.html, and the per-test outcomes it shows (dashboard/write.ts).
 * Without `--only`, a homework with a challenge adds its `challenge` column and the
 * class leaderboard, leaderboard.csv (challenge/leaderboard-class.ts), which the dashboard
 * shows too.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { KitError } from "#ndarray";
import { CHALLENGE_PROBLEM } from "./challenge/config.js";
import { LEADERBOARD_NAME, writeLeaderboard } from "./challenge/leaderboard-class.js";
import { classChallenge, gradeClass, listHandins } from "./class-grading.js";
import { DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_TIMEOUT_MS } from "./grade.js";
import { autolabProblemNames } from "./reports/autolab.js";
import { classCsv } from "./reports/csv.js";
import { REPORT_NAME, writeDashboard } from "./dashboard/write.js";
import { selectOnly } from "./target.js";
import { loadSuite } from "../suites/index.js";
import { positiveNumber, runCli } from "./cli.js";

const USAGE = "usage: npm run grade:class -- hwN DIR --out grades.csv [--jobs N] [--fixtures DIR] [--timeout MS] [--memory MIB] [--only ID]";

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string" },
      jobs: { type: "string" },
      fixtures: { type: "string" },
      timeout: { type: "string" },
      memory: { type: "string" },
      only: { type: "string" },
    },
  });
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (e) {
    // parseArgs rejects unknown or malformed options with a TypeError; say which, then how to call.
    console.error(`grade:class: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = args;
  if (positionals.length !== 2 || values.out === undefined) {
    console.error(USAGE);
    return 1;
  }
  const [hw, dir] = positionals;
  const out = resolve(values.out);
  for (const taken of [REPORT_NAME, LEADERBOARD_NAME]) {
    if (basename(out) === taken) throw new KitError("E_USAGE", `--out ${values.out}: ${taken} is a name grade:class writes beside the CSV; name the CSV otherwise`);
  }
  const suite = await loadSuite(hw);
  const jobs = Math.max(1, Math.floor(positiveNumber("jobs", values.jobs, availableParallelism())));
  const timeoutMs = positiveNumber("timeout", values.timeout, DEFAULT_TIMEOUT_MS);
  const memoryLimitBytes = positiveNumber("memory", values.memory, DEFAULT_MEMORY_LIMIT_BYTES / 2 ** 20) * 2 ** 20;
  const bar = new SingleBar({ format: `${hw} {bar} {value}/{total} handins | {student}`, hideCursor: true }, Presets.shades_classic);
  bar.start(listHandins(dir).length, 0, { student: "" });
  const rows = await gradeClass({
    hw,
    dir,
    feedbackDir: join(dirname(out), "feedback"),
    fixturesDir: values.fixtures,
    only: values.only,
    jobs,
    timeoutMs,
    memoryLimitBytes,
    onRow: (r) => bar.increment({ student: r.student }),
  });
  bar.stop();
  // The CSV's score columns are Autolab's problems: no always-empty column for a bonus-only section.
  const challenge = classChallenge(hw, values.only);
  const keys = autolabProblemNames(suite).filter((k) => challenge !== undefined || k !== CHALLENGE_PROBLEM);
  writeFileSync(out, classCsv(rows, keys, dirname(out)));
  const dashboard = writeDashboard(out, { hw, sections: suite.sections, tests: selectOnly(suite, values.only === undefined ? undefined : [values.only]), rows, challenge });
  const leaderboard = challenge === undefined ? "" : writeLeaderboard(dirname(out), rows, challenge);
  const graded = rows.filter((r) => r.status === "graded").length;
  const crashed = rows.filter((r) => r.status.startsWith("grader-crashed")).map((r) => r.student);
  console.log(`grade:class: ${rows.length} handin(s), ${graded} graded, ${rows.length - graded} with problems; wrote ${out}, ${dashboard.testsCsv}${leaderboard === "" ? "" : `, ${leaderboard}`} and ${dashboard.report}`);
  if (crashed.length > 0) console.error(`grade:class: the grading process crashed for ${crashed.join(", ")}; see their feedback files`);
  return 0;
}

runCli("grade:class", main);
