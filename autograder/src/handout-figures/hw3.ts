/** The figures of handouts/hw3.md (see figure.ts). */
import type { HandoutFigure } from "./figure.js";

export const figures: HandoutFigure[] = [];
