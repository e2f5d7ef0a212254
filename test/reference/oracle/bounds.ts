/**
 * The stated properties of the "bounds only" oracle cases, as autograder/verify/bounds.py
 * writes them into each manifest, checked here on the reference's outputs. torch cannot
 * compute these outputs (the kit's own Generator draws them), so a property any correct
 * output has stands in for a value; bounds.py's doc comment says what each kind promises.
 */
import type { NDArray } from "#ndarray";

export interface UniformProperty {
  kind: "uniform";
  /** k = 1/√fan_in of torch's own module. */
  bound: number;
  /** Output name → the shape torch's module gives that parameter. */
  shapes: Record<string, number[]>;
  why: string;
}

export interface DropoutPair {
  input: string;
  output: string;
  units: number;
  /** The plausible number of dropped units, [lo, hi]. */
  dropped: [number, number];
}

export interface DropoutProperty {
  kind: "dropout";
  p: number;
  scale: number;
  /** Trailing axes that form one unit (0: an element; 2: a channel of Dropout2d). */
  unitAxes: number;
  pairs: DropoutPair[];
  why: string;
}

export type Property = UniformProperty | DropoutProperty;

type Arrays = Readonly<Record<string, NDArray | number>>;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkUniform(p: UniformProperty, outputs: Arrays, rtol: number): string[] {
  const problems: string[] = [];
  let largest = 0;
  for (const [name, shape] of Object.entries(p.shapes)) {
    const value = outputs[name];
    if (typeof value !== "object") {
      problems.push(`${name}: not an array`);
      continue;
    }
    if (!sameShape(value.shape, shape)) {
      problems.push(`${name}: shape [${value.shape.join(",")}], torch's module has [${shape.join(",")}]`);
      continue;
    }
    const top = Math.max(0, ...Array.from(value.toTypedArray(), Math.abs));
    largest = Math.max(largest, top);
    if (!(top <= p.bound * (1 + rtol))) problems.push(`${name}: |value| ${top} exceeds k = ${p.bound}`);
  }
  if (problems.length === 0 && largest < p.bound / 10) problems.push(`every value is below k/10 = ${p.bound / 10}: not U(-k, k) draws`);
  return problems;
}

function checkPair(p: DropoutProperty, pair: DropoutPair, inputs: Arrays, outputs: Arrays, rtol: number): string | undefined {
  const [x, y] = [inputs[pair.input], outputs[pair.output]];
  if (typeof x !== "object" || typeof y !== "object") return `${pair.output}: not an array`;
  if (!sameShape(x.shape, y.shape)) return `${pair.output}: shape [${y.shape.join(",")}], input ${pair.input} has [${x.shape.join(",")}]`;
  const [xs, ys] = [x.toTypedArray(), y.toTypedArray()];
  if (xs.some((v) => v === 0)) return `${pair.input} has an exact 0: the mask is ambiguous there`;
  const width = xs.length / pair.units;
  let dropped = 0;
  for (let u = 0; u < pair.units; u++) {
    let zero = true;
    let kept = true;
    for (let i = u * width; i < (u + 1) * width; i++) {
      const scaled = xs[i] * p.scale;
      zero &&= ys[i] === 0;
      kept &&= Math.abs(ys[i] - scaled) <= rtol * Math.abs(scaled);
    }
    if (!zero && !kept) return `${pair.output}: unit ${u} is neither all 0 nor its input times ${p.scale}`;
    if (zero) dropped++;
  }
  const [lo, hi] = pair.dropped;
  if (dropped < lo || dropped > hi) return `${pair.output}: ${dropped} of ${pair.units} units dropped, outside [${lo}, ${hi}] for p = ${p.p}`;
  return undefined;
}

/** Every way `outputs` break the property, one line each (empty when they hold it); `rtol` for kept values and the bound. */
export function propertyProblems(p: Property, inputs: Arrays, outputs: Arrays, rtol: number): string[] {
  if (p.kind === "uniform") return checkUniform(p, outputs, rtol);
  return p.pairs.flatMap((pair) => checkPair(p, pair, inputs, outputs, rtol) ?? []);
}
