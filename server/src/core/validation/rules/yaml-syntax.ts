/**
 * Rule 1 (kubectl reads the file): a YAML syntax error makes kubectl stop at that document.
 * The `yaml` package reports errors with offsets; its message carries a position suffix that
 * the editor shows anyway, so it is cut.
 */
import type { Rule } from '../context';

function detail(text: string): string {
  return text.replace(/ at line \d+, column \d+[\s\S]*$/, '').replace(/\s+/g, ' ').trim();
}

export const yamlSyntax: Rule = {
  codes: { 'yaml-syntax': 'error', 'yaml-warning': 'warning' },
  appliesTo: 'any',
  // The fast reader takes only YAML the parser reads without an error.
  quietOnPlain: () => true,
  stage: 'kubectl',
  check({ document, report }) {
    for (const error of document.yaml.errors) {
      // Duplicate keys are reported by their own rule (kubectl accepts them).
      if (error.code === 'DUPLICATE_KEY') continue;
      report({ code: 'yaml-syntax', start: error.pos[0], end: error.pos[1], messageKey: 'yaml-syntax', args: { detail: detail(error.message) }, path: '', data: { rule: 1, type: 'YAMLSyntax', stopsFile: true } });
    }
    for (const warning of document.yaml.warnings) {
      report({ code: 'yaml-warning', start: warning.pos[0], end: warning.pos[1], messageKey: 'yaml-warning', args: { detail: detail(warning.message) }, path: '' });
    }
  },
};
