/**
 * A figure of a handout, drawn by code so that its shapes and numbers come from the same
 * places the suites and the reference use. `npm run handouts` writes each one to
 * `handouts/figures/<hw>/<name>.svg`, and `npm run handouts:check` fails when a committed
 * file differs from a fresh drawing: a figure cannot drift from the code it shows.
 */
export interface HandoutFigure {
  /** File name without `.svg`: lower case words joined by `-` (`linear-contract`). */
  name: string;
  /** Alternative text for the image: what the figure shows, in one sentence. */
  alt: string;
  /** The whole SVG document. May run the reference (e.g. to print a worked α table). */
  svg(): string | Promise<string>;
}
