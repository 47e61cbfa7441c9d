/**
 * ValidateService, metadata (service-validation-rules.md rules 20-28).
 */
import type { Rule } from '../context';

export const metadataRules: Rule[] = [];
