import { describe, expect, it } from "vitest";
import { Generator } from "#ndarray";
import { Flatten } from "../../../reference/hw2/index.js";

const f64 = { dtype: "float64" } as const;

describe("hw2 Flatten", () => {
  it("is row-major with the batch axis kept, and backward restores the shape", () => {
    const A = new Generator(4).randn([2, 3, 2, 2], f64);
    const layer = new Flatten();
    const Z = layer.forward(A);
    expect(Z.shape).toEqual([2, 12]);
    expect((Z.toArray() as number[][])[1][7]).toBe((A.toArray() as number[][][][])[1][1][1][1]);
    expect(layer.backward(Z).shape).toEqual([2, 3, 2, 2]);
  });
});
