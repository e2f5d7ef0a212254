/**
 * `npm run package:autolab -- hwN --out DIR` writes what an Autolab lab needs:
 *
 * - `hwN.yml`: the lab (autolab-yml.ts): general settings with the handin's file name,
 *   the problems (exactly the score line's keys) and the autograder (image, time limit);
 * - `autograde.tar`: the grading tree (package/tree.ts, kind "autolab": grader, suite,
 *   public and hidden fixtures, and a challenge's test labels beside them) with its
 *   node_modules installed for Linux x86-64, so the job needs no network;
 * - `autograde-Makefile`: unpacks it and grades the handin within the lab's time limit,
 *   ending stdout with the `{"scores": {...}}` line Autolab reads;
 * - `hwN-autolab.tar`: the three above in a `hwN/` folder, for Autolab's "Install
 *   Assessment > Import from tarball";
 * - `Dockerfile`: the autograding image with Node ≥ 20 that the lab's image names.
 *
 * `runAutolabJob` (autolab-job.ts) runs such a job here the way Tango does.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tar from "tar";
import { KitError } from "#ndarray";
import { autolabZeroLine } from "../reports/autolab.js";
import { writePackageLabels } from "../challenge/score-labels.js";
import { loadSuite } from "../../suites/index.js";
import { autolabAssessment, autolabYml, checkAutolabYml, DEFAULT_AUTOLAB_SETTINGS, type AutolabAssessment, type AutolabSettings } from "./autolab-yml.js";
import { gradingBudget } from "./budget.js";
import { installFromLockfile, writeTree } from "./tree.js";

const DOCKERFILE = new URL("./Dockerfile", import.meta.url);

/** The autodriver's limits (Tango's config: VM_ULIMIT_USER_PROC, VM_ULIMIT_FILE_SIZE, MAX_OUTPUT_FILE_SIZE). */
export const AUTODRIVER_LIMITS = { processes: 100, fileBytes: 100 * 2 ** 20, outputBytes: 1000 * 1024 } as const;

/** Single-quoted for sh: the handin's name is the lab's, and may hold spaces. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function autolabMakefile(a: AutolabAssessment, zeroLine: string): string {
  const hw = a.general.name;
  const limit = a.autograder.autograde_timeout;
  const grade = [
    "node --v8-pool-size=2 --import tsx autograder/src/grade-cli.ts",
    hw,
    `--handin ${shellQuote(a.general.handin_filename)}`,
    `--fixtures fixtures/${hw} --hidden --autolab`,
    "--timeout $(TIMEOUT_MS) --memory $(MEMORY_MIB) --budget $(BUDGET_S)",
  ].join(" ");
  return [
    `# Autolab job for ${hw}, written by \`npm run package:autolab\`. Tango copies this file (as`,
    `# Makefile), autograde.tar and the student's handin (as ${a.general.handin_filename}, the lab's handin_filename)`,
    "# into an empty folder and runs `make` there under its autodriver: as an unprivileged user,",
    `# at most ${AUTODRIVER_LIMITS.processes} processes and threads, ${AUTODRIVER_LIMITS.fileBytes / 2 ** 20} MiB per file,`,
    `# ${AUTODRIVER_LIMITS.outputBytes / 1024} KiB of output kept.`,
    "# Autolab reads the last line of the output as the scores.",
    "",
    `# Seconds the grader may take: the lab's autograde_timeout (${limit} s) less a margin, so that`,
    "# the score line is out before Tango kills the job.",
    `BUDGET_S ?= ${gradingBudget(limit)}`,
    "# Per-case time limit in ms, and the memory limit of the process running the student's code in MiB.",
    "TIMEOUT_MS ?= 10000",
    "MEMORY_MIB ?= 2048",
    "# Threads count towards the autodriver's process limit: keep esbuild's (Go) and Node's pools small.",
    "export GOMAXPROCS := 2",
    "export UV_THREADPOOL_SIZE := 2",
    "export FORCE_COLOR := 0",
    "# The score line when the grader cannot run at all (say, no Node on the image).",
    `ZERO_LINE := ${zeroLine}`,
    "",
    ".PHONY: all",
    "all:",
    `\t@tar xf autograde.tar && ${grade} || { echo "autograde: the grader could not run (exit $$?); the image needs Node 20 or newer"; echo '$(ZERO_LINE)'; }`,
    "",
  ].join("\n");
}

export interface AutolabPackage {
  assessment: AutolabAssessment;
  yml: string;
  tarball: string;
  makefile: string;
  /** The three above in `hwN/`, for Autolab's "Import from tarball". */
  importable: string;
  dockerfile: string;
}

/** Builds the package for `hw` into `out` (created); returns the paths written. */
export async function packageAutolab(hw: string, out: string, settings: Partial<AutolabSettings> = {}): Promise<AutolabPackage> {
  const suite = await loadSuite(hw);
  const assessment = autolabAssessment(suite, { ...DEFAULT_AUTOLAB_SETTINGS, ...settings });
  const ymlText = autolabYml(assessment);
  const { errors } = checkAutolabYml(ymlText, hw);
  if (errors.length > 0) throw new KitError("E_PACKAGE", `${hw}.yml would not import into Autolab: ${errors.join("; ")}`);
  const makefileText = autolabMakefile(assessment, autolabZeroLine(suite));

  const staging = mkdtempSync(join(tmpdir(), `kit-autolab-${hw}-`));
  try {
    const tree = join(staging, "tree");
    await writeTree(hw, tree, "autolab");
    await writePackageLabels(tree, hw);
    installFromLockfile(tree);
    const lab = join(staging, hw);
    mkdirSync(lab);
    tar.c({ file: join(lab, "autograde.tar"), cwd: tree, sync: true, portable: true }, ["."]);
    writeFileSync(join(lab, "autograde-Makefile"), makefileText);
    writeFileSync(join(lab, `${hw}.yml`), ymlText);

    mkdirSync(out, { recursive: true });
    const written = {
      yml: join(out, `${hw}.yml`),
      tarball: join(out, "autograde.tar"),
      makefile: join(out, "autograde-Makefile"),
      importable: join(out, `${hw}-autolab.tar`),
      dockerfile: join(out, "Dockerfile"),
    };
    for (const f of ["autograde.tar", "autograde-Makefile", `${hw}.yml`]) copyFileSync(join(lab, f), join(out, f));
    tar.c({ file: written.importable, cwd: staging, sync: true, portable: true }, [hw]);
    copyFileSync(DOCKERFILE, written.dockerfile);
    return { assessment, ...written };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
