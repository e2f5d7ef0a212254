/**
 * A write-up (handouts/hwN.md, ndarray/NDARRAY.md) as one HTML page a student can open
 * from the handout folder without Node or a Markdown viewer. The page loads nothing (its
 * style is inline, math is typeset when it is built (handout-math.ts), figures are data:
 * URLs, and its policy forbids the rest), so it reads the same offline. Headings
 * get GitHub's anchors, so the `#…` links written for GitHub land on the same places here;
 * links to a sibling `.md` go to its `.html`, since the handout ships both. Raw HTML in the
 * Markdown stays text: the only HTML the write-ups hold is the marker comments of the rubric
 * and the worked examples, which are dropped, and the table between the rubric's is marked
 * as the rubric.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt, { type Token } from "markdown-it";
import { KitError } from "#ndarray";
import { escapeHtml } from "./dashboard/html.js";
import { isExampleMarker } from "./example-markers.js";
import { katexStyleSheet, MathStyles, throwIfRefused, useMath } from "./handout-math.js";
import { RUBRIC_BEGIN, RUBRIC_END } from "./rubric.js";

/** One entry of the table of contents: a `##` or `###` heading. */
interface TocEntry {
  level: 2 | 3;
  id: string;
  text: string;
}

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, each space a hyphen. */
function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The text a heading's inline token shows (code spans without their backticks, links as their text). */
function inlineText(inline: Token): string {
  return (inline.children ?? []).map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : "")).join("");
}

/** A relative link to a Markdown file, pointed at the HTML page rendered from it. */
function htmlHref(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#")) return href;
  return href.replace(/\.md(?=$|#)/, ".html");
}

/** The lines (0-based) strictly between the rubric's markers, or an empty range when there are none. */
function rubricLines(lines: readonly string[]): [number, number] {
  const begin = lines.indexOf(RUBRIC_BEGIN);
  const end = lines.indexOf(RUBRIC_END);
  return begin >= 0 && end > begin ? [begin, end] : [0, 0];
}

/** Where a write-up comes from: its path as errors name it, and the folder its figures' paths start from. */
export interface HandoutSource {
  file: string;
  dir: string;
}

/** A figure the write-up shows (`![alt](figures/hw1/x.svg)`) as a data: URL, so the page needs no file beside it. */
function figureUrl(src: string, source: HandoutSource): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || !src.endsWith(".svg")) return src;
  const path = join(source.dir, src);
  if (!existsSync(path)) throw new KitError("E_HANDOUT_FIGURE", `${source.file}: the figure ${src} does not exist (npm run handouts draws the figures)`);
  return `data:image/svg+xml;base64,${readFileSync(path).toString("base64")}`;
}

function renderer(toc: TocEntry[], rubric: [number, number], source: HandoutSource) {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.core.ruler.push("handout_anchors", (state) => {
    const taken = new Map<string, number>();
    state.tokens.forEach((token, i) => {
      if (token.type === "table_open" && token.map && token.map[0] > rubric[0] && token.map[0] < rubric[1]) {
        token.attrSet("id", "rubric");
        token.attrSet("class", "rubric");
      }
      // markdown-it aligns a column by a style attribute, which the page's policy blocks; a class does the same.
      const align = /^text-align:(left|center|right)$/.exec(String(token.attrGet("style")))?.[1];
      if (align !== undefined) {
        token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
        token.attrSet("class", `align-${align}`);
      }
      if (token.type !== "heading_open") return;
      const text = inlineText(state.tokens[i + 1]);
      // GitHub numbers a repeated anchor: intro, intro-1, intro-2, …
      const base = slug(text);
      const seen = taken.get(base) ?? 0;
      taken.set(base, seen + 1);
      const id = seen === 0 ? base : `${base}-${seen}`;
      token.attrSet("id", id);
      if (token.tag === "h2" || token.tag === "h3") toc.push({ level: token.tag === "h2" ? 2 : 3, id, text });
    });
  });
  const linkOpen = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
  md.renderer.rules.link_open = (tokens, i, options, env, self) => {
    const href = tokens[i].attrGet("href");
    if (typeof href === "string") tokens[i].attrSet("href", htmlHref(href));
    return linkOpen(tokens, i, options, env, self);
  };
  const image = md.renderer.rules.image ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
  md.renderer.rules.image = (tokens, i, options, env, self) => {
    const src = tokens[i].attrGet("src");
    if (typeof src === "string") tokens[i].attrSet("src", figureUrl(src, source));
    return image(tokens, i, options, env, self);
  };
  return md;
}

