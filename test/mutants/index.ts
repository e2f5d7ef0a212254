/**
 * Every homework's catalog of planted bugs, by homework folder name (mutants.test.ts grades
 * them all), found from the folder layout: `hwN.ts` beside this file, exporting `HWN_MUTANTS`,
 * is homework hwN's catalog, so adding one edits no list here.
 */
import { readdirSync } from "node:fs";
import type { Mutant } from "./mutant.js";

const CATALOG_FILE = /^(hw\d+)\.ts$/;

async function loadCatalog(hw: string): Promise<Mutant[]> {
  const name = `${hw.toUpperCase()}_MUTANTS`;
  const mod = (await import(new URL(`./${hw}.ts`, import.meta.url).href)) as Record<string, Mutant[] | undefined>;
  const catalog = mod[name];
  if (catalog === undefined) throw new Error(`test/mutants/${hw}.ts must export ${name}`);
  return catalog;
}

async function loadCatalogs(): Promise<Record<string, Mutant[]>> {
  const hws = readdirSync(new URL(".", import.meta.url))
    .map((file) => CATALOG_FILE.exec(file)?.[1])
    .filter((hw): hw is string => hw !== undefined)
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
  return Object.fromEntries(await Promise.all(hws.map(async (hw) => [hw, await loadCatalog(hw)] as const)));
}

export const MUTANTS: Readonly<Record<string, Mutant[]>> = await loadCatalogs();
