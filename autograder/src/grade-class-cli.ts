/**
 * `npm run grade:class -- hwN DIR --out grades.csv [--jobs N] [--fixtures DIR]`: grades every
 * handin in DIR (see class-grading.ts) with hidden cases, writes one CSV row per student
 * and a feedback file per student beside the CSV (`feedback/<student>.txt`), with a
 * progress bar on a terminal.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { stringify } from "csv-stringify/sync";
import { gradeClass, listHandins } from "./class-grading.js";
import { DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_TIMEOUT_MS } from "./grade.js";
import { BONUS_PROBLEM } from "./reports/autolab.js";
import { loadSuite } from "../suites/index.js";
import { runCli } from "./cli.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, jobs: { type: "string" }, fixtures: { type: "string" }, timeout: { type: "string" } },
  });
  if (positionals.length !== 2 || values.out === undefined) {
    console.error("usage: npm run grade:class -- hwN DIR --out grades.csv [--jobs N] [--fixtures DIR] [--timeout MS]");
    return 1;
  }
  const [hw, dir] = positionals;
  const out = resolve(values.out);
  const suite = await loadSuite(hw);
  const total = listHandins(dir).length;
  const bar = new SingleBar({ format: `${hw} {bar} {value}/{total} handins | {student}`, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0, { student: "" });
  const rows = await gradeClass({
    hw,
    dir,
    feedbackDir: join(dirname(out), "feedback"),
    fixturesDir: values.fixtures,
    jobs: Number(values.jobs ?? availableParallelism()),
    timeoutMs: Number(values.timeout ?? DEFAULT_TIMEOUT_MS),
    memoryLimitBytes: DEFAULT_MEMORY_LIMIT_BYTES,
    onRow: (r) => bar.increment({ student: r.student }),
  });
  bar.stop();
  const keys = [...suite.sections.map((s) => s.id), ...(suite.cases.some((c) => c.bonus) ? [BONUS_PROBLEM] : [])];
  const table = [
    ["student", "status", ...keys, "total", "max", "feedback"],
    ...rows.map((r) => [r.student, r.status, ...keys.map((k) => r.scores[k] ?? 0), r.total, r.max, relative(dirname(out), r.feedback)]),
  ];
  writeFileSync(out, stringify(table));
  const graded = rows.filter((r) => r.status === "graded").length;
  console.log(`grade:class: ${rows.length} handin(s), ${graded} graded, ${rows.length - graded} with problems; wrote ${out}`);
  return 0;
}

runCli("grade:class", main);
