import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // Hooks here build handouts, copy the kit and start browsers; on a loaded two-core CI
    // machine that outlasts vitest's 10 s default (a kit copy's removal alone took longer).
    hookTimeout: 60_000,
    // Vitest runs one file at a time on two cores (cores − 1); most of this suite's time is
    // spent waiting on the processes it starts (sandboxes, graders, npm, a browser), so three
    // files at once: on two cores the whole suite took 524 s so, against 621 s with two.
    maxWorkers: 3,
  },
});
