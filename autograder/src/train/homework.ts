/**
 * Loads the homework module a training run uses: the student's `hwN/index.ts`, or
 * `reference/hwN/index.ts` with --reference. Training is not grading: the module runs in
 * this process, unsandboxed, like any script the student runs on their own code.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { KitError } from "#ndarray";
import { KIT_ROOT } from "../paths.js";

export async function loadHomework<HW>(hw: string, reference: boolean): Promise<HW> {
  const file = join(KIT_ROOT, reference ? "reference" : "", hw, "index.ts");
  if (!existsSync(file)) {
    throw new KitError("E_NO_HOMEWORK", `${reference ? "--reference: this checkout has no" : "no"} ${reference ? "reference/" : ""}${hw}/index.ts to train`);
  }
  return (await import(pathToFileURL(file).href)) as HW;
}
