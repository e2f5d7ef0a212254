/**
 * Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003), the algorithm behind MOSS: hash
 * every run of K consecutive tokens, and keep from every window of W consecutive hashes the
 * smallest (the rightmost of equals). Any run of K + W − 1 tokens two files share yields a
 * fingerprint both keep, and runs shorter than K never match: the noise of common short
 * phrases stays out, while a fingerprint's position still locates the shared code.
 */
import type { Token } from "./tokens.js";

/**
 * Tokens per hashed run, and hashes per window: every shared run of K + W − 1 = 29 tokens
 * (about three lines) is found. Chosen on a generated class: renamed, reordered and
 * partial copies score well above independent code at these values, and shorter runs
 * begin to match the common phrases of independent code.
 */
export const K = 20;
export const W = 10;

export interface Fingerprint {
  hash: number;
  /** The file (index into the submission's files) and the index of the run's first token. */
  file: number;
  token: number;
}

const MOD = 2 ** 32;

/** Two 32-bit polynomial rolling hashes of every run of K token kinds, combined into one 53-bit number. */
export function runHashes(tokens: readonly Token[]): number[] {
  const bases = [0x01000193, 0x5bd1e995];
  const powers = bases.map((b) => {
    let p = 1;
    for (let i = 0; i < K - 1; i++) p = Math.imul(p, b) >>> 0;
    return p;
  });
  const h = [0, 0];
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let j = 0; j < 2; j++) {
      if (i >= K) h[j] = (h[j] - Math.imul(tokens[i - K].kind + 1, powers[j]) + MOD) >>> 0;
      h[j] = (Math.imul(h[j], bases[j]) + tokens[i].kind + 1) >>> 0;
    }
    if (i >= K - 1) out.push(h[0] * 2 ** 21 + (h[1] & 0x1fffff));
  }
  return out;
}

/** The fingerprints of each file's tokens; runs never span two files. */
export function winnow(files: readonly (readonly Token[])[]): Fingerprint[] {
  const prints: Fingerprint[] = [];
  files.forEach((tokens, file) => {
    const hashes = runHashes(tokens);
    const windows = hashes.length === 0 ? 0 : Math.max(1, hashes.length - W + 1);
    let last = -1;
    for (let start = 0; start < windows; start++) {
      let pick = start;
      for (let i = start; i < Math.min(start + W, hashes.length); i++) if (hashes[i] <= hashes[pick]) pick = i;
      if (pick !== last) prints.push({ hash: hashes[pick], file, token: pick });
      last = pick;
    }
  });
  return prints;
}
