/**
 * The stub generator: writes a homework's student files from its reference files.
 *
 * In a reference file, each answer body sits between marker lines (after otter-grader):
 *
 *     // BEGIN SOLUTION            the block becomes `throw new NotImplementedError("Linear.forward");`
 *     ...                          (the name is the enclosing class and method, found by
 *     // END SOLUTION               parsing the file with the TypeScript compiler)
 *
 *     // BEGIN SOLUTION NO PROMPT  the block is removed, markers included (solution-only
 *     ...                          helpers and fields)
 *     // END SOLUTION
 *
 * Inside a plain block, lines of the form `// STUB: <code>` give a stated stub body instead
 * of the throw (e.g. `// STUB: return [];`). Everything outside the markers — signatures,
 * fields, doc comments, hints — is kept byte for byte, and the two marker lines of a plain
 * block stay in the stub to show the student where to write. A generated file that throws
 * gets `import { NotImplementedError } from "#ndarray";` after its last import.
 */
import ts from "typescript";
import { StubMarkerError } from "./errors.js";

const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION(?<noPrompt> NO PROMPT)?\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;
const STUB = /^\s*\/\/ STUB: (?<code>.*)$/;
const IMPORT_NOT_IMPLEMENTED = `import { NotImplementedError } from "#ndarray";`;

interface Block {
  begin: number;
  end: number;
  indent: string;
  noPrompt: boolean;
}

function findBlocks(lines: readonly string[], file: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  lines.forEach((line, i) => {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (open) throw new StubMarkerError(file, i + 1, `BEGIN SOLUTION inside the block opened at line ${open.begin + 1} (markers cannot nest)`);
      open = { begin: i, end: -1, indent: begin[1], noPrompt: Boolean(begin.groups?.noPrompt) };
    } else if (END.test(line)) {
      if (!open) throw new StubMarkerError(file, i + 1, "END SOLUTION without a matching BEGIN SOLUTION");
      blocks.push({ ...open, end: i });
      open = undefined;
    } else if (/\/\/ (BEGIN|END) SOLUTION/.test(line)) {
      throw new StubMarkerError(file, i + 1, `a solution marker must be alone on its line: "${line.trim()}"`);
    }
  });
  if (open) throw new StubMarkerError(file, open.begin + 1, "BEGIN SOLUTION is never closed by END SOLUTION");
  return blocks;
}

/** "Class.method", "function" or "Class.constructor" for the function around `pos`. */
function enclosingName(source: ts.SourceFile, pos: number, file: string, line: number): string {
  let found: string | undefined;
  const nameOf = (n: ts.Node): string | undefined => {
    if (ts.isConstructorDeclaration(n)) return "constructor";
    if ((ts.isMethodDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n)) && n.name) {
      return n.name.getText(source);
    }
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent)) return n.parent.name.getText(source);
    return undefined;
  };
  const visit = (n: ts.Node): void => {
    if (pos < n.getStart(source) || pos >= n.getEnd()) return;
    const name = nameOf(n);
    if (name) {
      const cls = n.parent && ts.isClassLike(n.parent) && n.parent.name ? `${n.parent.name.getText(source)}.` : "";
      found = cls + name;
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  if (!found) throw new StubMarkerError(file, line, "a BEGIN SOLUTION block must sit inside a function or method body");
  return found;
}

/** The student stub for one reference file's text. `file` is only used in error messages. */
export function makeStub(text: string, file: string): string {
  const lines = text.split("\n");
  const blocks = findBlocks(lines, file);
  if (blocks.length === 0) return text;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineStarts = source.getLineStarts();
  const out: string[] = [];
  let next = 0;
  let throws = false;
  for (const b of blocks) {
    out.push(...lines.slice(next, b.begin));
    next = b.end + 1;
    if (b.noPrompt) continue;
    const body = lines.slice(b.begin + 1, b.end);
    const stated = body.flatMap((l) => {
      const m = STUB.exec(l);
      return m ? [b.indent + m.groups!.code] : [];
    });
    if (stated.length === 0) {
      const name = enclosingName(source, lineStarts[b.begin], file, b.begin + 1);
      stated.push(`${b.indent}throw new NotImplementedError(${JSON.stringify(name)});`);
      throws = true;
    }
    out.push(lines[b.begin], ...stated, lines[b.end]);
  }
  out.push(...lines.slice(next));
  return throws ? addImport(out, file) : out.join("\n");
}

/** Adds NotImplementedError to the file's "#ndarray" import, or imports it after the last import. */
function addImport(lines: string[], file: string): string {
  const text = lines.join("\n");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const imports = source.statements.filter(ts.isImportDeclaration);
  const namedImports = (d: ts.ImportDeclaration): ts.NamedImports | undefined => {
    const n = d.importClause?.namedBindings;
    return n && ts.isNamedImports(n) && !d.importClause?.isTypeOnly ? n : undefined;
  };
  if (imports.some((d) => namedImports(d)?.elements.some((e) => e.name.text === "NotImplementedError"))) return text;
  const ndarray = imports.find((d) => (d.moduleSpecifier as ts.StringLiteral).text === "#ndarray" && namedImports(d));
  if (ndarray) {
    const braces = namedImports(ndarray)!;
    const at = braces.elements.length ? braces.elements[0].getStart(source) : braces.getEnd() - 1;
    return text.slice(0, at) + "NotImplementedError, " + text.slice(at);
  }
  const at = imports.length ? source.getLineAndCharacterOfPosition(imports[imports.length - 1].getEnd()).line + 1 : 0;
  return [...lines.slice(0, at), IMPORT_NOT_IMPLEMENTED, ...lines.slice(at)].join("\n");
}
