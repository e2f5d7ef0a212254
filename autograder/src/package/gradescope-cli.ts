/**
 * `npm run package:gradescope -- hwN --out DIR [--timeout S]`: writes DIR/autograder.zip for
 * Gradescope (see gradescope.ts). `--timeout` is the assignment's autograder timeout
 * (Gradescope's default is 600 s); grading itself stops a margin before it.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { GRADESCOPE_DEFAULT_TIMEOUT_S, packageGradescope } from "./gradescope.js";
import { runCli } from "../cli.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" }, timeout: { type: "string" } } });
  if (positionals.length !== 1 || values.out === undefined) {
    console.error("usage: npm run package:gradescope -- hwN --out DIR [--timeout SECONDS]");
    return 1;
  }
  const timeoutS = Number(values.timeout ?? GRADESCOPE_DEFAULT_TIMEOUT_S);
  if (!Number.isInteger(timeoutS)) throw new KitError("E_USAGE", `--timeout must be a whole number of seconds, got "${values.timeout}"`);
  const zip = await packageGradescope(positionals[0], resolve(values.out), timeoutS);
  console.log(`package:gradescope: wrote ${zip}: upload it as the assignment's autograder (base image Ubuntu 22.04), with its timeout at ${timeoutS} s`);
  return 0;
}

runCli("package:gradescope", main);
