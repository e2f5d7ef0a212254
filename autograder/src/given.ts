/**
 * Given code: the helpers every homework needs (`cached`) and the complete layers a later
 * homework reuses (Linear, GELU, Dropout) are written once, in reference/given/, and
 * copied into each homework that lists them in `reference/hwN/given.json` (a JSON list of
 * file names). A homework never imports another folder, so every handout stands alone; the
 * copies are what keeps one fix reaching every homework. A copy is its source with one
 * header line in front, which also marks it, so a copy nobody lists any more is found.
 * `npm run stubs` writes the copies (stubs.ts), `npm run stubs:check` fails on one that drifted.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/** The folder of the single sources, relative to the kit's root. */
export const GIVEN_DIR = "reference/given";

/** The list of given files a homework takes, inside reference/hwN/. */
export const GIVEN_LIST = "given.json";

const HEADER_START = "// Given code, complete: generated from ";

/** The first line of every copy of `reference/given/<file>`. */
export function givenHeader(file: string): string {
  return `${HEADER_START}${GIVEN_DIR}/${file} by npm run stubs (instructors: edit that file, not this one).`;
}

/** Whether a homework file's text is a copy of given code (it starts with a header). */
export function isGivenCopy(text: string): boolean {
  return text.startsWith(HEADER_START);
}

/** One file a homework takes: its name (in reference/given/ and in the homework) and the copy's text. */
export interface GivenCopy {
  file: string;
  text: string;
}

/** The copies a homework must hold, and one line per problem with its list or the sources. */
export interface GivenPlan {
  copies: GivenCopy[];
  problems: string[];
}

/** The given files `hw` lists (none without a given.json), or a problem naming the list. */
function readList(root: string, hw: string): { files: string[]; problems: string[] } {
  const listPath = `reference/${hw}/${GIVEN_LIST}`;
  if (!existsSync(join(root, listPath))) return { files: [], problems: [] };
  const wrong = `${listPath} must be a JSON list of file names in ${GIVEN_DIR}/, like ["cached.ts"]`;
  let files: unknown;
  try {
    files = JSON.parse(readFileSync(join(root, listPath), "utf8"));
  } catch (e) {
    return { files: [], problems: [`${wrong} (${e instanceof Error ? e.message : String(e)})`] };
  }
  if (!Array.isArray(files) || !files.every((f): f is string => typeof f === "string" && /^[\w.-]+\.ts$/.test(f))) {
    return { files: [], problems: [wrong] };
  }
  return { files, problems: [] };
}

/**
 * What a given source needs of the homework beside it: every import is `#ndarray` (or an
 * installed package) or a sibling given file, which the homework must list too.
 */
function importProblems(file: string, text: string, listed: readonly string[], listPath: string): string[] {
  return ts.preProcessFile(text, true, false).importedFiles.flatMap(({ fileName: spec }) => {
    if (!spec.startsWith(".")) return [];
    const sibling = /^\.\/([\w.-]+)\.js$/.exec(spec)?.[1];
    if (sibling === undefined) return [`${GIVEN_DIR}/${file} imports "${spec}"; given code may import only #ndarray, packages and other given files ("./name.js")`];
    return listed.includes(`${sibling}.ts`) ? [] : [`${GIVEN_DIR}/${file} imports "${spec}": add "${sibling}.ts" to ${listPath}`];
  });
}

/** The given copies homework `hw` must hold, read from its given.json and reference/given/. */
export function givenPlan(root: string, hw: string): GivenPlan {
  const { files, problems } = readList(root, hw);
  const listPath = `reference/${hw}/${GIVEN_LIST}`;
  const copies: GivenCopy[] = [];
  for (const file of files) {
    const source = join(root, GIVEN_DIR, file);
    if (!existsSync(source)) {
      problems.push(`${listPath} lists ${file}, which ${GIVEN_DIR}/ does not have`);
      continue;
    }
    const text = readFileSync(source, "utf8");
    if (/\/\/ (BEGIN|END) SOLUTION/.test(text)) {
      problems.push(`${GIVEN_DIR}/${file} has solution markers; given code is complete and ships as it is`);
      continue;
    }
    problems.push(...importProblems(file, text, files, listPath));
    copies.push({ file, text: `${givenHeader(file)}\n${text}` });
  }
  return { copies, problems };
}
