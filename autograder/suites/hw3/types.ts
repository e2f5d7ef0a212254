/**
 * The type a hw3 suite runs against: the student's module (the generated stubs in hw3/,
 * whose API is the reference's). Suites never import reference/, not even for types, so
 * the handout type-checks without it.
 */
export type HW3 = typeof import("../../../hw3/index.ts");
