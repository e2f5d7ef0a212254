/**
 * Every homework's figures, found from this folder's files (`hwN.ts`, exporting `figures`),
 * so a new homework's figures edit no list here. `syncFigures` is what `npm run handouts`
 * and `handouts:check` do with them: handouts/figures/<hw>/ holds exactly one SVG per
 * figure, each the figure's current drawing, and the write-up names no other.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KitError } from "#ndarray";
import type { HandoutFigure } from "./figure.js";

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The figures of `hw`'s handout (none when it has no figure file). */
export async function handoutFigures(hw: string): Promise<HandoutFigure[]> {
  const url = new URL(`./${hw}.ts`, import.meta.url);
  if (!/^hw\d+$/.test(hw) || !existsSync(url)) return [];
  const mod = (await import(url.href)) as { figures: HandoutFigure[] };
  const seen = new Set<string>();
  for (const f of mod.figures) {
    if (!NAME.test(f.name)) throw new KitError("E_FIGURE", `autograder/src/handout-figures/${hw}.ts: figure name "${f.name}" must be lower-case words joined by "-"`);
    if (seen.has(f.name)) throw new KitError("E_FIGURE", `autograder/src/handout-figures/${hw}.ts: figure "${f.name}" is listed twice`);
    seen.add(f.name);
  }
  return mod.figures;
}

/** Each figure's drawing, by file name (`name.svg`). A figure that fails to draw names itself. */
export async function drawFigures(hw: string, figures: readonly HandoutFigure[]): Promise<Map<string, string>> {
  const drawn = new Map<string, string>();
  for (const f of figures) {
    try {
      drawn.set(`${f.name}.svg`, await f.svg());
    } catch (e) {
      throw new KitError("E_FIGURE", `autograder/src/handout-figures/${hw}.ts: figure ${f.name} failed to draw: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return drawn;
}

/**
 * Brings `dir` (handouts/figures/<hw>, shown as `shown`) in line with `drawn`: writes the
 * missing and stale SVGs and removes those no figure draws, or with `check` changes nothing.
 * Returns one line per file that differed.
 */
export function syncFigures(dir: string, shown: string, drawn: ReadonlyMap<string, string>, check: boolean): string[] {
  const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".svg")) : [];
  const problems: string[] = [];
  for (const [file, svg] of drawn) {
    const path = join(dir, file);
    const old = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (old === svg) continue;
    problems.push(`${shown}/${file} ${old === undefined ? "is missing" : "differs from its drawing"}`);
    if (!check) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, svg);
    }
  }
  for (const file of present.filter((f) => !drawn.has(f))) {
    problems.push(`${shown}/${file} is drawn by no figure`);
    if (!check) rmSync(join(dir, file));
  }
  return problems;
}

/** The figure files `markdown` (the text of `file`) points at under figures/ that `hw` does not draw, as `file:line: …`. */
export function missingFigureLinks(markdown: string, file: string, hw: string, drawn: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  markdown.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(/\]\((figures\/[^)\s]+)/g)) {
      const target = m[1];
      const ok = target.startsWith(`figures/${hw}/`) && drawn.has(target.slice(`figures/${hw}/`.length));
      if (!ok) problems.push(`${file}:${i + 1}: ${target} is no figure of ${hw} (autograder/src/handout-figures/${hw}.ts draws ${[...drawn.keys()].join(", ") || "none"})`);
    }
  });
  return problems;
}
