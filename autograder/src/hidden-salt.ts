/**
 * The secret that makes hidden variants unpredictable. A variant's seed is derived from its
 * case id and position; without a secret part, anyone holding the public suite could rebuild
 * every hidden input offline and hard-code the answers. So hidden seeds also carry a salt:
 *
 * - in the instructors' repository, `KIT_HIDDEN_SALT` when set, else `autograder/.hidden-salt`,
 *   made once with random bytes on first use and kept out of git (so re-runs on one machine
 *   agree with each other);
 * - in an Autolab or Gradescope package, a fresh salt drawn at packaging time (`freshSalt`),
 *   used to build its hidden fixtures and then thrown away: the package ships the fixtures,
 *   never the salt, and handouts ship neither.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_ROOT } from "./paths.js";

const SALT_FILE = join(KIT_ROOT, "autograder", ".hidden-salt");

export function freshSalt(): string {
  return randomBytes(16).toString("hex");
}

/** This checkout's salt for hidden seeds (see above). */
export function hiddenSalt(): string {
  const fromEnv = process.env.KIT_HIDDEN_SALT;
  if (fromEnv) return fromEnv;
  if (!existsSync(SALT_FILE)) {
    try {
      writeFileSync(SALT_FILE, `${freshSalt()}\n`, { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process made it first: read theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return readFileSync(SALT_FILE, "utf8").trim();
}
