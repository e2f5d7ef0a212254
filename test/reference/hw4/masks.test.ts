import { describe, expect, it } from "vitest";
import { causalMask } from "../../../reference/hw4/index.js";

describe("hw4 causalMask", () => {
  it.each([1, 2, 5])("T = %i: true exactly above the diagonal", (T) => {
    const mask = causalMask(T).toArray() as boolean[][];
    mask.forEach((row, i) => row.forEach((m, j) => expect(m).toBe(j > i)));
  });
});
