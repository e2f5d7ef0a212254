/**
 * The type a hw2 suite runs against: the student's module (the generated stubs in hw2/,
 * whose API is the reference's). Suites never import reference/, not even for types.
 */
export type HW2 = typeof import("../../../hw2/index.ts");
