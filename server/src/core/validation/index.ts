/**
 * Runs the validation rules over each document of a file. The rule table is the single list
 * of what we check; each rule's file says which Kubernetes rule it mirrors.
 */
import type { ParsedFile } from '../document';
import { parseFieldPath } from '../field-ranges';
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

const ownRules = rules.filter((rule) => rule.crossDocument !== true);
const crossDocumentRules = rules.filter((rule) => rule.crossDocument === true);

function runRules(file: ParsedFile, index: number, settings: CoreSettings, crossDocument: boolean): Problem[] {
  const document = file.documents[index];
  const problems: Problem[] = [];
  for (const rule of crossDocument ? crossDocumentRules : ownRules) {
    if (rule.appliesTo === 'service' && (document.kind !== 'Service' || document.hasSyntaxErrors)) continue;
    if (rule.appliesTo === 'kubernetes' && !document.isKubernetes) continue;
    if (document.plain && rule.quietOnPlain?.(document)) continue;
    rule.check({
      file,
      document,
      settings,
      report: (input) => problems.push(makeProblem(file, settings, defaultSeverity(input.code), input, rule.stage)),
    });
  }
  return problems;
}

interface CachedProblems {
  /** The document's first line when the problems were computed. */
  line: number;
  /** Marked as the API server would report them (see markReportedFirst); never modified. */
  problems: readonly Problem[];
}

/**
 * The problems of one document from the rules that look at it alone. They depend only on the
 * document's text and the settings, so they are kept on the document (which a re-parse keeps
 * while its `---` chunk is unchanged) and only moved when lines above it were added or removed.
 * The arrays handed out may be the cached ones: callers copy before they change anything.
 */
const none: readonly Problem[] = Object.freeze([]) as readonly Problem[];

const cacheKey = (settings: CoreSettings) => `problems:${settings.locale}`;

export function ownProblems(file: ParsedFile, index: number, settings: CoreSettings, key = cacheKey(settings)): readonly Problem[] {
  const document = file.documents[index];
  const cached = document.cache?.get(key) as CachedProblems | undefined;
  if (cached) {
    // Most documents have nothing to say: no copy, no position lookup.
    if (cached.problems.length === 0) return none;
    const delta = file.lines.positionAt(document.start).line - cached.line;
    if (delta === 0) return cached.problems;
    return cached.problems.map((p) => ({
      ...p,
      range: { start: { line: p.range.start.line + delta, character: p.range.start.character }, end: { line: p.range.end.line + delta, character: p.range.end.character } },
    }));
  }
  const line = file.lines.positionAt(document.start).line;
  const problems = runRules(file, index, settings, false);
  markReportedFirst(problems);
  for (const rule of crossDocumentRules) rule.remember?.(document);
  document.cache ??= new Map();
  document.cache.set(key, { line, problems } satisfies CachedProblems);
  return problems;
}

/** Problems of one document (by index). `crossQuiet`: the cross-document rules have nothing to say in this file. */
function validateDocument(file: ParsedFile, index: number, settings: CoreSettings, crossQuiet = false, key = cacheKey(settings)): readonly Problem[] {
  const own = ownProblems(file, index, settings, key);
  // The cross-document rules are about Services only.
  const cross = !crossQuiet && file.documents[index].kind === 'Service' ? runRules(file, index, settings, true) : none;
  if (cross.length === 0) return own;
  // Which problems the server reports first is decided again over both lists, on copies.
  const problems = [...own.map((p) => (p.data?.reportedFirst ? { ...p, data: { ...p.data, reportedFirst: false } } : p)), ...cross];
  markReportedFirst(problems);
  return problems;
}

/** The stages at which kubectl create stops a document, in the order they run. */
const rejectingStages = ['kubectl', 'decode', 'registry', 'validation'] as const;

