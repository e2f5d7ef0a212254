/**
 * One handout brought in line with the code it describes: its rubric table (from the
 * suite), its worked examples (the reference run on the suite's inputs, example-generate.ts)
 * and its figures (handouts/figures/<hw>/*.svg, drawn by handout-figures/<hw>.ts), then
 * typeset as the HTML page a handout ships, written to build/handouts/ to look at. The kit
 * folder, the reference and the figures can be given, so a test can run it on a copy.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KitError } from "#ndarray";
import { KIT_ROOT } from "./paths.js";
import { withExamples } from "./example-generate.js";
import type { HandoutFigure } from "./handout-figures/figure.js";
import { renderHandoutHtml, type HandoutSource } from "./handout-html.js";
import { drawFigures, handoutFigures, missingFigureLinks, syncFigures } from "./handout-figures/index.js";
import { HandoutMathError } from "./handout-math.js";
import { withRubric } from "./rubric.js";
import { referenceEntry } from "./target.js";
import { loadSuite } from "../suites/index.js";

/** What differed: `stale` is regenerated (unless checking), `broken` needs a writer. */
export interface HandoutState {
  stale: string[];
  broken: string[];
}

export interface RefreshOptions {
  /** Change nothing, only report. */
  check: boolean;
  /** The folder holding handouts/ (default: the kit's). */
  root?: string;
  /** The homework module examples run on (default: reference/<hw>/index.ts). */
  reference?: unknown;
  /** The figures drawn (default: handout-figures/<hw>.ts's). */
  figures?: readonly HandoutFigure[];
}

async function loadReference(hw: string, shown: string): Promise<unknown> {
  const ref = referenceEntry(hw);
  if (ref === undefined) throw new KitError("E_NO_REFERENCE", `${shown}: this checkout has no reference/${hw}/ to write its worked examples from`);
  return import(ref);
}

export async function refreshHandout(hw: string, opts: RefreshOptions): Promise<HandoutState> {
  const root = opts.root ?? KIT_ROOT;
  const shown = `handouts/${hw}.md`;
  const file = join(root, shown);
  if (!existsSync(file)) return { stale: [], broken: [`${shown} is missing (${hw} has a suite)`] };
  const text = readFileSync(file, "utf8");
  const suite = await loadSuite(hw);
  const stale: string[] = [];
  const withTable = withRubric(text, suite, shown);
  if (withTable !== text) stale.push(`${shown}: its rubric differs from autograder/suites/${hw}`);
  const examples = withExamples(withTable, shown, hw, suite, opts.reference ?? (await loadReference(hw, shown)));
  stale.push(...examples.changed.map((e) => `${e} differs from what the reference gives`));
  const drawn = await drawFigures(hw, opts.figures ?? (await handoutFigures(hw)));
  stale.push(...syncFigures(join(root, "handouts/figures", hw), `handouts/figures/${hw}`, drawn, opts.check));
  if (!opts.check && examples.text !== text) writeFileSync(file, examples.text);
  const broken = missingFigureLinks(text, shown, hw, drawn);
  const html = broken.length === 0 ? pageOf(examples.text, { title: `${hw} write-up`, file: shown, dir: join(root, "handouts") }) : undefined;
  if (typeof html === "object") broken.push(html.error);
  else if (html !== undefined && !opts.check) writePreview(root, `${hw}.html`, html);
  return { stale, broken };
}

/** The NDArray guide (ndarray/NDARRAY.md), which every handout ships as a page too: its formulas typeset, the page written to build/handouts/. */
export function refreshGuide(opts: Pick<RefreshOptions, "check" | "root">): HandoutState {
  const root = opts.root ?? KIT_ROOT;
  const shown = "ndarray/NDARRAY.md";
  const html = pageOf(readFileSync(join(root, shown), "utf8"), { title: "NDArray guide", file: shown, dir: join(root, "ndarray") });
  if (typeof html === "object") return { stale: [], broken: [html.error] };
  if (html !== undefined && !opts.check) writePreview(root, "NDARRAY.html", html);
  return { stale: [], broken: [] };
}

function writePreview(root: string, name: string, html: string): void {
  mkdirSync(join(root, "build/handouts"), { recursive: true });
  writeFileSync(join(root, "build/handouts", name), html);
}

/**
 * The handout's HTML page, for a preview in build/handouts/ (the handout tree renders its
 * own), or the formula KaTeX refused. A figure file not yet written is left to the figures'
 * own report.
 */
function pageOf(markdown: string, page: HandoutSource & { title: string }): string | { error: string } | undefined {
  try {
    return renderHandoutHtml(markdown, page.title, page);
  } catch (e) {
    if (e instanceof HandoutMathError) return { error: e.message };
    if (e instanceof KitError && e.code === "E_HANDOUT_FIGURE") return undefined;
    throw e;
  }
}
