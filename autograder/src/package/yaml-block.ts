/**
 * The block-style YAML of Autolab's lab files: nested mappings, lists (of mappings or of
 * scalars), and scalars read as Ruby's Psych reads them (YAML 1.1: `yes`/`on` are true,
 * `0755` is octal). The kit has no YAML library, and a lab file needs no more than this.
 * The reader is strict: anything outside this subset (flow collections, anchors, block
 * scalars, tabs, duplicate keys, an ambiguous scalar) is an error naming its line, never
 * a guess, so a file it accepts means to Autolab what it means here.
 */
import { KitError } from "#ndarray";

export type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | { [key: string]: YamlValue };
export type YamlMap = { [key: string]: YamlValue };

export class YamlError extends KitError {
  constructor(file: string, line: number, detail: string) {
    super("E_YAML", `${file}:${line}: ${detail}`);
  }
}

const TRUE = /^(yes|true|on)$/i;
const FALSE = /^(no|false|off)$/i;
const NULL = /^(~|null)$/i;
const INT = /^[-+]?(0|[1-9][0-9_]*)$/;
const FLOAT = /^[-+]?([0-9][0-9_]*)?\.[0-9]+([eE][-+]?[0-9]+)?$/;
/** Plain scalars the writer may leave unquoted: nothing YAML could read as another type or as syntax. */
const SAFE_PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

function scalarText(v: YamlScalar): string {
  if (v === null) return "null";
  if (typeof v !== "string") return String(v);
  return SAFE_PLAIN.test(v) && !TRUE.test(v) && !FALSE.test(v) && !NULL.test(v) ? v : JSON.stringify(v);
}

function isMap(v: YamlValue): v is YamlMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function emit(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return ["[]"];
    return value.flatMap((item) => {
      if (!isMap(item)) return [`${indent}- ${scalarText(item as YamlScalar)}`];
      const [first, ...rest] = emit(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isMap(value)) {
    return Object.entries(value).flatMap(([k, v]) => {
      if (Array.isArray(v) && v.length > 0) return [`${indent}${scalarText(k)}:`, ...emit(v, `${indent}  `)];
      if (isMap(v)) return Object.keys(v).length === 0 ? [`${indent}${scalarText(k)}: {}`] : [`${indent}${scalarText(k)}:`, ...emit(v, `${indent}  `)];
      return [`${indent}${scalarText(k)}: ${Array.isArray(v) ? "[]" : scalarText(v)}`];
    });
  }
  return [`${indent}${scalarText(value)}`];
}

/** `value` as block YAML, after `comments` (each line written as `# …`). */
export function blockYaml(value: YamlMap, comments: readonly string[] = []): string {
  return `${[...comments.map((c) => `# ${c}`.trimEnd()), ...emit(value, "")].join("\n")}\n`;
}

interface Line {
  no: number;
  indent: number;
  text: string;
}

/** Lines with their indentation, without blank lines, comment lines and document markers. */
function lines(text: string, file: string): Line[] {
  const out: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const lead = /^[ \t]*/.exec(raw)![0];
    const body = raw.slice(lead.length).trimEnd();
    if (body === "" || body.startsWith("#") || body === "---" || body === "...") return;
    if (lead.includes("\t")) throw new YamlError(file, i + 1, "a tab in the indentation (YAML indents with spaces)");
    out.push({ no: i + 1, indent: lead.length, text: body });
  });
  return out;
}

