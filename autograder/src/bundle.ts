/**
 * Compiles a homework folder, once per grading run, into the single script the sandboxed
 * child runs: the child entry (child.ts), the suite (for its `run` functions), the NDArray
 * library and the student's code. esbuild strips the types (type errors are `npm run
 * typecheck`'s business, not the grader's) and inlines a source map so stack traces name
 * the student's .ts files.
 *
 * The submission may import only its own folder, the NDArray library (`#ndarray`) and the
 * kit's installed packages, wherever the folder lives (a handin is unpacked far from the
 * kit's node_modules). Every import in the student's files is resolved here: one whose
 * path leaves the folder is refused from its text alone, and one that cannot be resolved,
 * or resolves to any other file, gets the same "Could not resolve" whether that file
 * exists or not. Compile errors name files inside the folder only, so grading never tells
 * a student anything about the grading machine's files. No tsconfig.json is read: a
 * handin's could `extends` any file of the machine.
 */
import { existsSync } from "node:fs";
import { basename, isAbsolute, relative, resolve } from "node:path";
import { build, type Location, type Message, type Plugin } from "esbuild";
import { SubmissionCompileError } from "./errors.js";
import { KIT_ROOT } from "./paths.js";
import { plainText } from "./reports/plain-text.js";

/** What esbuild uses of the kit's own tsconfig.json, so a bundle is the same wherever it is built. */
const TSCONFIG = { compilerOptions: { target: "ES2022", strict: true, verbatimModuleSyntax: true } } as const;
const PLUGIN = "kit-imports";
const OUTSIDE = "(a file outside your homework folder)";
/** The generated entry's name: outside the homework folder, so a message about it names no file. */
const ENTRY = resolve(KIT_ROOT, "autograder/src/grader-entry.ts");
/** Marks the resolutions the plugin asks esbuild for, so it does not intercept its own. */
const OWN = { resolving: true };

function inside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return !rel.startsWith("..") && !isAbsolute(rel);
}

/** The folders the student's imports may reach: their own, the library and the installed packages. */
function studentDirs(hwDir: string): string[] {
  return [hwDir, resolve(KIT_ROOT, "ndarray"), resolve(KIT_ROOT, "node_modules")];
}

/** The folders the whole bundle may come from: those and the grader's side (child.ts, the suite). */
function bundleDirs(hwDir: string): string[] {
  return [...studentDirs(hwDir), resolve(KIT_ROOT, "autograder/src"), resolve(KIT_ROOT, "autograder/suites")];
}

function isLocal(path: string): boolean {
  return path === "." || path === ".." || path.startsWith("./") || path.startsWith("../") || isAbsolute(path);
}

/** Resolves `#ndarray` to the kit's library, and every import of the student's files as the file comment says. */
function homeworkImports(hwDir: string): Plugin {
  const allowed = studentDirs(hwDir);
  return {
    name: PLUGIN,
    setup(b) {
      b.onResolve({ filter: /^#ndarray$/ }, () => ({ path: resolve(KIT_ROOT, "ndarray/index.ts") }));
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === OWN || !inside(args.importer, hwDir)) return undefined;
        const shown = plainText(args.path);
        const local = isLocal(args.path);
        if (local && !inside(resolve(args.resolveDir, args.path), hwDir)) {
          return { errors: [{ text: `imports files outside the homework folder, which the grader does not allow: "${shown}"` }] };
        }
        const r = await b.resolve(args.path, {
          kind: args.kind,
          importer: local ? args.importer : undefined,
          resolveDir: local ? args.resolveDir : KIT_ROOT,
          pluginData: OWN,
        });
        if (r.errors.length === 0 && r.external) return { path: r.path, external: true };
        if (r.errors.length > 0 || r.namespace !== "file" || !allowed.some((dir) => inside(r.path, dir))) {
          return { errors: [{ text: `Could not resolve "${shown}"` }] };
        }
        return { path: r.path, sideEffects: r.sideEffects, suffix: r.suffix };
      });
    },
  };
}

/**
 * The message with any path outside the homework folder replaced by OUTSIDE. esbuild
 * prints paths relative to its working folder, the homework folder: a path starting with
 * `../` or `/` leaves it.
 */
function scrub(text: string, hwDir: string, name: string): string {
  return plainText(text)
    .split(`${hwDir}/`)
    .join(`${name}/`)
    .split(KIT_ROOT)
    .join(OUTSIDE)
    .replace(/"(?:\.\.\/|\/)[\w@.+-][^"]*"/g, OUTSIDE)
    .replace(/(?<=^|[\s(:'])(?:(?:\.\.\/)+|\/[\w@.+-]+\/)[^\s"')]*/g, OUTSIDE);
}

function where(loc: Location | null, hwDir: string, name: string): string {
  if (loc === null) return "";
  const file = resolve(hwDir, loc.file);
  // esbuild leaves the namespace of a location in a file empty.
  if ((loc.namespace !== "" && loc.namespace !== "file") || !inside(file, hwDir)) return `${OUTSIDE}: `;
  return `${name}/${relative(hwDir, file)}:${loc.line}:${loc.column}: `;
}

function formatMessage(m: Message, hwDir: string, name: string): string {
  const text = m.pluginName === PLUGIN ? m.text : scrub(m.text, hwDir, name);
  return `${where(m.location, hwDir, name)}${text}`;
}

export interface BundleOptions {
  /** The homework folder to grade (holds index.ts). */
  hwDir: string;
  /** The suite file, absolute. */
  suiteFile: string;
  /** Where to write the bundle (.mjs). */
  outFile: string;
}

export async function bundleSubmission(opts: BundleOptions): Promise<void> {
  const hwDir = resolve(opts.hwDir);
  const name = basename(hwDir);
  const index = resolve(hwDir, "index.ts");
  if (!existsSync(index)) throw new SubmissionCompileError(`your code does not compile: ${name}/index.ts is missing`);
  const entry = [
    `import { serve } from ${JSON.stringify(resolve(KIT_ROOT, "autograder/src/child.ts"))};`,
    `import suite from ${JSON.stringify(resolve(opts.suiteFile))};`,
    `serve(suite, () => import(${JSON.stringify(index)}));`,
  ].join("\n");
  let result;
  try {
    result = await build({
      stdin: { contents: entry, resolveDir: KIT_ROOT, loader: "ts", sourcefile: ENTRY },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: opts.outFile,
      sourcemap: "inline",
      metafile: true,
      logLevel: "silent",
      absWorkingDir: hwDir,
      tsconfigRaw: TSCONFIG,
      plugins: [homeworkImports(hwDir)],
    });
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (!errors) throw err;
    throw new SubmissionCompileError(`your code does not compile:\n${errors.map((m) => formatMessage(m, hwDir, name)).join("\n")}`);
  }
  // The plugin checks each import; this catches what it cannot see, such as an index.ts that links elsewhere.
  const allowed = bundleDirs(hwDir);
  const outside = Object.keys(result.metafile.inputs).filter((f) => !allowed.some((dir) => inside(resolve(hwDir, f), dir)));
  if (outside.length > 0) {
    throw new SubmissionCompileError(`your code imports files outside its homework folder, which the grader does not allow`);
  }
}
