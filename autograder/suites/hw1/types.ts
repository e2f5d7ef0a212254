/**
 * The type a hw1 suite runs against: the student's module (the generated stubs in hw1/,
 * whose API is the reference's). Suites never import reference/, not even for types, so
 * the handout type-checks without it.
 */
export type HW1 = typeof import("../../../hw1/index.ts");
