/** The figures of handouts/hw1.md (see figure.ts). */
import type { HandoutFigure } from "./figure.js";

export const figures: HandoutFigure[] = [];
