/** `npm run package:gradescope -- hwN --out DIR`: writes DIR/autograder.zip for Gradescope (see gradescope.ts). */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { packageGradescope } from "./gradescope.js";
import { runCli } from "../cli.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
  if (positionals.length !== 1 || values.out === undefined) {
    console.error("usage: npm run package:gradescope -- hwN --out DIR");
    return 1;
  }
  const zip = await packageGradescope(positionals[0], resolve(values.out));
  console.log(`package:gradescope: wrote ${zip} (upload it as the assignment's autograder; the image needs Node 20+)`);
  return 0;
}

runCli("package:gradescope", main);
