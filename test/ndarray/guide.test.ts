/**
 * ndarray/NDARRAY.md, the students' guide, names every part of the public surface: each
 * export of #ndarray, each method and property of NDArray and Generator, and each static
 * method. A function added to the library without a line in the guide fails here, so the
 * guide a handout ships cannot fall behind the library.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as lib from "#ndarray";
import { Generator, NDArray } from "#ndarray";
import { KIT_ROOT } from "../../autograder/src/paths.js";

const guide = readFileSync(join(KIT_ROOT, "ndarray/NDARRAY.md"), "utf8");

/** The guide's code: fenced blocks and inline code spans, where a name counts as documented. */
const code = [...guide.matchAll(/```[a-z]*\n([\s\S]*?)```|``(.+?)``|`([^`\n]+)`/g)].map((m) => m[1] ?? m[2] ?? m[3]).join("\n");

function mentioned(name: string): boolean {
  return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(code);
}

const publicNames = (proto: object) => Object.getOwnPropertyNames(proto).filter((n) => n !== "constructor").sort();
const statics = (cls: object) => Object.getOwnPropertyNames(cls).filter((k) => typeof Object.getOwnPropertyDescriptor(cls, k)?.value === "function");

describe("ndarray/NDARRAY.md", () => {
  it("names every export of #ndarray in code", () => {
    const exports = Object.keys(lib).sort();
    expect(exports.length).toBeGreaterThan(80);
    expect(exports.filter((n) => !mentioned(n))).toEqual([]);
  });

  it("names every method and property of NDArray and Generator, and their static methods", () => {
    const instance = [...publicNames(NDArray.prototype), ...publicNames(Generator.prototype), ...Object.keys(lib.zeros(1)), ...Object.keys(new Generator(0))];
    expect(instance).toEqual(expect.arrayContaining(["matmul", "shape", "T", "bernoulli", "seed"]));
    const missing = [...instance, ...statics(NDArray), ...statics(Generator)].filter((n) => !mentioned(n));
    expect(missing).toEqual([]);
  });

  it("finds names only as whole words of code", () => {
    expect(mentioned("zeros")).toBe(true);
    expect(mentioned("zero")).toBe(false);
    expect(mentioned("unsqueezeAll")).toBe(false);
  });

  it("shows both shape forms and both dtype forms of a creation function", () => {
    for (const form of ["zeros(2, 3)", "zeros([2, 3])", 'zeros([2, 3], "int32")', 'zeros([2, 3], { dtype: "int32" })']) {
      expect(guide).toContain(form);
    }
  });
});
