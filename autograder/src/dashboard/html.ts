/**
 * Writing HTML that shows what students chose (handin names, statuses quoting them) as
 * text: students are adversaries, and a handin named `<img src=x onerror=…>.tar` must
 * never become markup in the page an instructor opens. Every text goes through
 * `escapeHtml`; data for a script is JSON inside a non-executable script element, with
 * every `<` written as `\u003c` so nothing in it can close the element. And should an
 * escape ever be missed, the page's content security policy runs only its own script and
 * style (by hash): an injected event handler or script does not run, and nothing is loaded.
 */
import { createHash } from "node:crypto";
import { relative, sep } from "node:path";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe inside an element or a quoted attribute. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** `value` as the content of `<script type="application/json">`. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A script's source, safe inside `<script>`: no `</script` can end the element early. */
export function scriptForHtml(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1");
}

/** A relative link from a page in `fromDir` to `file`: each path segment percent-encoded, so `#`, `?` or `%` in a name stay part of it. */
export function relativeHref(fromDir: string, file: string): string {
  return relative(fromDir, file).split(sep).map(encodeURIComponent).join("/");
}

export interface PageParts {
  title: string;
  style: string;
  body: string;
  /** Script source run at the end of the body (already bundled, self-contained). */
  script?: string;
}

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
}

/** A whole, self-contained page: no external resource, and a policy that forbids loading any. */
export function htmlPage(p: PageParts): string {
  const source = p.script === undefined ? undefined : scriptForHtml(p.script);
  const script = source === undefined ? "" : `<script>${source}</script>`;
  const policy = `default-src 'none'; style-src ${sha256(p.style)}; script-src ${source === undefined ? "'none'" : sha256(source)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${p.style}</style>
</head>
<body>
${p.body}
${script}
</body>
</html>
`;
}
