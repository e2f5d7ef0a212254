/**
 * A TypeScript file as the similarity check sees it: the tokens of TypeScript's own
 * scanner, comments and layout dropped, every identifier one token kind and every literal
 * one kind per sort (number, string, template part, regular expression). Renaming
 * variables, methods or classes, or changing constants, leaves the sequence unchanged;
 * keywords, operators and punctuation keep it specific to the code's structure.
 */
import ts from "typescript";

export interface Token {
  /** The normalised kind: a SyntaxKind, with identifiers and literals folded together. */
  kind: number;
  /** Offsets of the token's text in the file. */
  start: number;
  end: number;
}

const S = ts.SyntaxKind;

/** Every identifier becomes this kind, every literal its sort's. */
const FOLDED = new Map<ts.SyntaxKind, ts.SyntaxKind>([
  [S.PrivateIdentifier, S.Identifier],
  [S.BigIntLiteral, S.NumericLiteral],
  [S.NoSubstitutionTemplateLiteral, S.StringLiteral],
]);

/** After these a `/` divides; anywhere else it starts a regular expression. */
const ENDS_EXPRESSION = new Set<ts.SyntaxKind>([
  S.Identifier,
  S.PrivateIdentifier,
  S.NumericLiteral,
  S.BigIntLiteral,
  S.StringLiteral,
  S.NoSubstitutionTemplateLiteral,
  S.TemplateTail,
  S.RegularExpressionLiteral,
  S.CloseParenToken,
  S.CloseBracketToken,
  S.CloseBraceToken,
  S.ThisKeyword,
  S.SuperKeyword,
  S.TrueKeyword,
  S.FalseKeyword,
  S.NullKeyword,
  S.PlusPlusToken,
  S.MinusMinusToken,
]);

export function tokenize(text: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const tokens: Token[] = [];
  /** Brace depth now, and the depths at which each open template's `${` was entered. */
  let depth = 0;
  const templates: number[] = [];
  let previous: ts.SyntaxKind = S.Unknown;
  for (let kind = scanner.scan(); kind !== S.EndOfFileToken; kind = scanner.scan()) {
    if (kind === S.CloseBraceToken && templates.at(-1) === depth) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === S.TemplateTail) templates.pop();
    } else if ((kind === S.SlashToken || kind === S.SlashEqualsToken) && !ENDS_EXPRESSION.has(previous)) {
      kind = scanner.reScanSlashToken();
    } else if (kind === S.OpenBraceToken) {
      depth++;
    } else if (kind === S.CloseBraceToken) {
      depth--;
    }
    if (kind === S.TemplateHead) templates.push(depth);
    previous = kind;
    tokens.push({ kind: FOLDED.get(kind) ?? kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
  }
  return tokens;
}