/** The table of contents: `##` headings, each with its `###` headings nested under it. */
function tocHtml(toc: readonly TocEntry[]): string {
  const items: string[] = [];
  let open = false;
  for (const e of toc) {
    const link = `<a href="#${escapeHtml(e.id)}">${escapeHtml(e.text)}</a>`;
    // Under the open ## item; a ### before the first ## (an introduction's parts) stands at the top.
    if (e.level === 3) items.push(`<li>${link}</li>`);
    else {
      if (open) items.push("</ul></li>");
      items.push(`<li>${link}<ul>`);
      open = true;
    }
  }
  if (open) items.push("</ul></li>");
  return `<nav class="toc" aria-label="Contents"><p class="toc-title">Contents</p><ul>${items.join("").replace(/<ul><\/ul>/g, "")}</ul></nav>`;
}

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --code: #f6f8fa; --link: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: grid; grid-template-columns: minmax(14rem, 18rem) minmax(0, 52rem); gap: 2.5rem; justify-content: center; padding: 0 1.5rem; }
@media (max-width: 60rem) { body { display: block; } .toc { position: static; max-height: none; } }
.toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding: 1.5rem 0; font-size: 0.875rem; }
.toc-title { font-weight: 600; margin: 0 0 0.5rem; }
.toc ul { list-style: none; margin: 0; padding-left: 0; }
.toc ul ul { padding-left: 1rem; }
.toc li { margin: 0.2rem 0; }
main { padding: 1.5rem 0 4rem; min-width: 0; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
h1, h2, h3 { line-height: 1.25; margin: 1.8em 0 0.6em; }
h1 { margin-top: 0.5em; font-size: 2rem; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 0.3em; }
code { font: 0.875em/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--code); padding: 1rem; border-radius: 6px; overflow-x: auto; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.7rem; vertical-align: top; }
th { background: var(--code); text-align: left; }
.align-left { text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
table.rubric tr:has(strong) td { background: #f0f6ff; }
img { max-width: 100%; height: auto; }
.katex-block { overflow-x: auto; overflow-y: hidden; }
blockquote { margin: 1rem 0; padding: 0 1rem; color: var(--muted); border-left: 4px solid var(--line); }
`;

/** The style's hash, for the page's policy. */
function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
}

/**
 * A whole page that loads nothing and runs no script: its one style element is allowed by
 * hash, and the only other sources are the data: URLs of its figures and math fonts.
 */
function handoutPage(title: string, style: string, body: string): string {
  const policy = `default-src 'none'; style-src ${sha256(style)}; img-src data:; font-src data:; script-src 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * `markdown` (a write-up, read from `source.file`) as a complete, self-contained HTML page
 * titled `title`: math typeset, figures inline. A formula KaTeX cannot typeset, or a figure
 * that is not there, throws naming the file.
 */
export function renderHandoutHtml(markdown: string, title: string, source: HandoutSource): string {
  const lines = markdown.split("\n");
  const rubric = rubricLines(lines);
  // The markers become blank lines, so every other line keeps its number for the rubric's range.
  const text = lines.map((l) => (l === RUBRIC_BEGIN || l === RUBRIC_END || isExampleMarker(l) ? "" : l)).join("\n");
  const toc: TocEntry[] = [];
  const md = renderer(toc, rubric, source);
  const styles = new MathStyles();
  const refused = useMath(md, styles);
  const article = md.render(text);
  throwIfRefused(refused, markdown, source.file);
  const style = `${STYLE}\n${katexStyleSheet()}\n${styles.css()}\n`;
  return handoutPage(title, style, `${tocHtml(toc)}\n<main>\n${article}</main>`);
}
