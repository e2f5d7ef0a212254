/**
 * Type errors of a homework folder, found while it is being graded: esbuild strips types
 * without checking them, so a grade can pass over an import without `.js` or a wrong type
 * that `npm run submit` (tsc) then refuses. The check uses the TypeScript compiler API
 * with the kit's own tsconfig.json options, `#ndarray` mapped to the kit's library (so a
 * folder outside the kit checks the same), and reports only errors in the folder's files.
 *
 * The compiler is synchronous and takes seconds, so `typeCheckHomework` runs it in a worker
 * thread: started beside grading, it does not hold up the sandbox's messages. The thread
 * loads this file through tsx's loader, which a worker does not inherit on Node 20; the
 * grading thread never loads the compiler.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { Worker } from "node:worker_threads";
import type ts from "typescript";
import { KitError } from "#ndarray";
import { KIT_ROOT } from "./paths.js";
import { isInside } from "./stack-frames.js";

/** The .ts files under `dir`, node_modules aside. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !f.split(sep).includes("node_modules"))
    .sort();
}

/** The kit's compiler options, with `#ndarray` mapped to the kit's library wherever the folder lies. */
function compilerOptions(compiler: typeof ts): ts.CompilerOptions {
  const ts = compiler;
  const file = join(KIT_ROOT, "tsconfig.json");
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  if (read.error !== undefined) throw new KitError("E_TSCONFIG", `${file}: ${ts.flattenDiagnosticMessageText(read.error.messageText, " ")}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, KIT_ROOT);
  return { ...parsed.options, noEmit: true, paths: { "#ndarray": [join(KIT_ROOT, "ndarray/index.ts")] } };
}

/**
 * Code that names Node's own API: a `node:` import or one of Node's globals. Only then are
 * @types/node's hundred-odd files parsed, which otherwise take most of a check's time.
 */
const NODE_API = /["']node:|\b(?:console|process)\s*\.|\bBuffer\b|\b(?:setTimeout|setInterval|setImmediate|clearTimeout|clearInterval|queueMicrotask|structuredClone|require)\s*\(|\b__(?:dirname|filename)\b/;

/**
 * Parsed files outside the homework (TypeScript's libraries, @types/node, the kit's
 * library), kept for the next check in this thread: parsing them is most of a check's time.
 */
const parsed = new Map<string, ts.SourceFile>();

/** `hw1/linear.ts:3:5 TS2835: …` for each error in `hwDir`'s files (named relative to its parent), in file order. */
export async function typeCheckHere(hwDir: string): Promise<string[]> {
  const ts = (await import("typescript")).default;
  const dir = resolve(hwDir);
  const files = tsFiles(dir);
  const usesNode = files.some((f) => NODE_API.test(readFileSync(f, "utf8")));
  const options = { ...compilerOptions(ts), ...(usesNode ? {} : { types: [] }) };
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, onError, create) => {
    if (isInside(resolve(fileName), dir)) return parse(fileName, version, onError, create);
    const file = parsed.get(fileName) ?? parse(fileName, version, onError, create);
    if (file !== undefined) parsed.set(fileName, file);
    return file;
  };
  const program = ts.createProgram({ rootNames: files, options, host });
  const parent = dirname(dir);
  return program
    .getSourceFiles()
    .filter((sf) => isInside(resolve(sf.fileName), dir))
    .flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
      if (d.file === undefined || d.start === undefined) return `${basename(dir)}: TS${d.code}: ${text}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const name = relative(parent, resolve(d.file.fileName)).split(sep).join("/");
      return `${name}:${line + 1}:${character + 1} TS${d.code}: ${text}`;
    });
}

/** What the worker runs: tsx's loader, then this module's typeCheckHere for each folder it is sent. */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const loaded = import("tsx/esm/api").then(({ register }) => { register(); return import(workerData.module); });
parentPort.on("message", ({ id, hwDir }) => {
  loaded
    .then((m) => m.typeCheckHere(hwDir))
    .then((lines) => parentPort.postMessage({ id, lines }), (err) => parentPort.postMessage({ id, error: String(err && err.message ? err.message : err) }));
});
`;

type Reply = { id: number; lines: string[] } | { id: number; error: string };

/** The checking thread, kept between checks (a re-grade in watch mode reuses its parsed files) but never keeping the process alive. */
let checker: { worker: Worker; waiting: Map<number, (r: Reply) => void>; next: number } | undefined;

function startChecker(): NonNullable<typeof checker> {
  const worker = new Worker(WORKER, { eval: true, workerData: { module: import.meta.url } });
  const started = { worker, waiting: new Map<number, (r: Reply) => void>(), next: 1 };
  const fail = (error: string) => {
    if (checker === started) checker = undefined;
    for (const [id, answer] of started.waiting) answer({ id, error });
    started.waiting.clear();
  };
  worker.on("message", (reply: Reply) => {
    started.waiting.get(reply.id)?.(reply);
    started.waiting.delete(reply.id);
    if (started.waiting.size === 0) worker.unref();
  });
  worker.on("error", (err) => fail(err.message));
  worker.on("exit", (code) => fail(`the checking thread exited with code ${code}`));
  return started;
}

/**
 * typeCheckHere in the checking thread: start it, grade, then await it. Rejects with a
 * KitError when the check itself could not run.
 */
export function typeCheckHomework(hwDir: string): Promise<string[]> {
  const c = (checker ??= startChecker());
  const id = c.next++;
  c.worker.ref();
  return new Promise((resolvePromise, reject) => {
    c.waiting.set(id, (reply) => {
      if ("lines" in reply) resolvePromise(reply.lines);
      else reject(new KitError("E_TYPECHECK", `type check of ${hwDir} could not run: ${reply.error}`));
    });
    c.worker.postMessage({ id, hwDir: resolve(hwDir) });
  });
}
