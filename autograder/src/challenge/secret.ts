/**
 * The secret the challenges' test sets are drawn from. The source digits are public (an npm
 * package anyone installs), so a test set drawn from a public seed could be rebuilt with its
 * labels; drawn from this secret, its distortions and order cannot. Unlike the hidden-case
 * salt (hidden-salt.ts), which may change with every package, this secret must stay the same
 * from the handout (which ships the test inputs) to the grading package (which holds their
 * labels): a new secret is a new test set.
 *
 * `KIT_CHALLENGE_SECRET` when set, else `autograder/.challenge-secret`, made once with random
 * bytes on first use and kept out of git. Handouts ship neither.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_ROOT } from "../paths.js";

export const SECRET_FILE = join(KIT_ROOT, "autograder", ".challenge-secret");

/** This checkout's challenge secret (see above). */
export function challengeSecret(): string {
  const fromEnv = process.env.KIT_CHALLENGE_SECRET;
  if (fromEnv) return fromEnv;
  if (!existsSync(SECRET_FILE)) {
    try {
      writeFileSync(SECRET_FILE, `${randomBytes(16).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process made it first: read theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return readFileSync(SECRET_FILE, "utf8").trim();
}
