/**
 * The self-contained grading tree of one homework: the NDArray library (with its students'
 * guide, NDARRAY.md), the grader (source-files.ts), the homework's suite, its fixtures, a
 * package.json naming exactly the packages the shipped code uses, and a lockfile cut from the
 * repository's. Three kinds:
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
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { KitError } from "#ndarray";
import { UnknownHomeworkError } from "../errors.js";
import { buildFixtures, writeFixtures } from "../fixtures.js";
import { renderHandoutHtml } from "../handout-html.js";
import { KIT_ROOT } from "../paths.js";
import { freshSalt } from "../hidden-salt.js";
import { sha256 } from "../stub-hashes.js";
import { referenceEntry } from "../target.js";
import { homeworks, loadSuite, SUITE_FILES } from "../../suites/index.js";
import { subsetLockfile } from "./lockfile.js";
import { DEBUG_ENTRIES, EXAMPLE_ENTRIES, GRADER_ENTRIES, packagesNamed, sourceFiles, trainerEntries, trainerNeedsDigits } from "./source-files.js";
import { challengeDir } from "../challenge/files.js";
import { CHALLENGE_HOMEWORKS } from "../challenge/spec.js";
import { writeChallengeFiles } from "../challenge/write-files.js";
import { stripHiddenSizes } from "./strip-hidden.js";

export type TreeKind = "handout" | "autolab" | "gradescope";

/** One file of a tree, by its path inside the tree: a copy of a kit file, or text made for the tree. */
export type TreeFile = { path: string; from: string } | { path: string; text: string };

/** What every tree's scripts run (`tsx`), and what a handout's `npm run typecheck` needs besides the packages' own types. */
const TOOLS = ["tsx"];
const HANDOUT_TOOLS = ["typescript", "@types/node"];

/** hw when it has a Part-2 challenge (challenge/spec.ts). */
const challengeOf = (hw: string) => CHALLENGE_HOMEWORKS.find((h) => h === hw);

/** A challenge's command line and the loader of its own homework's model, which challenge-cli.ts imports by a URL the scan does not follow. */
const challengeEntries = (hw: string) => (challengeOf(hw) === undefined ? [] : ["challenge/challenge-cli.ts", `challenge/${hw}-model.ts`]);

function hasTrainer(hw: string): boolean {
  return existsSync(join(KIT_ROOT, "autograder/src/train", `${hw}.ts`));
}

