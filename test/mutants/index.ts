/** Every homework's catalog of planted bugs, by homework folder name (mutants.test.ts grades them all). */
import { HW0_MUTANTS } from "./hw0.js";
import { HW1_MUTANTS } from "./hw1.js";
import { HW2_MUTANTS } from "./hw2.js";
import { HW3_MUTANTS } from "./hw3.js";
import { HW4_MUTANTS } from "./hw4.js";
import type { Mutant } from "./mutant.js";

export const MUTANTS: Readonly<Record<string, Mutant[]>> = {
  hw0: HW0_MUTANTS,
  hw1: HW1_MUTANTS,
  hw2: HW2_MUTANTS,
  hw3: HW3_MUTANTS,
  hw4: HW4_MUTANTS,
};
