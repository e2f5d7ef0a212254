// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * The error function, the same algorithm as the cpu-js kernel (devices/cpu-js/erf.ts):
 * the Maclaurin series below |x| = 2.5, erfc's continued fraction beyond, about 1e-14
 * relative accuracy in float64. exp, log and tanh are AssemblyScript's Math (musl's
 * algorithms, under one ulp in float64), computed in software, so identical everywhere.
 */
const TWO_OVER_SQRT_PI: f64 = 2 / Math.sqrt(Math.PI);
const SERIES_LIMIT: f64 = 2.5;
const FRACTION_DEPTH: i32 = 80;

function erfSeries(x: f64): f64 {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= -x2 / <f64>n;
    const c = term / <f64>(2 * n + 1);
    sum += c;
    if (Math.abs(c) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

function erfcFraction(x: f64): f64 {
  let f = x;
  for (let k = FRACTION_DEPTH; k >= 1; k--) f = x + <f64>k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function erf(x: f64): f64 {
  const ax = Math.abs(x);
  if (!(ax >= SERIES_LIMIT)) return x != x ? x : erfSeries(x);
  const tail = erfcFraction(ax);
  return x < 0 ? tail - 1 : 1 - tail;
}
