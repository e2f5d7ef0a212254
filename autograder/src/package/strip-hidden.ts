/**
 * A student handout ships the suite (its `run` functions grade the student's code) but not
 * the hidden variants. This rewrites a suite source so that in every object literal with
 * both a `public` and a `hidden` property, `hidden` becomes `[]`: the shapes and
 * parameters of hidden cases never leave the instructors' repository.
 */
import ts from "typescript";

export function stripHiddenSizes(source: string, fileName: string): string {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const spans: { start: number; end: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const named = (name: string) =>
        node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name);
      const hidden = named("hidden");
      if (hidden && named("public")) spans.push({ start: hidden.initializer.getStart(sf), end: hidden.initializer.getEnd() });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = source;
  for (const s of spans.sort((a, b) => b.start - a.start)) out = `${out.slice(0, s.start)}[]${out.slice(s.end)}`;
  return out;
}
