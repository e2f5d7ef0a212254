/**
 * hw1 asks students to write Linear, the activations and Dropout; later homeworks get them complete as
 * given code (reference/given/). The two must never drift apart: on the same seeded inputs
 * hw1's reference and the given layers give the same bits, forward and backward.
 */
import { describe, expect, it } from "vitest";
import { array, concat, Generator, type DType, type NDArray } from "#ndarray";
import { Dropout, GELU, Linear, ReLU, Sigmoid, Tanh } from "../../../reference/hw1/index.js";
import { ReLU as GivenReLU, Sigmoid as GivenSigmoid, Tanh as GivenTanh } from "../../../reference/given/activations.js";
import { Dropout as GivenDropout } from "../../../reference/given/dropout.js";
import { GELU as GivenGELU } from "../../../reference/given/gelu.js";
import { Linear as GivenLinear } from "../../../reference/given/linear.js";

/** Same dtype, shape and bits (NaN equals NaN, −0 does not equal 0). */
function expectSame(actual: NDArray | undefined, expected: NDArray | undefined): void {
  expect(actual).toBeDefined();
  expect(expected).toBeDefined();
  expect(actual!.dtype).toBe(expected!.dtype);
  expect(actual!.shape).toEqual(expected!.shape);
  expect(Array.from(actual!.toTypedArray())).toEqual(Array.from(expected!.toTypedArray()));
}

const DTYPES: readonly DType[] = ["float32", "float64"];

describe("hw1's reference agrees exactly with the given code", () => {
  for (const dtype of DTYPES) {
    it(`Linear (${dtype}): drawn parameters, forward, dLdA, dLdW, dLdb`, () => {
      for (const [seed, N, Cin, Cout] of [[1, 4, 3, 5], [2, 1, 7, 2], [3, 9, 16, 8]]) {
        const ours = new Linear(Cin, Cout, { rng: new Generator(seed), dtype });
        const given = new GivenLinear(Cin, Cout, { rng: new Generator(seed), dtype });
        expectSame(ours.W, given.W);
        expectSame(ours.b, given.b);
        const rng = new Generator(seed + 100);
        const A = rng.randn([N, Cin], { dtype });
        const dLdZ = rng.randn([N, Cout], { dtype });
        expectSame(ours.forward(A), given.forward(A));
        expectSame(ours.backward(dLdZ), given.backward(dLdZ));
        expectSame(ours.dLdW, given.dLdW);
        expectSame(ours.dLdb, given.dLdb);
      }
    });

    const activations = [
      ["GELU", () => new GELU(), () => new GivenGELU()],
      ["ReLU", () => new ReLU(), () => new GivenReLU()],
      ["Tanh", () => new Tanh(), () => new GivenTanh()],
      ["Sigmoid", () => new Sigmoid(), () => new GivenSigmoid()],
    ] as const;
    for (const [name, ours, given] of activations) {
      it(`${name} (${dtype}): forward and backward, with zeros and large values among the inputs`, () => {
        const rng = new Generator(7);
        const Z = concat([rng.randn([6, 5], { dtype }).mul(3), array([[0, -0, 40, -40, 1e-4]], { dtype })]);
        const dLdA = rng.randn([7, 5], { dtype });
        const [a, b] = [ours(), given()];
        expectSame(a.forward(Z), b.forward(Z));
        expectSame(a.backward(dLdA), b.backward(dLdA));
      });
    }

    it(`Dropout (${dtype}): masks, forward and backward for p = 0, 0.3, 1, and evaluation`, () => {
      for (const p of [0, 0.3, 1]) {
        const ours = new Dropout(p, new Generator(11));
        const given = new GivenDropout(p, new Generator(11));
        const rng = new Generator(12);
        for (let step = 0; step < 2; step++) {
          const x = rng.randn([5, 4], { dtype });
          const dLdy = rng.randn([5, 4], { dtype });
          expectSame(ours.forward(x), given.forward(x));
          expectSame(ours.mask, given.mask);
          expectSame(ours.backward(dLdy), given.backward(dLdy));
        }
        const x = rng.randn([3, 2], { dtype });
        expectSame(ours.eval().forward(x), given.eval().forward(x));
        expect(given.mask).toBeUndefined();
      }
    });
  }
});
