/**
 * Runs the validation rules over each document of a file. The rule table is the single list
 * of what we check; each rule's file says which Kubernetes rule it mirrors.
 */
import type { ParsedFile } from '../document';
import type { CoreSettings, Problem, ProblemCode, Severity } from '../types';
import { makeProblem, type Rule } from './context';
import { duplicateKeys } from './rules/duplicate-keys';
import { manifestIdentity } from './rules/manifest-identity';
import { schemaConformance } from './rules/schema-conformance';
import { yamlSyntax } from './rules/yaml-syntax';
import { metadataRules } from './rules/metadata-rules';
import { portRules } from './rules/port-rules';
import { specRules } from './rules/spec-rules';

export const rules: readonly Rule[] = [yamlSyntax, duplicateKeys, manifestIdentity, schemaConformance, ...metadataRules, ...portRules, ...specRules];

const severities = new Map<ProblemCode, Severity>();
for (const rule of rules) for (const [code, severity] of Object.entries(rule.codes)) severities.set(code as ProblemCode, severity);
severities.set('too-large', 'information');

export function defaultSeverity(code: ProblemCode): Severity {
  return severities.get(code) ?? 'error';
}

/** Problems of one document (by index), so callers can cache per document. */
export function validateDocument(file: ParsedFile, index: number, settings: CoreSettings): Problem[] {
  const document = file.documents[index];
  const problems: Problem[] = [];
  const hasSyntaxErrors = document.yaml.errors.some((e) => e.code !== 'DUPLICATE_KEY');
  for (const rule of rules) {
    if (rule.appliesTo === 'service' && (document.kind !== 'Service' || hasSyntaxErrors)) continue;
    if (rule.appliesTo === 'kubernetes' && !document.isKubernetes) continue;
    rule.check({
      file,
      document,
      settings,
      report: (input) => problems.push(makeProblem(file, settings, defaultSeverity(input.code), input, rule.stage)),
    });
  }
  markReportedFirst(problems);
  return problems;
}

/** The stages at which kubectl create stops a document, in the order they run. */
const rejectingStages = ['kubectl', 'decode', 'registry', 'validation'] as const;

/**
 * The API server answers with the errors of the first failing stage only (a decode error hides
 * the validation errors, a registry pre-check hides ValidateService). We still show every
 * problem, and mark those the server would report first.
 */
function markReportedFirst(problems: Problem[]): void {
  const errors = problems.filter((p) => p.severity === 'error' && p.stage !== undefined);
  const first = rejectingStages.find((stage) => errors.some((p) => p.stage === stage));
  for (const problem of errors) if (problem.stage === first) problem.data = { ...problem.data, reportedFirst: true };
}

export function validate(file: ParsedFile, settings: CoreSettings): Problem[] {
  if (file.tooLarge) {
    if (!file.isKubernetes) return [];
    return [makeProblem(file, settings, 'information', { code: 'too-large', start: 0, end: 0, messageKey: 'too-large', args: { size: file.text.length, limit: settings.maxFileSize }, path: '' })];
  }
  if (file.parserFailure) {
    if (!file.isKubernetes) return [];
    return [makeProblem(file, settings, 'error', { code: 'yaml-syntax', start: 0, end: 0, messageKey: 'parser-failure', args: { detail: file.parserFailure }, path: '' })];
  }
  if (!file.isKubernetes) return [];
  return file.documents.flatMap((_, index) => validateDocument(file, index, settings));
}
