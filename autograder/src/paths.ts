/** Where the kit lives, so every tool finds ndarray/, reference/, the suites and the homework folders. */
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const KIT_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
