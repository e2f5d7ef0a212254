/**
 * `npm run similarity -- hwN DIR [--out FOLDER] [--top N] [--threshold X]`: compares every
 * pair of handins in DIR (the `*.tar` files and folders grade:class reads), on this
 * machine, and writes similarity.html (the first N pairs, default 50, with their shared
 * code side by side) and similarity.csv (every pair) into FOLDER (default
 * build/similarity-hwN). Pairs scoring at least X (default 0.1) are flagged.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { runCli } from "../cli.js";
import { homeworks } from "../../suites/index.js";
import { UnknownHomeworkError } from "../errors.js";
import { classSimilarity, DEFAULT_THRESHOLD } from "./class-similarity.js";
import { similarityCsv } from "./csv.js";
import { similarityHtml } from "./page.js";

const USAGE = "usage: npm run similarity -- hwN DIR [--out FOLDER] [--top N] [--threshold X]";
const DEFAULT_TOP = 50;

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, top: { type: "string" }, threshold: { type: "string" } },
  });
}

function number(flag: string, text: string | undefined, fallback: number, ok: (n: number) => boolean, what: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === "" || !ok(n)) throw new KitError("E_USAGE", `--${flag} must be ${what}, got "${text}"`);
  return n;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (e) {
    console.error(`similarity: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = args;
  if (positionals.length !== 2) {
    console.error(USAGE);
    return 1;
  }
  const [hw, dir] = positionals;
  const top = number("top", values.top, DEFAULT_TOP, (n) => Number.isInteger(n) && n > 0, "a positive whole number");
  const threshold = number("threshold", values.threshold, DEFAULT_THRESHOLD, (n) => n >= 0 && n <= 1, "a number from 0 to 1");
  if (!homeworks().includes(hw)) throw new UnknownHomeworkError(hw, homeworks());
  const out = resolve(values.out ?? join("build", `similarity-${hw}`));
  const started = performance.now();
  const { subs, pairs, unread } = await classSimilarity(hw, dir);
  mkdirSync(out, { recursive: true });
  const html = join(out, "similarity.html");
  const csv = join(out, "similarity.csv");
  writeFileSync(html, similarityHtml({ hw, subs, pairs, unread, threshold, top }));
  writeFileSync(csv, similarityCsv(subs, pairs, threshold));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const flagged = pairs.filter((p) => p.score >= threshold).length;
  console.log(`similarity: ${subs.length} submissions, ${pairs.length} pairs, ${flagged} at or above ${threshold}, in ${seconds} s; wrote ${html} and ${csv}`);
  for (const u of unread) console.error(`similarity: not compared: ${u.student}: ${u.reason}`);
  return 0;
}

runCli("similarity", main);
