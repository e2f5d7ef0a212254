/**
 * Compiles a homework folder, once per grading run, into the single script the sandboxed
 * child runs: the child entry (child.ts), the suite (for its `run` functions), the NDArray
 * library and the student's code. esbuild strips the types (type errors are `npm run
 * typecheck`'s business, not the grader's) and inlines a source map so stack traces name
 * the student's .ts files.
 *
 * The submission may import only its own folder, the NDArray library (`#ndarray`) and
 * installed packages: an import that reaches `reference/`, a fixture or any other file is
 * a compile error, so nothing outside the handout can be baked into the bundle.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { build, type Message, type Plugin } from "esbuild";
import { SubmissionCompileError } from "./errors.js";
import { KIT_ROOT } from "./paths.js";

/** Resolves `#ndarray` to the kit's library wherever the homework folder lives. */
function ndarrayAlias(): Plugin {
  return {
    name: "kit-ndarray",
    setup(b) {
      b.onResolve({ filter: /^#ndarray$/ }, () => ({ path: resolve(KIT_ROOT, "ndarray/index.ts") }));
    },
  };
}

function formatMessage(m: Message): string {
  const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : "";
  return `${where}${m.text}`;
}

function inside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return !rel.startsWith("..") && !isAbsolute(rel);
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
  const entry = [
    `import { serve } from ${JSON.stringify(resolve(KIT_ROOT, "autograder/src/child.ts"))};`,
    `import suite from ${JSON.stringify(resolve(opts.suiteFile))};`,
    `serve(suite, () => import(${JSON.stringify(resolve(hwDir, "index.ts"))}));`,
  ].join("\n");
  let result;
  try {
    result = await build({
      stdin: { contents: entry, resolveDir: KIT_ROOT, loader: "ts", sourcefile: "grader-entry.ts" },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: opts.outFile,
      sourcemap: "inline",
      metafile: true,
      logLevel: "silent",
      absWorkingDir: KIT_ROOT,
      plugins: [ndarrayAlias()],
    });
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (!errors) throw err;
    throw new SubmissionCompileError(`your code does not compile:\n${errors.map(formatMessage).join("\n")}`);
  }
  const allowed = [hwDir, ...["ndarray", "autograder/src", "autograder/suites", "node_modules"].map((d) => resolve(KIT_ROOT, d))];
  const outside = Object.keys(result.metafile.inputs)
    .map((f) => resolve(KIT_ROOT, f))
    .filter((f) => !allowed.some((dir) => inside(f, dir)) && !f.endsWith("grader-entry.ts"));
  if (outside.length > 0) {
    throw new SubmissionCompileError(
      `your code imports files outside ${relative(KIT_ROOT, hwDir) || hwDir}/ and the NDArray library, which the grader does not allow:\n` +
        outside.map((f) => `  ${relative(KIT_ROOT, f)}`).join("\n"),
    );
  }
}
