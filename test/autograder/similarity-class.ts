/**
 * Test helpers: a class of hw1 handins for the similarity check, with known copying. Only
 * one real solution exists (reference/hw1), so the independent students are synthetic:
 * each replaces every stub body of hw1/ with statements drawn from a small grammar of
 * NDArray code (declarations, loops, conditionals, method chains), seeded per student. On
 * top of them: the reference; the reference with its local names renamed and its classes,
 * methods and functions in reverse order; a partial copy (the reference's activation.ts,
 * linear.ts and loss.ts, independent code elsewhere); and the untouched stubs.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import * as tar from "tar";
import ts from "typescript";
import { Generator } from "#ndarray";
import { KIT_ROOT } from "../../autograder/src/paths.js";

type Files = Map<string, string>;

function readTree(dir: string): Files {
  const files: Files = new Map();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

/** Seeded choices for the grammar. */
class Draw {
  private readonly g: Generator;
  constructor(seed: number) {
    this.g = new Generator(seed);
  }
  int(n: number): number {
    return Math.floor(this.g.uniformDouble() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.g.uniformDouble() < p;
  }
}

const METHODS = ["add", "sub", "mul", "div", "matmul", "sum", "mean", "exp", "log", "maximum", "reshape", "transpose", "sqrt", "neg", "clone", "pow", "max", "abs"];
const FUNCTIONS = ["zeros", "onesLike", "zerosLike", "Math.sqrt", "Math.max", "Math.exp", "array"];
const NAMES = ["x", "y", "out", "grad", "tmp", "acc", "val", "res", "h", "s", "m", "n", "total", "scale", "buf", "cur", "prev", "delta", "w", "z"];
const OPS = ["+", "-", "*", "/", "%"];
const COMPARE = ["<", ">", "<=", ">=", "===", "!=="];

/** One student's code for a stub body: a few statements, then a return. */
class Writer {
  private readonly vars: string[] = [];
  constructor(private readonly d: Draw) {}

  private name(): string {
    return `${this.d.pick(NAMES)}${this.d.int(10)}`;
  }

  private expr(depth: number): string {
    const v = this.vars.length > 0 && this.d.chance(0.5) ? this.d.pick(this.vars) : this.d.pick(["this.cache", "input", "this.weight", "this.state"]);
    if (depth > 2) return this.d.chance(0.3) ? String(this.d.int(100) / 10) : v;
    switch (this.d.int(7)) {
      case 0:
        return `${this.expr(depth + 1)}.${this.d.pick(METHODS)}(${this.d.chance(0.5) ? this.expr(depth + 1) : ""})`;
      case 1:
        return `${this.d.pick(FUNCTIONS)}(${this.expr(depth + 1)}${this.d.chance(0.4) ? `, ${this.expr(depth + 1)}` : ""})`;
      case 2:
        return `${this.expr(depth + 1)} ${this.d.pick(OPS)} ${this.expr(depth + 1)}`;
      case 3:
        return `[${this.expr(depth + 1)}, ${this.d.int(8)}]`;
      case 4:
        return `${this.cond(depth + 1)} ? ${this.expr(depth + 1)} : ${this.expr(depth + 1)}`;
      case 5:
        return `${v}.shape[${this.d.int(3)}]`;
      default:
        return `${v}.${this.d.pick(METHODS)}(${this.d.int(5)}, ${this.d.chance(0.5)})`;
    }
  }

  private cond(depth: number): string {
    return `${this.expr(depth + 1)} ${this.d.pick(COMPARE)} ${this.d.chance(0.5) ? this.d.int(10) : this.expr(depth + 1)}`;
  }

