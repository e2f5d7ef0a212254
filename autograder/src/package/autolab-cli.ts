/**
 * `npm run package:autolab -- hwN --out DIR [--timeout S] [--image NAME]`: writes an Autolab
 * lab for hwN (see autolab.ts). `--timeout` is the lab's autograde_timeout (Autolab takes
 * 10 to 900 s; grading itself stops a margin before it), `--image` the Docker image Tango
 * runs the job in, which needs Node ≥ 20 (the Dockerfile written beside the lab builds one).
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { DEFAULT_AUTOLAB_SETTINGS } from "./autolab-yml.js";
import { packageAutolab } from "./autolab.js";
import { runCli } from "../cli.js";

const USAGE = "usage: npm run package:autolab -- hwN --out DIR [--timeout SECONDS] [--image NAME]";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, timeout: { type: "string" }, image: { type: "string" } },
  });
  if (positionals.length !== 1 || values.out === undefined) {
    console.error(USAGE);
    return 1;
  }
  const timeoutS = Number(values.timeout ?? DEFAULT_AUTOLAB_SETTINGS.timeoutS);
  if (!Number.isInteger(timeoutS)) throw new KitError("E_USAGE", `--timeout must be a whole number of seconds, got "${values.timeout}"`);
  const pkg = await packageAutolab(positionals[0], resolve(values.out), { timeoutS, image: values.image ?? DEFAULT_AUTOLAB_SETTINGS.image });
  const { autograde_image: image, autograde_timeout: timeout } = pkg.assessment.autograder;
  console.log(
    [
      "package:autolab: wrote",
      `  ${pkg.importable}   (Install Assessment > Import from tarball)`,
      `  ${pkg.yml}   ${pkg.tarball}   ${pkg.makefile}   (the same, loose)`,
      `  ${pkg.dockerfile}   (the image "${image}" must exist on the Tango host: see the README)`,
      `Handins are delivered as ${pkg.assessment.general.handin_filename}; jobs are killed after ${timeout} s.`,
    ].join("\n"),
  );
  return 0;
}

runCli("package:autolab", main);
