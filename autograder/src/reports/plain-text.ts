/**
 * Text a student controls (archive entry names, what their code printed, error messages)
 * ends up in terminals, feedback files and CSV cells. `plainText` keeps it inert: ANSI
 * escape sequences are removed whole (so no stray `[31m` is left behind), then every other
 * C0 and C1 control character and DEL, except newline and tab. A carriage return goes too,
 * so a line cannot overwrite what the grader printed before it.
 */
import { stripVTControlCharacters } from "node:util";

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function plainText(s: string): string {
  return stripVTControlCharacters(s).replace(CONTROL, "");
}
