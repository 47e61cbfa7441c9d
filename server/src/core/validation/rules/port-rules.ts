/**
 * ValidateService, ports and selector (service-validation-rules.md rules 34-45).
 */
import type { Rule } from '../context';

export const portRules: Rule[] = [];
