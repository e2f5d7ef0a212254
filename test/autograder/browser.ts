/**
 * Test helpers: pages the kit writes, opened in a real headless Chromium (Debian's
 * `chromium`, driven by playwright-core). A page may load nothing but file: URLs; every
 * console error, uncaught error, dialog (an `alert` would mean injected script ran) and
 * attempted network request is recorded for the test to assert on. Screenshots go to an
 * artifacts folder outside the repository, printed once.
 */
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Why browser tests cannot run here, or undefined when they can. */
export const noBrowser: string | undefined = existsSync(CHROMIUM) ? undefined : `skipped: no Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)`;

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** What a page did that a self-contained, inert page never does. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  requests: string[];
}

/** A new page of `browser` at `file`, with its problems recorded from the start. */
export async function openFile(browser: Browser, file: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], dialogs: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") problems.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => problems.pageErrors.push(e.message));
  page.on("dialog", (d) => {
    problems.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    problems.requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, problems };
}

/** The folder screenshots of `name` go to, made and printed once. */
export function artifactsDir(name: string): string {
  const dir = join(process.env.KIT_ARTIFACTS ?? join(tmpdir(), "kit-artifacts"), name);
  mkdirSync(dir, { recursive: true });
  console.log(`${name}: screenshots in ${dir}`);
  return dir;
}
