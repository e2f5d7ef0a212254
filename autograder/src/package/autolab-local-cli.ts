/**
 * `npm run autolab:local -- hwN FILE [--package DIR] [--timeout S] [--quiet]`: runs the Autolab
 * job on one handin as Tango would (see autolab-job.ts), prints the feedback Autolab would
 * store, then how the job ended and whether its last line is a score line Autolab records
 * for the lab. Without `--package`, the package is built first, into a temporary folder.
 * Exit code 0 when the job ended with a valid score line, 1 otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { packageAutolab } from "./autolab.js";
import { runAutolabJob } from "./autolab-job.js";
import { runCli } from "../cli.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { package: { type: "string" }, timeout: { type: "string" }, quiet: { type: "boolean", default: false } },
  });
  if (positionals.length !== 2) {
    console.error("usage: npm run autolab:local -- hwN FILE [--package DIR] [--timeout SECONDS] [--quiet]");
    return 1;
  }
  const [hw, handin] = positionals;
  if (!existsSync(handin)) throw new KitError("E_HANDIN", `${handin}: no such file`);
  const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutS !== undefined && !(timeoutS > 0)) throw new KitError("E_USAGE", `--timeout must be a positive number of seconds, got "${values.timeout}"`);
  const built = values.package === undefined ? mkdtempSync(join(tmpdir(), "kit-autolab-pkg-")) : undefined;
  try {
    const pkg = resolve(values.package ?? built!);
    if (built) await packageAutolab(hw, pkg);
    const job = await runAutolabJob({ packageDir: pkg, hw, handin: resolve(handin), timeoutS });
    if (!values.quiet) process.stdout.write(`${job.feedback}\n`);
    const size = `${(job.bytes / 1024).toFixed(0)} KiB of output${job.truncated ? " (over the autodriver's cap: Autolab keeps its first and last halves)" : ""}`;
    console.log(`autolab:local: ran ${job.confinement}`);
    if (job.timedOut) console.log(`autolab:local: the job hit its ${job.seconds.toFixed(0)} s wall-clock limit and was killed; ${size}`);
    else console.log(`autolab:local: make exited ${job.signal ? `on ${job.signal}` : `with ${job.exitCode}`} after ${job.seconds.toFixed(1)} s; ${size}`);
    if (job.scores === undefined || job.scoreErrors.length > 0) {
      console.log(`autolab:local: Autolab would record no score: ${job.scoreErrors.join("; ")}`);
      return 1;
    }
    const total = Object.values(job.scores).reduce((a, b) => a + b, 0);
    console.log(`autolab:local: a valid score line for ${hw}.yml: ${JSON.stringify(job.scores)}, total ${total}`);
    return 0;
  } finally {
    if (built) rmSync(built, { recursive: true, force: true });
  }
}

runCli("autolab:local", main);
