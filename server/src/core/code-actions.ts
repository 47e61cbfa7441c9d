/**
 * Quick fixes for the problems that carry a `suggestion`: the did-you-mean field name, the
 * enum value in the right case, a quoted number unquoted, `apiVersion: v1`, `kind: Service`.
 * Each fix edits only the offending key or value, so the rest of the file is untouched.
 */
import { message } from './i18n';
import type { ParsedFile } from './document';
import type { CoreSettings, Problem, Range } from './types';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  /** The problem the fix resolves. */
  problem: Problem;
  edits: TextEdit[];
  /** The one obvious fix for its problem (editors may apply it with one keystroke). */
  isPreferred: boolean;
}

export function quickFixes(_file: ParsedFile, problems: readonly Problem[], settings: CoreSettings): QuickFix[] {
  const fixes: QuickFix[] = [];
  for (const problem of problems) {
    const suggestion = typeof problem.data?.suggestion === 'string' ? problem.data.suggestion : undefined;
    if (suggestion === undefined) continue;
    const replace = (title: string): void => {
      fixes.push({ title, problem, edits: [{ range: problem.range, newText: suggestion }], isPreferred: true });
    };
    switch (problem.code) {
      case 'unknown-field':
        replace(message(settings.locale, 'fix.rename-field', { suggestion }));
        break;
      case 'unsupported-value':
      case 'unknown-kind':
      case 'type-mismatch':
        replace(message(settings.locale, 'fix.replace-value', { suggestion }));
        break;
      case 'api-version': {
        // A missing apiVersion is reported on `kind`: insert the line above it.
        if (problem.data?.missing === true) {
          const at = { line: problem.range.start.line, character: 0 };
          fixes.push({ title: message(settings.locale, 'fix.add-api-version'), problem, edits: [{ range: { start: at, end: at }, newText: 'apiVersion: v1\n' }], isPreferred: true });
        } else {
          replace(message(settings.locale, 'fix.replace-value', { suggestion }));
        }
        break;
      }
      default:
        break;
    }
  }
  return fixes;
}
