/**
 * `npm run autolab:local -- hwN handin.tar [--package DIR] [--timeout S]`: runs the Autolab
 * job on one handin exactly as Autolab would (see runAutolabJob) and prints the score line
 * it produced. Without `--package`, the package is built first, into a temporary folder.
 * Exit code 0 when the job ended with a valid score line, 1 otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { AUTOLAB_OUTPUT_CAP, packageAutolab, runAutolabJob } from "./autolab.js";
import { runCli } from "../cli.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { package: { type: "string" }, timeout: { type: "string", default: "600" }, quiet: { type: "boolean", default: false } },
  });
  if (positionals.length !== 2) {
    console.error("usage: npm run autolab:local -- hwN handin.tar [--package DIR] [--timeout SECONDS]");
    return 1;
  }
  const [hw, handin] = positionals;
  if (!existsSync(handin)) throw new KitError("E_HANDIN", `${handin}: no such file`);
  const built = values.package === undefined ? mkdtempSync(join(tmpdir(), "kit-autolab-pkg-")) : undefined;
  try {
    const pkg = resolve(values.package ?? built!);
    if (built) await packageAutolab(hw, pkg);
    const result = await runAutolabJob({
      tarball: join(pkg, "autograde.tar"),
      makefile: join(pkg, "autograde-Makefile"),
      handin: resolve(handin),
      timeoutS: Number(values.timeout),
    });
    if (!values.quiet) process.stdout.write(result.output);
    const size = `${(result.bytes / 1024).toFixed(0)} KiB of output${result.bytes > AUTOLAB_OUTPUT_CAP ? " (OVER Autolab's 1000 KiB cap)" : ""}`;
    if (result.timedOut) console.log(`autolab:local: the job hit the ${values.timeout} s wall-clock limit and was killed; ${size}`);
    else if (result.scores === undefined) console.log(`autolab:local: the job's last line is not a score line (make exited ${result.exitCode}); ${size}`);
    else console.log(`autolab:local: scores ${JSON.stringify(result.scores)}, total ${Object.values(result.scores).reduce((a, b) => a + b, 0)}, in ${result.seconds.toFixed(1)} s; ${size}`);
    return result.scores === undefined || result.bytes > AUTOLAB_OUTPUT_CAP ? 1 : 0;
  } finally {
    if (built) rmSync(built, { recursive: true, force: true });
  }
}

runCli("autolab:local", main);
