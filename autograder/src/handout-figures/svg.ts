/**
 * The few SVG pieces the handouts' figures are drawn with. Every figure uses the same font,
 * strokes and arrowhead, so the handouts look like one document. Coordinates are in pixels
 * of the figure's own view box.
 */

/** Text that is safe inside an SVG element or attribute. */
export function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Numbers as SVG writes them: at most two decimals, no trailing zeros. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export interface BoxStyle {
  fill?: string;
  stroke?: string;
  dashed?: boolean;
  rx?: number;
}

export function rect(x: number, y: number, w: number, h: number, style: BoxStyle = {}): string {
  const dash = style.dashed ? ` stroke-dasharray="4 3"` : "";
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(style.rx ?? 0)}" fill="${style.fill ?? "none"}" stroke="${style.stroke ?? "#333"}"${dash}/>`;
}

export interface TextStyle {
  size?: number;
  anchor?: "start" | "middle" | "end";
  weight?: "normal" | "bold";
  fill?: string;
  mono?: boolean;
}

/** One line of text whose baseline is centred vertically on `y`. */
export function text(x: number, y: number, content: string, style: TextStyle = {}): string {
  const size = style.size ?? 13;
  const family = style.mono ? ` font-family="ui-monospace, Menlo, Consolas, monospace"` : "";
  return `<text x="${n(x)}" y="${n(y + size * 0.35)}" font-size="${n(size)}" text-anchor="${style.anchor ?? "middle"}" font-weight="${style.weight ?? "normal"}" fill="${style.fill ?? "#111"}"${family}>${esc(content)}</text>`;
}

/** A box with a centred label: a layer, a tensor, a cell of a table. `fill` colours the box, `textFill` the label. */
export function labelledBox(x: number, y: number, w: number, h: number, label: string, style: BoxStyle & Omit<TextStyle, "fill"> & { textFill?: string } = {}): string {
  return rect(x, y, w, h, style) + text(x + w / 2, y + h / 2, label, { ...style, fill: style.textFill });
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke = "#333", dashed = false): string {
  const dash = dashed ? ` stroke-dasharray="4 3"` : "";
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}"${dash}/>`;
}

/** A line ending in the shared arrowhead (defined once by `svgDocument`). */
export function arrow(x1: number, y1: number, x2: number, y2: number, stroke = "#333", dashed = false): string {
  const dash = dashed ? ` stroke-dasharray="4 3"` : "";
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}"${dash} marker-end="url(#arrow)"/>`;
}

/** A complete SVG document of the given size, with a title for screen readers. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" font-family="Helvetica, Arial, sans-serif" role="img">`,
    `<title>${esc(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>`,
    `<rect x="0" y="0" width="${n(width)}" height="${n(height)}" fill="#fff"/>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}
