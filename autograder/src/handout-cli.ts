/**
 * `npm run handout -- hwN --out DIR`: writes a student handout for hwN into DIR (see
 * package/tree.ts for what it holds and leaves out). Students run `npm install`, then
 * `npm run grade hwN` and `npm run submit hwN` in it.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeTree } from "./package/tree.js";
import { runCli } from "./cli.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
  if (positionals.length !== 1 || values.out === undefined) {
    console.error("usage: npm run handout -- hwN --out DIR");
    return 1;
  }
  const out = resolve(values.out);
  await writeTree(positionals[0], out, "handout");
  console.log(`handout: wrote ${positionals[0]}'s handout to ${out} (students: npm install, then npm run grade ${positionals[0]})`);
  return 0;
}

runCli("handout", main);
