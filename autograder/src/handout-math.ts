/**
 * The write-ups' math (`$…$` inline, `$$…$$` display), typeset by KaTeX when the page is
 * built, so the page runs no script. Three things make that fit a page that loads nothing:
 * KaTeX's style sheet goes inline with its fonts as data: URLs (woff2 only, which every
 * current browser reads); KaTeX's inline `style` attributes, which the page's policy would
 * block, become classes whose rules carry `!important`, as an inline style outranks any
 * selector; and a formula KaTeX cannot parse stops the build, naming the file, line and
 * formula, rather than shipping a red error box.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import markdownItKatex from "@vscode/markdown-it-katex";
import katex from "katex";
import type { MarkdownIt } from "markdown-it";
import { KitError } from "#ndarray";

/** Node hands this CommonJS package to an ES module as its exports object, vitest's bundler as its function. */
const katexPlugin = typeof markdownItKatex === "function" ? markdownItKatex : markdownItKatex.default;

/** A formula KaTeX cannot typeset: names the write-up, the line it starts on and the formula. */
export class HandoutMathError extends KitError {
  constructor(file: string, line: number, formula: string, reason: string) {
    super("E_HANDOUT_MATH", `${file}:${line}: cannot typeset $${formula.trim().replace(/\s+/g, " ")}$: ${reason}`);
  }
}

/** The style attributes of one page's math, each turned into a class. */
export class MathStyles {
  private readonly classes = new Map<string, string>();

  /** `html` with every `style="…"` moved into a class of this page. */
  classify(html: string): string {
    return html.replace(/<(\w+)([^<>]*?) style="([^"]*)"([^<>]*)>/g, (_all, tag: string, before: string, style: string, after: string) => {
      const name = this.classes.get(style) ?? `ks${this.classes.size}`;
      this.classes.set(style, name);
      const attrs = `${before}${after}`;
      const existing = / class="([^"]*)"/.exec(attrs);
      return existing === null ? `<${tag}${attrs} class="${name}">` : `<${tag}${attrs.replace(existing[0], ` class="${existing[1]} ${name}"`)}>`;
    });
  }

  /** The rules of the classes `classify` handed out. */
  css(): string {
    const rules = [...this.classes].map(([style, name]) => {
      const declarations = style.split(";").filter((d) => d.trim() !== "").map((d) => `${d.trim()} !important`);
      return `.${name}{${declarations.join(";")}}`;
    });
    return rules.join("\n");
  }
}

let katexCss: string | undefined;

/** KaTeX's style sheet with each font as a woff2 data: URL (read once). */
export function katexStyleSheet(): string {
  if (katexCss !== undefined) return katexCss;
  const dist = dirname(createRequire(import.meta.url).resolve("katex"));
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  katexCss = css.replace(/src:url\(fonts\/([\w-]+)\.woff2\)[^;}]*/g, (_all, font: string) => {
    const data = readFileSync(join(dist, "fonts", `${font}.woff2`)).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return katexCss;
}

/** A formula KaTeX refused, as it was written. */
interface Refused {
  formula: string;
  reason: string;
}

/**
 * Adds `$…$` and `$$…$$` to `md`, typeset with `styles`. Formulas KaTeX refuses are kept in
 * the returned list; `throwIfRefused` turns the first into a HandoutMathError.
 */
export function useMath(md: MarkdownIt, styles: MathStyles): Refused[] {
  const refused: Refused[] = [];
  const typeset: typeof katex = {
    ...katex,
    renderToString: (formula, options) => {
      try {
        return styles.classify(katex.renderToString(formula, { displayMode: options?.displayMode, throwOnError: true, strict: "ignore" }));
      } catch (e) {
        refused.push({ formula, reason: e instanceof Error ? e.message : String(e) });
        throw e;
      }
    },
  };
  md.use(katexPlugin, { katex: typeset, throwOnError: false });
  return refused;
}

/** Throws for the first formula of `refused`, found in `markdown` (the text of `file`) for its line. */
export function throwIfRefused(refused: readonly Refused[], markdown: string, file: string): void {
  const first = refused[0];
  if (first === undefined) return;
  const head = first.formula.trim().split("\n")[0];
  const line = markdown.split("\n").findIndex((l) => l.includes(head)) + 1;
  throw new HandoutMathError(file, line, first.formula, first.reason);
}
