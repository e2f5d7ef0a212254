/**
 * `npm run package:autolab -- hwN --out DIR`: writes autograde.tar, autograde-Makefile and
 * hwN.yml for an Autolab lab (see autolab.ts).
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { packageAutolab } from "./autolab.js";
import { runCli } from "../cli.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
  if (positionals.length !== 1 || values.out === undefined) {
    console.error("usage: npm run package:autolab -- hwN --out DIR");
    return 1;
  }
  const written = await packageAutolab(positionals[0], resolve(values.out));
  console.log(`package:autolab: wrote\n  ${written.tarball}\n  ${written.makefile}\n  ${written.problems}`);
  return 0;
}

runCli("package:autolab", main);
