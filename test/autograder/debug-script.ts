/**
 * Run by debug.test.ts under `node --inspect-brk --import tsx`: grades the tests named on the
 * command line (`linear.forward`) of reference/hw1 in this very process, and prints the score.
 */
import { gradeInProcess } from "../../autograder/src/debug.js";
import { prepareTarget } from "../../autograder/src/target.js";

const target = await prepareTarget({ hw: "hw1", reference: true, only: process.argv.slice(2) });
const report = await gradeInProcess({ ...target, device: "cpu", timeoutMs: 10_000, memoryLimitBytes: 2 ** 31 });
console.log(JSON.stringify({ score: report.score, max: report.max, isolation: report.isolation, status: report.tests.map((t) => t.status) }));