  statements(depth: number, indent: string): string[] {
    const out: string[] = [];
    const count = 1 + this.d.int(3);
    for (let i = 0; i < count; i++) {
      const kind = this.d.int(depth === 0 ? 7 : 4);
      if (kind <= 1) {
        const v = this.name();
        out.push(`${indent}${kind === 0 ? "const" : "let"} ${v} = ${this.expr(0)};`);
        this.vars.push(v);
      } else if (kind === 2) {
        out.push(`${indent}this.${this.d.pick(["cache", "state", "weight", "grad"])} = ${this.expr(0)};`);
      } else if (kind === 3) {
        out.push(`${indent}${this.d.pick(["console.log", "this.check", "this.record"])}(${this.expr(0)});`);
      } else if (kind === 4) {
        const i = this.name();
        out.push(`${indent}for (let ${i} = 0; ${i} < ${this.expr(1)}; ${i}++) {`, ...this.statements(depth + 1, `${indent}  `), `${indent}}`);
      } else if (kind === 5) {
        out.push(`${indent}if (${this.cond(0)}) {`, ...this.statements(depth + 1, `${indent}  `), `${indent}} else {`, ...this.statements(depth + 1, `${indent}  `), `${indent}}`);
      } else {
        out.push(`${indent}while (${this.cond(0)}) {`, ...this.statements(depth + 1, `${indent}  `), `${indent}  break;`, `${indent}}`);
      }
    }
    if (depth === 0) out.push(`${indent}return ${this.expr(0)};`);
    return out;
  }
}

const STUB_BODY = /^(\s*)throw new NotImplementedError\("[^"]*"\);$/gm;

/** hw1/'s stubs with every stub body replaced by code drawn for student `seed`. */
function independent(seed: number): Files {
  const d = new Draw(seed);
  const files: Files = new Map();
  for (const [path, text] of readTree(join(KIT_ROOT, "hw1"))) {
    files.set(path, text.replace(STUB_BODY, (_, indent: string) => new Writer(d).statements(0, indent).join("\n")));
  }
  return files;
}

/** Renames every local variable and parameter (the same new name wherever the old one occurs in the file). */
function renameLocals(text: string): string {
  const source = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
  const locals = new Set<string>();
  const collect = (n: ts.Node) => {
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n)) && ts.isIdentifier(n.name)) locals.add(n.name.text);
    ts.forEachChild(n, collect);
  };
  collect(source);
  const edits: { start: number; end: number; name: string }[] = [];
  const rename = (n: ts.Node) => {
    if (ts.isIdentifier(n) && locals.has(n.text)) edits.push({ start: n.getStart(), end: n.end, name: `renamed_${n.text.toLowerCase()}Value` });
    ts.forEachChild(n, rename);
  };
  rename(source);
  return edits.sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.name + t.slice(e.end), text);
}

/** `nodes`' texts (with their leading comments) in reverse order, in place of the originals. */
function reverseNodes(text: string, nodes: readonly ts.Node[]): string {
  if (nodes.length < 2) return text;
  const start = nodes[0].getFullStart();
  const end = nodes[nodes.length - 1].end;
  const pieces = nodes.map((n) => text.slice(n.getFullStart(), n.end));
  return text.slice(0, start) + pieces.reverse().join("") + text.slice(end);
}

/** The classes' members, then the file's top-level classes and functions, in reverse order. */
function reorder(text: string): string {
  let source = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
  const classes = source.statements.filter(ts.isClassDeclaration).reverse();
  for (const c of classes) text = reverseNodes(text, c.members);
  source = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
  const declarations = source.statements.filter((s) => ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s));
  const runs: ts.Statement[][] = [];
  for (const s of declarations) {
    const last = runs.at(-1);
    if (last && source.statements.indexOf(last[last.length - 1]) + 1 === source.statements.indexOf(s)) last.push(s);
    else runs.push([s]);
  }
  for (const run of runs.reverse()) text = reverseNodes(text, run);
  return text;
}

function reference(): Files {
  return readTree(join(KIT_ROOT, "reference", "hw1"));
}

function writeTar(files: Files, file: string): void {
  const work = mkdtempSync(join(tmpdir(), "kit-similar-"));
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(work, "hw1", path)), { recursive: true });
      writeFileSync(join(work, "hw1", path), text);
    }
    tar.c({ file, cwd: work, sync: true, portable: true }, ["hw1"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The names of the planted handins. */
export const ORIGINAL = "original";
export const RENAMED = "renamed-reordered";
export const PARTIAL = "partial-copy";
export const STUB = "stub-only";
/** The files the partial copy takes from the original (the rest of its code is its own). */
export const PARTIAL_FILES = ["activation.ts", "batchnorm.ts", "linear.ts", "loss.ts"];

/**
 * Writes `<dir>/<name>.tar` for the four planted handins and `independents` synthetic
 * students (`student-001`, …); returns the independents' names. The first `folders`
 * independents are written as `<name>/hw1/` folders instead of tars.
 */
export function writeSimilarityClass(dir: string, independents: number, folders = 0): string[] {
  mkdirSync(dir, { recursive: true });
  const ref = reference();
  writeTar(ref, join(dir, `${ORIGINAL}.tar`));
  writeTar(new Map([...ref].map(([p, t]) => [p, reorder(renameLocals(t))])), join(dir, `${RENAMED}.tar`));
  const mixed = independent(10_000);
  for (const f of PARTIAL_FILES) mixed.set(f, ref.get(f)!);
  writeTar(mixed, join(dir, `${PARTIAL}.tar`));
  writeTar(readTree(join(KIT_ROOT, "hw1")), join(dir, `${STUB}.tar`));
  const names = Array.from({ length: independents }, (_, i) => `student-${String(i + 1).padStart(3, "0")}`);
  names.forEach((name, i) => {
    const files = independent(i + 1);
    if (i < folders) {
      for (const [path, text] of files) {
        mkdirSync(dirname(join(dir, name, "hw1", path)), { recursive: true });
        writeFileSync(join(dir, name, "hw1", path), text);
      }
    } else writeTar(files, join(dir, `${name}.tar`));
  });
  return names;
}
