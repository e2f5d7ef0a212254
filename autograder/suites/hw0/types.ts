/**
 * The type a hw0 suite runs against: the student's module (the generated stubs in hw0/,
 * whose API is the reference's). Suites never import reference/, not even for types.
 */
export type HW0 = typeof import("../../../hw0/index.ts");