function parseScalar(raw: string, file: string, no: number): YamlValue {
  let text = raw;
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new YamlError(file, no, `${text}: a double-quoted string this reader does not take (one JSON-style string, nothing after it)`);
    }
  }
  if (text.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'$/.exec(text);
    if (!m) throw new YamlError(file, no, `${text}: an unterminated single-quoted string`);
    return m[1].replaceAll("''", "'");
  }
  const comment = text.search(/\s#/);
  if (comment >= 0) text = text.slice(0, comment).trimEnd();
  if (text === "[]") return [];
  if (text === "{}") return {};
  if (/^[[{&*!|>%@`]/.test(text)) throw new YamlError(file, no, `${text}: flow collections, anchors, tags and block scalars are not read here`);
  if (/:(\s|$)/.test(text)) throw new YamlError(file, no, `${text}: a plain value may not contain ": " (quote it)`);
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (INT.test(text)) return Number(text.replaceAll("_", ""));
  if (/^[-+]?0[0-9]+$/.test(text)) throw new YamlError(file, no, `${text}: YAML 1.1 reads a leading 0 as octal (quote it, or drop the 0)`);
  if (FLOAT.test(text)) return Number(text.replaceAll("_", ""));
  return text;
}

/** Splits `key: rest` (key plain or quoted); undefined when the text is not a mapping entry. */
function splitKey(text: string, file: string, no: number): { key: string; rest: string } | undefined {
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#][^:#]*?)\s*:(?:\s+(.*))?$/.exec(text);
  if (!m) return undefined;
  const key = parseScalar(m[1], file, no);
  return { key: String(key), rest: (m[2] ?? "").trim() };
}

class Reader {
  private at = 0;
  constructor(
    private readonly ls: Line[],
    private readonly file: string,
  ) {}

  /** The next line not yet read. */
  peek(): Line | undefined {
    return this.ls[this.at];
  }

  private fail(line: Line, detail: string): never {
    throw new YamlError(this.file, line.no, detail);
  }

  /** The node whose first line is the next line, at exactly `indent`. */
  node(indent: number): YamlValue {
    const line = this.peek()!;
    if (line.text === "-" || line.text.startsWith("- ")) return this.sequence(indent);
    if (splitKey(line.text, this.file, line.no)) return this.mapping(indent);
    this.at++;
    return parseScalar(line.text, this.file, line.no);
  }

  /** The value after `key:` with nothing on its line: a deeper node, a list at the key's own indent, or null. */
  private nested(keyIndent: number): YamlValue {
    const next = this.peek();
    if (next === undefined) return null;
    if (next.indent > keyIndent) return this.node(next.indent);
    if (next.indent === keyIndent && (next.text === "-" || next.text.startsWith("- "))) return this.sequence(keyIndent);
    return null;
  }

  private mapping(indent: number): YamlMap {
    const map: YamlMap = {};
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      if (line.text === "-" || line.text.startsWith("- ")) break;
      const entry = splitKey(line.text, this.file, line.no);
      if (!entry) this.fail(line, `${line.text}: expected "key: value" at this indentation`);
      if (Object.hasOwn(map, entry.key)) this.fail(line, `the key "${entry.key}" appears twice`);
      this.at++;
      map[entry.key] = entry.rest === "" ? this.nested(indent) : parseScalar(entry.rest, this.file, line.no);
    }
    const stray = this.peek();
    if (stray !== undefined && stray.indent > indent) this.fail(stray, `${stray.text}: indented deeper than the entries above it`);
    return map;
  }

  private sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (let line = this.peek(); line !== undefined && line.indent === indent && (line.text === "-" || line.text.startsWith("- ")); line = this.peek()) {
      const rest = line.text.slice(1).trimStart();
      if (rest === "") {
        this.at++;
        const next = this.peek();
        items.push(next !== undefined && next.indent > indent ? this.node(next.indent) : null);
        continue;
      }
      // "- key: value" opens a mapping whose keys sit where "key" starts.
      const column = indent + line.text.length - rest.length;
      this.ls[this.at] = { no: line.no, indent: column, text: rest };
      items.push(this.node(column));
    }
    return items;
  }
}

/** Reads block YAML (see above); `file` names the source in errors. */
export function parseBlockYaml(text: string, file: string): YamlValue {
  const ls = lines(text, file);
  if (ls.length === 0) return null;
  const reader = new Reader(ls, file);
  const value = reader.node(ls[0].indent);
  const left = reader.peek();
  if (left !== undefined) throw new YamlError(file, left.no, `${left.text}: outside the document's top-level node (check its indentation)`);
  return value;
}
