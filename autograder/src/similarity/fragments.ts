/**
 * The code two submissions share, as fragments to show side by side. Each shared
 * fingerprint is a run of K tokens found in both; runs that follow each other closely in
 * both files (at most K + W tokens apart on each side, as winnowing leaves them in copied
 * code) are one fragment, which spans from its first run's start to its last run's end.
 * Renamed or reordered code gives one fragment per piece that moved as a whole. Code that
 * repeats itself also pairs each copy with the others' neighbours; a fragment that
 * overlaps a longer one on both sides says nothing new and is left out.
 */
import type { Fingerprinted } from "./fingerprints.js";
import { K, W, type Fingerprint } from "./winnow.js";

/** A span of tokens in one file of a submission. */
export interface Span {
  file: number;
  /** First token and one past the last. */
  from: number;
  to: number;
}

export interface Fragment {
  a: Span;
  b: Span;
  /** Shared fingerprints inside it. */
  matches: number;
}

/**
 * A hash found m times in one and n times in the other pairs every occurrence with every
 * other while m·n is at most this; beyond, the i-th with the i-th, so code repeated a
 * hundred times costs a hundred matches, not ten thousand.
 */
const ALL_PAIRS_UP_TO = 64;
const GAP = K + W;

function overlaps(x: Span, y: Span): boolean {
  return x.file === y.file && x.from < y.to && y.from < x.to;
}

/** The fragments `a` and `b` share, longest first. */
export function sharedFragments(a: Fingerprinted, b: Fingerprinted): Fragment[] {
  const matches: { fa: number; ta: number; fb: number; tb: number }[] = [];
  for (const [hash, inA] of a.prints) {
    const inB = b.prints.get(hash);
    if (inB === undefined) continue;
    const pairs: [Fingerprint, Fingerprint][] =
      inA.length * inB.length <= ALL_PAIRS_UP_TO ? inA.flatMap((pa) => inB.map((pb): [Fingerprint, Fingerprint] => [pa, pb])) : inA.slice(0, inB.length).map((pa, i) => [pa, inB[i]]);
    for (const [pa, pb] of pairs) matches.push({ fa: pa.file, ta: pa.token, fb: pb.file, tb: pb.token });
  }
  matches.sort((x, y) => x.fa - y.fa || x.ta - y.ta || x.fb - y.fb || x.tb - y.tb);
  const open: { f: Fragment; lastA: number; lastB: number }[] = [];
  const done: Fragment[] = [];
  for (const m of matches) {
    const near = open.find((o) => o.f.a.file === m.fa && o.f.b.file === m.fb && m.ta > o.lastA && m.ta - o.lastA <= GAP && m.tb > o.lastB && m.tb - o.lastB <= GAP);
    if (near) {
      near.f.a.to = m.ta + K;
      near.f.b.to = m.tb + K;
      near.f.matches++;
      near.lastA = m.ta;
      near.lastB = m.tb;
    } else {
      const f: Fragment = { a: { file: m.fa, from: m.ta, to: m.ta + K }, b: { file: m.fb, from: m.tb, to: m.tb + K }, matches: 1 };
      open.push({ f, lastA: m.ta, lastB: m.tb });
      done.push(f);
    }
    // A fragment whose last match lies more than GAP behind in A (matches come in A's order) can grow no more.
    for (let i = open.length - 1; i >= 0; i--) if (open[i].f.a.file !== m.fa || m.ta - open[i].lastA > GAP) open.splice(i, 1);
  }
  done.sort((x, y) => y.a.to - y.a.from - (x.a.to - x.a.from) || x.a.file - y.a.file || x.a.from - y.a.from);
  const kept: Fragment[] = [];
  for (const f of done) if (!kept.some((k) => overlaps(k.a, f.a) && overlaps(k.b, f.b))) kept.push(f);
  return kept;
}
