/**
 * similarity.html: the ranked pairs of a class, then for each listed pair the code the two
 * share, side by side, longest fragment first. Everything shown (names, code) is the
 * students' and is escaped; the page has no script and loads nothing.
 */
import { escapeHtml, htmlPage } from "../dashboard/html.js";
import { excerpt, type Excerpt } from "./excerpt.js";
import type { Fingerprinted } from "./fingerprints.js";
import { sharedFragments } from "./fragments.js";
import { shownScore, type PairScore } from "./rank.js";
import type { Unread } from "./submissions.js";
import { K, W } from "./winnow.js";

export interface SimilarityInput {
  hw: string;
  subs: readonly Fingerprinted[];
  /** Every pair, ranked. */
  pairs: readonly PairScore[];
  unread: readonly Unread[];
  /** Pairs scoring at least this are flagged. */
  threshold: number;
  /** How many pairs the page lists (the CSV has them all). */
  top: number;
}

/** Fragments shown per pair, longest first. */
const FRAGMENTS_SHOWN = 25;

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 1em 2em; color: #212121; }
table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td { background: #ffebee; }
.pair { margin-top: 2em; border-top: 2px solid #ccc; }
.fragment { margin: 1em 0; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.side > div { min-width: 0; }
.side pre { margin: 0; padding: 0.5em; background: #f5f5f5; overflow-x: auto; font-size: 12px; }
.where { color: #555; font-size: 12px; }
.summary { color: #555; }
`;

function code(e: Excerpt): string {
  const width = String(e.last).length;
  const numbered = e.lines.map((l, i) => `${String(e.first + i).padStart(width)}  ${l}`).join("\n");
  return `<div><div class="where">${escapeHtml(e.path)}, lines ${e.first}–${e.last}</div><pre>${escapeHtml(numbered)}</pre></div>`;
}

function pairDetail(input: SimilarityInput, p: PairScore, rank: number): string {
  const a = input.subs[p.a];
  const b = input.subs[p.b];
  const fragments = sharedFragments(a, b);
  const shown = fragments.slice(0, FRAGMENTS_SHOWN).map(
    (f, i) => `<div class="fragment" id="pair-${rank}-fragment-${i + 1}"><div class="where">fragment ${i + 1}: ${f.matches} shared fingerprints</div>
<div class="side">${code(excerpt(a.files, a.tokens, f.a))}${code(excerpt(b.files, b.tokens, f.b))}</div></div>`,
  );
  const more = fragments.length > FRAGMENTS_SHOWN ? `<p>… and ${fragments.length - FRAGMENTS_SHOWN} shorter fragments.</p>` : "";
  return `<section class="pair" id="pair-${rank}"><h3>${rank}. <span class="a">${escapeHtml(a.student)}</span> and <span class="b">${escapeHtml(b.student)}</span>: score ${shownScore(p.score)}</h3>
<p>${p.shared} shared fingerprints, ${fragments.length} fragments. Left: ${escapeHtml(a.student)}; right: ${escapeHtml(b.student)}.</p>
${shown.join("\n")}${more}</section>`;
}

function rankingRow(input: SimilarityInput, p: PairScore, rank: number): string {
  const a = input.subs[p.a];
  const b = input.subs[p.b];
  const flagged = p.score >= input.threshold;
  const link = p.shared > 0 ? `<a href="#pair-${rank}">fragments</a>` : "";
  return `<tr${flagged ? ' class="flagged"' : ""}><td class="num">${rank}</td><td>${escapeHtml(a.student)}</td><td>${escapeHtml(b.student)}</td><td class="num">${shownScore(p.score)}</td><td class="num">${p.shared}</td><td class="num">${a.prints.size}</td><td class="num">${b.prints.size}</td><td>${link}</td></tr>`;
}

export function similarityHtml(input: SimilarityInput): string {
  const listed = input.pairs.slice(0, input.top);
  const flagged = input.pairs.filter((p) => p.score >= input.threshold).length;
  const unread =
    input.unread.length === 0
      ? ""
      : `<h2>Not compared</h2><ul id="unread">${input.unread.map((u) => `<li>${escapeHtml(u.student)}: ${escapeHtml(u.reason)}</li>`).join("")}</ul>`;
  const title = `${input.hw}: similarity`;
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="summary" id="summary">${input.subs.length} submissions, ${input.pairs.length} pairs, ${flagged} at or above ${input.threshold}. Compared on this machine; nothing was uploaded.</p>
<p>Code the whole class received (the ${escapeHtml(input.hw)}/ stubs) is not counted. Names and literals are ignored, so renaming does not hide a copy, and fingerprints are compared wherever they occur, so reordering does not either. Score: 2 × shared / (fingerprints of one + of the other), from 0 (nothing shared) to 1 (the same code); fingerprints are winnowed hashes of ${K}-token runs (window ${W}).</p>
${unread}
<h2>Pairs, most similar first</h2>
<p>The first ${listed.length} of ${input.pairs.length}; similarity.csv has every pair.</p>
<table id="pairs"><thead><tr><th>rank</th><th>student A</th><th>student B</th><th>score</th><th>shared</th><th>fingerprints A</th><th>fingerprints B</th><th></th></tr></thead>
<tbody>${listed.map((p, i) => rankingRow(input, p, i + 1)).join("\n")}</tbody></table>
<h2>Shared code</h2>
${listed.map((p, i) => (p.shared > 0 ? pairDetail(input, p, i + 1) : "")).join("\n")}`;
  return htmlPage({ title, style: STYLE, body });
}
