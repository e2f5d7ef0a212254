/**
 * The type a hw4 suite runs against: the student's module (the generated stubs in hw4/).
 * Suites never import reference/, not even for types.
 */
export type HW4 = typeof import("../../../hw4/index.ts");