interface RootPackage {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/**
 * The tree's package.json. Its dependencies are the repository's run-time dependencies
 * that the tree's own code names (so hw1's handout installs no hw4 name lists), the tools
 * its scripts run and, in a handout, the type packages `tsc` needs for them; the versions
 * are the repository's.
 */
function packageJson(hw: string, kind: TreeKind, code: readonly string[]) {
  const root = JSON.parse(readFileSync(join(KIT_ROOT, "package.json"), "utf8")) as RootPackage;
  const all = { ...root.dependencies, ...root.devDependencies };
  const used = packagesNamed(code, Object.keys(root.dependencies));
  const types = used.map((n) => `@types/${n.replace(/^@(.*)\//, "$1__")}`).filter((n) => n in all);
  const names = [...used, ...TOOLS, ...(kind === "handout" ? [...HANDOUT_TOOLS, ...types] : [])].sort();
  const training = kind === "handout" && hasTrainer(hw);
  const scripts: Record<string, string> = { grade: "tsx autograder/src/grade-cli.ts" };
  if (kind === "handout") Object.assign(scripts, { submit: "tsx autograder/src/submit-cli.ts", typecheck: "tsc --noEmit", example: "tsx autograder/src/example-cli.ts" });
  if (training && trainerNeedsDigits(hw)) scripts.data = "tsx autograder/src/data/data-cli.ts";
  if (training) scripts.train = "tsx autograder/src/train/train-cli.ts";
  if (kind === "handout" && challengeOf(hw) !== undefined) scripts.challenge = "tsx autograder/src/challenge/challenge-cli.ts";
  return {
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
}

function tsconfig(hw: string): string {
  const root = JSON.parse(readFileSync(join(KIT_ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: object };
  return `${JSON.stringify({ compilerOptions: root.compilerOptions, include: ["ndarray", hw, "autograder"] }, null, 2)}\n`;
}

/** The files under `dir` (a kit folder), by path relative to it, leaving out the folders `skip` names. */
function filesUnder(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  return readdirSync(join(KIT_ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((rel) => !skip(rel) && statSync(join(KIT_ROOT, dir, rel)).isFile())
    .sort();
}

const kitFile = (path: string): TreeFile => ({ path, from: join(KIT_ROOT, path) });

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

/**
 * Every file of `hw`'s tree of `kind` except its fixtures (they come from running the
 * reference): what `writeTree` writes, and what the tests inspect without writing anything.
 */
export function treeFiles(hw: string, kind: TreeKind): TreeFile[] {
  if (!Object.hasOwn(SUITE_FILES, hw)) throw new UnknownHomeworkError(hw, homeworks());
  const suiteDir = join("autograder/suites", dirname(SUITE_FILES[hw]));
  const handout = kind === "handout";
  // A handout also has grade --debug (in-process, for a student's debugger); the graders' trees never do.
  const entries = handout ? [...GRADER_ENTRIES, ...DEBUG_ENTRIES, ...EXAMPLE_ENTRIES, ...(hasTrainer(hw) ? trainerEntries(hw) : []), ...challengeEntries(hw)] : GRADER_ENTRIES;
  const suite = filesUnder(suiteDir).map((f) => join(suiteDir, f));
  const files: TreeFile[] = [
    // The benchmarks and the GPU check are the instructors' tools, not the library students use.
    ...filesUnder("ndarray", (rel) => rel.startsWith("bench") || rel.startsWith("native/gpu-check") || /(^|\/)build(\/|$)/.test(rel)).map((f) => kitFile(join("ndarray", f))),
    ...sourceFiles(entries).map((f) => kitFile(join("autograder/src", f))),
    kitFile("autograder/suites/index.ts"),
    // A handout's suite has its hidden sizes removed.
    ...suite.map((f) => (handout && f.endsWith(".ts") ? { path: f, text: stripHiddenSizes(readFileSync(join(KIT_ROOT, f), "utf8"), f) } : kitFile(f))),
  ];
  if (handout) {
    const stubs = filesUnder(hw);
    const hashes = Object.fromEntries(stubs.filter((f) => f.endsWith(".ts")).map((f) => [f, sha256(readFileSync(join(KIT_ROOT, hw, f), "utf8"))]));
    files.push(
      ...stubs.map((f) => kitFile(join(hw, f))),
      kitFile(`handouts/${hw}.md`),
      // Its figures, which the Markdown shows from there; the HTML pages carry them inline.
      ...(existsSync(join(KIT_ROOT, "handouts/figures", hw)) ? filesUnder(`handouts/figures/${hw}`).map((f) => kitFile(`handouts/figures/${hw}/${f}`)) : []),
      // The write-up and the library's guide also as pages a browser opens offline.
      { path: `handouts/${hw}.html`, text: renderHandoutHtml(readFileSync(join(KIT_ROOT, "handouts", `${hw}.md`), "utf8"), `${hw} write-up`, { file: `handouts/${hw}.md`, dir: join(KIT_ROOT, "handouts") }) },
      { path: "ndarray/NDARRAY.html", text: renderHandoutHtml(readFileSync(join(KIT_ROOT, "ndarray/NDARRAY.md"), "utf8"), "NDArray guide", { file: "ndarray/NDARRAY.md", dir: join(KIT_ROOT, "ndarray") }) },
      { path: "autograder/stub-hashes.json", text: `${JSON.stringify({ hw, files: hashes }, null, 2)}\n` },
      { path: "README.md", text: handoutReadme(hw) },
      { path: "tsconfig.json", text: tsconfig(hw) },
      { path: ".gitignore", text: "node_modules/\nhandin.tar\n" },
    );
  }
  const code = files.filter((f) => f.path.endsWith(".ts")).map((f) => ("text" in f ? f.text : readFileSync(f.from, "utf8")));
  const pkg = packageJson(hw, kind, code);
  const { name, version, dependencies, engines } = pkg;
  files.push(
    { path: "package.json", text: `${JSON.stringify(pkg, null, 2)}\n` },
    { path: "package-lock.json", text: subsetLockfile({ name, version, dependencies, engines }, dependencies) },
  );
  return files;
}

export async function writeTree(hw: string, out: string, kind: TreeKind): Promise<void> {
  const suite = await loadSuite(hw);
  const ref = referenceEntry(hw);
  if (ref === undefined) throw new KitError("E_NO_REFERENCE", `this checkout has no reference/${hw}/ to build fixtures from`);
  if (existsSync(out) && readdirSync(out).length > 0) throw new KitError("E_PACKAGE", `${out} is not empty; choose a new folder`);
  for (const file of treeFiles(hw, kind)) {
    const to = join(out, file.path);
    mkdirSync(dirname(to), { recursive: true });
    if ("text" in file) writeFileSync(to, file.text);
    else copyFileSync(file.from, to);
  }
  // A package's hidden cases get a salt of their own, thrown away once its fixtures exist.
  const hidden = kind !== "handout";
  writeFixtures(join(out, "fixtures", hw), hw, buildFixtures(suite, await import(ref), hidden ? { hidden, salt: freshSalt() } : { hidden }));
  // Part 2: the handout's challenge inputs, drawn from the course's secret, and the validation set; never the test labels.
  const challenge = challengeOf(hw);
  if (!hidden && challenge !== undefined) writeChallengeFiles(challengeDir(challenge, out), challenge);
}

/** The handout's own README: the commands, and links to the write-up and the library's guide (both shipped beside it). */
function handoutReadme(hw: string): string {
  return [
    `# ${hw}`,
    "",
    `The write-up is [handouts/${hw}.html](handouts/${hw}.html): open it in a browser (it loads nothing from the network);`,
    `[handouts/${hw}.md](handouts/${hw}.md) is the same text as Markdown, its figures in handouts/figures/${hw}/. Your code goes in \`${hw}/\`;`,
    "the NDArray library is `ndarray/`, and [ndarray/NDARRAY.html](ndarray/NDARRAY.html) ([.md](ndarray/NDARRAY.md)) is its guide: every function and method, with examples.",
    "",
    "```sh",
    "npm install                       # once (Node 20 or newer)",
    `npm run grade ${hw}                 # grade your ${hw}/ on the public cases`,
    `npm run grade ${hw} -- --only ID    # one test (or every test under an id prefix)`,
    `npm run grade ${hw} -- --watch      # re-grade on every save`,
    `npm run example ${hw} SECTION       # the write-up's worked examples of a section (or a test id, or all) on your code`,
    "npm run typecheck                 # type errors (the grader strips types without checking them)",
    `npm run submit ${hw}                # writes handin.tar with your ${hw}/ files`,
    ...(hasTrainer(hw) && trainerNeedsDigits(hw) ? ["npm run data                      # the digits, offline, into data/"] : []),
    ...(hasTrainer(hw) ? [`npm run train ${hw}                 # train your ${hw} (its write-up says on what)`] : []),
    "```",
    "",
  ].join("\n");
}
