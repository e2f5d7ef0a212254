/**
 * report.html's script: client.ts and the parts of Chart.js it uses, bundled by esbuild
 * into one minified script, so the page carries its charting library and needs no network
 * when it is opened. Built once per process.
 */
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("./client.ts", import.meta.url));

let bundled: string | undefined;

export function dashboardScript(): string {
  bundled ??= buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "inline",
    logLevel: "silent",
  }).outputFiles[0].text;
  return bundled;
}
