/**
 * The dashboard's leaderboard: the class leaderboard (challenge/leaderboard-class.ts) as a
 * table, the same ranks, names and figures as leaderboard.csv. Nicknames are text students
 * chose, escaped like every other.
 */
import { cutoffText } from "../challenge/config.js";
import { classLeaderboard, metricColumn } from "../challenge/leaderboard-class.js";
import type { ChallengeConfig } from "../challenge/spec.js";
import type { ClassRow } from "../class-grading.js";
import { escapeHtml } from "./html.js";

export function leaderboardSection(rows: readonly ClassRow[], c: ChallengeConfig): string {
  const board = classLeaderboard(rows, c);
  const head = ["rank", "name", metricColumn(c), "challenge points"];
  const body = board.map((r) => `<tr><td class="num">${r.rank}</td><td class="name">${escapeHtml(r.name)}</td><td class="num">${Math.round(r.value * 10_000) / 100}</td><td class="num">${r.points}</td></tr>`);
  const table =
    board.length === 0
      ? `<p id="no-leaderboard">No handin's predictions were scored.</p>`
      : `<table id="leaderboard"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${body.join("")}</tbody></table>`;
  return `<section id="leaderboard-section"><h2>Leaderboard (Part 2)</h2>
<p>${escapeHtml(`Every handin whose predictions were scored, best first; ${cutoffText(c)}. Names are nicknames (nickname.txt in the handin) or handin names.`)}</p>
${table}</section>`;
}
