/**
 * Registry pre-checks and ValidateService for the rest of the spec (rules 10-16, 29-33, 46-58), and the lint warnings.
 */
import type { Rule } from '../context';

export const specRules: Rule[] = [];
