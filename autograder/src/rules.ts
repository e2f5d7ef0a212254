/**
 * The rules of the assignment that a result can break besides its values, and how they
 * travel: the child adds reserved outputs (names starting with `#`) to a result, and the
 * grader turns them into failed checks with its own text (compare.ts). Every case has the
 * first rule (inputs are read, never written: the child checks it); a case's `run` checks
 * the others itself and throws RuleBroken.
 */

/** Reserved output: the names of the inputs the code modified, comma-separated (the child adds it). */
export const MODIFIED_INPUTS = "#modified";
/** Reserved output: the id of a rule the case's `run` found broken (see RuleBroken). */
export const BROKEN_RULE = "#rule";

/** The rules a case's `run` checks itself, with what a failure says. */
export const RULES = {
  "layers-reversed":
    "backward() reversed the model's list of layers in place (Array.prototype.reverse() does that, and the next forward() then runs the layers backwards): walk this.layers from the end with an index instead",
  "layers-changed": "the model's list of layers changed during forward() or backward(): both must leave this.layers as it was",
} as const;
export type RuleId = keyof typeof RULES;

/** True when `id` names one of RULES (a reserved output's text comes from the student's process). */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

/** Thrown by a case's `run` when the code under test broke one of RULES; the child reports it as a failed check. */
export class RuleBroken extends Error {
  readonly rule: RuleId;

  constructor(rule: RuleId) {
    super(RULES[rule]);
    this.name = "RuleBroken";
    this.rule = rule;
  }
}

/** Throws RuleBroken unless `after` holds the same layers as `before`, in the same order. */
export function checkLayersUnchanged(before: readonly object[], after: readonly object[]): void {
  if (after.length === before.length && after.every((l, i) => l === before[i])) return;
  const reversed = after.length === before.length && after.every((l, i) => l === before[before.length - 1 - i]);
  throw new RuleBroken(reversed ? "layers-reversed" : "layers-changed");
}
