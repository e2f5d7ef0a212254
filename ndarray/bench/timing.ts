/** Median wall time in ms of `reps` runs after one warm-up run. */
export function time(reps: number, f: () => void): number {
  f();
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}
