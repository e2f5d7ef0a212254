/** What report.html hands its script for the charts: figures only, no text a student chose. */
import type { Bin } from "./class-stats.js";

export interface HistogramData {
  /** The canvas's element id. */
  canvas: string;
  label: string;
  bins: Bin[];
}

export interface DashboardData {
  histograms: HistogramData[];
  /** Hardest first: the share of graded students passing each test's public cases, and its hidden cases too. */
  passRates: { test: string; publicRate: number; hiddenRate: number }[];
  /** Tests with timeouts or crashes, most first. */
  timeouts: { test: string; timeout: number; crashed: number }[];
  /** The outcome kinds that occur (passed included), and each test's count of each, in suite order. */
  kinds: { labels: string[]; tests: string[]; counts: number[][] };
}

/** The id of the script element holding the data. */
export const DATA_ELEMENT = "dashboard-data";