/** Compares two field paths in the order kubectl's JSON has them (object keys sorted). */
function compareDecodeOrder(a: string, b: string): number {
  const x = parseFieldPath(a);
  const y = parseFieldPath(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (typeof x[i] === 'number' && typeof y[i] === 'number') return (x[i] as number) - (y[i] as number);
    return String(x[i]) < String(y[i]) ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * The API server answers with the errors of the first failing stage only (a decode error hides
 * the validation errors, a registry pre-check hides ValidateService). We still show every
 * problem, and mark those the server would report first. In the decode stage, Go's JSON decoder
 * keeps only the first type error (in kubectl's sorted-key JSON), and unknown fields are only
 * reported when there was no type error (sigs.k8s.io/json strict mode).
 */
function markReportedFirst(problems: Problem[]): void {
  const errors = problems.filter((p) => p.severity === 'error' && p.stage !== undefined);
  const first = rejectingStages.find((stage) => errors.some((p) => p.stage === stage));
  let reported = errors.filter((p) => p.stage === first);
  if (first === 'decode') {
    const typeErrors = reported.filter((p) => p.code === 'type-mismatch');
    if (typeErrors.length > 0) {
      const order = (p: Problem) => String(p.data?.decodeOrder ?? p.path);
      reported = [typeErrors.reduce((a, b) => (compareDecodeOrder(order(b), order(a)) < 0 ? b : a))];
    }
  }
  for (const problem of reported) {
    const at = problems.indexOf(problem);
    problems[at] = { ...problem, data: { ...problem.data, reportedFirst: true } };
  }
}

export function validate(file: ParsedFile, settings: CoreSettings): Problem[] {
  const steps = validateSteps(file, settings);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** What the last few parses' validations found per document, by parse id, for the next parse to take over. */
const recentValidations = new Map<number, { key: string; crossQuiet: boolean; byDocument: readonly (readonly Problem[])[] }>();

/**
 * The problems of the first `count` documents in file order. kubectl stops reading the file at a
 * YAML error or a missing apiVersion/kind: what follows is never sent, so nothing after it is
 * what the server reports first.
 */
function collect(byDocument: readonly (readonly Problem[])[], count: number): Problem[] {
  const problems: Problem[] = [];
  let stopped = false;
  for (let index = 0; index < count; index++) {
    const found = byDocument[index];
    if (found.length === 0) continue;
    for (const p of found) problems.push(stopped && p.data?.reportedFirst ? { ...p, data: { ...p.data, reportedFirst: false } } : p);
    if (!stopped && found.some((p) => p.data?.stopsFile && p.data.reportedFirst)) stopped = true;
  }
  return problems;
}

/**
 * `validate` in steps: the generator pauses after each document that had to be checked (a
 * cached one costs nothing) and says how many documents are done, so a caller can give way to
 * other work, or give up on a stale text.
 */
export function* validateSteps(file: ParsedFile, settings: CoreSettings): Generator<number, Problem[]> {
  if (file.tooLarge) {
    if (!file.isKubernetes) return [];
    return [makeProblem(file, settings, defaultSeverity('too-large'), { code: 'too-large', start: 0, end: 0, messageKey: 'too-large', args: { size: file.text.length, limit: settings.maxFileSize }, path: '' })];
  }
  if (file.parserFailure) {
    if (!file.isKubernetes) return [];
    return [makeProblem(file, settings, 'error', { code: 'yaml-syntax', start: 0, end: 0, messageKey: 'parser-failure', args: { detail: file.parserFailure }, path: '' })];
  }
  if (!file.isKubernetes) return [];
  const key = cacheKey(settings);
  const crossQuiet = crossDocumentRules.every((rule) => rule.quietFor?.(file) === true);
  const count = file.documents.length;
  // After an edit, the documents before it (and after it, when no line moved) have the problems
  // the previous parse's validation found: taken over without looking at each document.
  const reused = file.reused;
  const base = reused ? recentValidations.get(reused.base) : undefined;
  const takeOver = base && reused && base.key === key && base.crossQuiet && crossQuiet && base.byDocument.length === reused.previousCount ? reused : undefined;
  const byDocument: (readonly Problem[])[] = new Array(count);
  const tailKept = takeOver && takeOver.lineDelta === 0 && count === takeOver.previousCount ? takeOver.tail : 0;
  for (let index = 0; index < count; index++) {
    if (takeOver && base && index < takeOver.head) {
      byDocument[index] = base.byDocument[index];
      continue;
    }
    if (base && index >= count - tailKept) {
      byDocument[index] = base.byDocument[index];
      continue;
    }
    const cached = file.documents[index].cache?.has(key) === true;
    byDocument[index] = validateDocument(file, index, settings, crossQuiet, key);
    if (!cached) yield index + 1;
  }
  if (file.id !== undefined) {
    recentValidations.set(file.id, { key, crossQuiet, byDocument });
    if (recentValidations.size > 8) recentValidations.delete(recentValidations.keys().next().value!);
  }
  return collect(byDocument, count);
}
