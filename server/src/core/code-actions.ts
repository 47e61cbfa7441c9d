/**
 * Quick fixes. A rule says what would fix its problem in the problem's `data`: a `suggestion`
 * (the corrected value or name for the reported range), a missing `field` to add, or a named
 * `fix` (remove the field, set `sessionAffinity: ClientIP`, ...). This module turns that into
 * text edits that touch only the key or value concerned, keeping the file's indentation.
 */
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { documentAt, getPair, nodeAtOffset, parseFile, type ManifestDocument, type ParsedFile } from './document';
import { validate } from './validation/index';
import { message } from './i18n';
import { yamlString } from './kubectl-yaml';
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

/** Codes whose `suggestion` replaces exactly the reported range. */
const replaceable = new Set([
  'unknown-field',
  'unsupported-value',
  'unknown-kind',
  'type-mismatch',
  'api-version',
  'name-invalid',
  'generate-name-invalid',
  'port-name-invalid',
  'port-name-duplicate',
  'target-port-name-invalid',
  'app-protocol-invalid',
  'cluster-ip-invalid',
  'external-name-invalid',
  'session-affinity-timeout',
  'external-ip-invalid',
  'source-range-invalid',
  'traffic-distribution-unsupported',
  'load-balancer-class-invalid',
  'ip-non-standard',
  'cidr-non-standard',
]);

/** A value as YAML text: quoted when kubectl would otherwise read it as something else. */
function yamlValue(value: unknown, wantString: boolean): string {
  if (typeof value === 'number') return String(value);
  const text = String(value);
  // Suggestions that are already YAML (quoted) are used as they are.
  if (/^["']/.test(text) || !wantString) return text;
  return yamlString(text);
}

class Editor {
  constructor(private readonly file: ParsedFile) {}

  range(start: number, end: number): Range {
    return this.file.lines.range(start, end);
  }

  lineStart(offset: number): number {
    return this.file.lines.lineStarts[this.file.lines.positionAt(offset).line];
  }

  /** The offset just after the line holding `offset` (its newline included). */
  nextLineStart(offset: number): number {
    const line = this.file.lines.positionAt(offset).line;
    return line + 1 < this.file.lines.lineCount ? this.file.lines.lineStarts[line + 1] : this.file.text.length;
  }

  column(offset: number): number {
    return this.file.lines.positionAt(offset).character;
  }

  /** Deletes a pair of a block mapping, with its lines; undefined when that cannot be done cleanly. */
  removePair(map: YAMLMap, pair: Pair): TextEdit | undefined {
    if (map.flow) return undefined;
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    if (!key?.range) return undefined;
    const index = map.items.indexOf(pair);
    const end = value?.range ? value.range[1] : key.range[1];
    const before = this.file.text.slice(this.lineStart(key.range[0]), key.range[0]);
    if (/^\s*$/.test(before)) return { range: this.range(this.lineStart(key.range[0]), this.nextLineStart(Math.max(end - 1, key.range[0]))), newText: '' };
    // The first key after `- `: the next key moves up behind the dash.
    const next = map.items[index + 1]?.key as Node | null | undefined;
    if (next?.range) return { range: this.range(key.range[0], next.range[0]), newText: '' };
    return undefined;
  }

  /** Adds `key: value` to a block mapping, as its first entry. */
  addPair(map: YAMLMap, key: string, value: string): TextEdit | undefined {
    if (map.flow) return undefined;
    const first = map.items[0]?.key as Node | null | undefined;
    if (!first?.range) return undefined;
    const at = first.range[0];
    return { range: this.range(at, at), newText: `${key}: ${value}\n${' '.repeat(this.column(at))}` };
  }

  /** Sets a scalar field of a mapping: replaces its value, or adds it. */
  setField(map: YAMLMap, key: string, value: string): TextEdit | undefined {
    const pair = getPair(map, key);
    if (!pair) return this.addPair(map, key, value);
    const current = pair.value as Node | null;
    if (current?.range) return { range: this.range(current.range[0], current.range[1]), newText: value };
    const keyNode = pair.key as Node | null;
    return keyNode?.range ? { range: this.range(keyNode.range[1] + 1, keyNode.range[1] + 1), newText: ` ${value}` } : undefined;
  }
}

interface Located {
  document: ManifestDocument;
  /** The pair the problem is on, and the mapping holding it. */
  pair?: Pair;
  map?: YAMLMap;
}

function locate(file: ParsedFile, problem: Problem): Located | undefined {
  const offset = file.lines.offsetAt(problem.range.start);
  const document = documentAt(file, offset);
  if (!document) return undefined;
  const { steps } = nodeAtOffset(document.yaml, offset);
  let container: Node | null | undefined = document.yaml.contents;
  let located: Located = { document };
  for (const step of steps) {
    if (step.pair && isMap(container)) located = { document, pair: step.pair, map: container };
    container = step.node;
  }
  return located;
}

function specOf(document: ManifestDocument): YAMLMap | undefined {
  const root = document.yaml.contents;
  if (!isMap(root)) return undefined;
  const spec = getPair(root, 'spec')?.value;
  return isMap(spec) ? spec : undefined;
}

/** Applies edits to the file's text (for checking a fix before offering it). */
function applyEdits(file: ParsedFile, edits: TextEdit[]): string {
  let text = file.text;
  const sorted = [...edits].sort((a, b) => file.lines.offsetAt(b.range.start) - file.lines.offsetAt(a.range.start));
  for (const edit of sorted) text = text.slice(0, file.lines.offsetAt(edit.range.start)) + edit.newText + text.slice(file.lines.offsetAt(edit.range.end));
  return text;
}

/**
 * A fix that changes what the Service means (a new type, ClientIP affinity) can bring fields that
 * were ignored into play; it is only offered when the result has no error the file did not have.
 */
function introducesErrors(file: ParsedFile, edits: TextEdit[], settings: CoreSettings): boolean {
  const key = (p: Problem) => `${p.code}@${p.path}`;
  const before = new Set(validate(file, settings).filter((p) => p.severity === 'error').map(key));
  return validate(parseFile(applyEdits(file, edits)), settings).some((p) => p.severity === 'error' && !before.has(key(p)));
}

export function quickFixes(file: ParsedFile, problems: readonly Problem[], settings: CoreSettings): QuickFix[] {
  const fixes: QuickFix[] = [];
  const editor = new Editor(file);
  const say = (key: Parameters<typeof message>[1], args: Record<string, string> = {}) => message(settings.locale, key, args);
  for (const problem of problems) {
    const data = problem.data ?? {};
    const add = (title: string, edit: TextEdit | undefined, isPreferred: boolean, check = false) => {
      if (edit && !(check && introducesErrors(file, [edit], settings))) fixes.push({ title, problem, edits: [edit], isPreferred });
    };
    const suggestion = data.suggestion;
    const hasSuggestion = typeof suggestion === 'string' || typeof suggestion === 'number';

    if (problem.code === 'api-version' && data.missing === true && hasSuggestion) {
      // As the document's first key, at its indentation (none offered for a flow mapping).
      const root = locate(file, problem)?.document.yaml.contents;
      add(say('fix.add-api-version'), isMap(root) ? editor.addPair(root, 'apiVersion', 'v1') : undefined, true);
      continue;
    }
    if (data.missing === true && typeof data.field === 'string' && hasSuggestion) {
      const located = locate(file, problem);
      const value = yamlValue(suggestion, true);
      const title = say('fix.add-field', { field: `${data.field}: ${value}` });
      if (data.keyPresent === true && located?.map) add(title, editor.setField(located.map, data.field, value), true);
      else if (located?.map) add(title, editor.addPair(located.map, data.field, value), true);
      continue;
    }
    if (replaceable.has(problem.code) && hasSuggestion) {
      // Numbers stay numbers: a quoted port unquoted, a timeout, an integer targetPort.
      const wantString = data.suggestionType !== 'integer' && problem.code !== 'session-affinity-timeout' && problem.code !== 'type-mismatch';
      const text = problem.code === 'unknown-field' ? String(suggestion) : yamlValue(suggestion, wantString);
      const title = problem.code === 'unknown-field' ? say('fix.rename-field', { suggestion: text }) : say('fix.replace-value', { suggestion: text });
      fixes.push({ title, problem, edits: [{ range: problem.range, newText: text }], isPreferred: true });
      continue;
    }
    if (problem.code === 'node-port-on-cluster-ip') {
      const located = locate(file, problem);
      const spec = located && specOf(located.document);
      if (located?.map && located.pair) add(say('fix.remove-field', { field: 'nodePort' }), editor.removePair(located.map, located.pair), true);
      if (spec) add(say('fix.set-field', { field: 'type: NodePort' }), editor.setField(spec, 'type', 'NodePort'), false, true);
      continue;
    }
    const named = Array.isArray(data.fixes) ? (data.fixes as string[]) : typeof data.fix === 'string' ? [data.fix] : [];
    for (const fix of named) {
      const located = locate(file, problem);
      if (!located) continue;
      const spec = specOf(located.document);
      const preferred = fix === data.fix;
      if (fix === 'remove-field' && located.map && located.pair) {
        const field = String((located.pair.key as { value?: unknown } | null)?.value ?? '');
        add(say('fix.remove-field', { field }), editor.removePair(located.map, located.pair), preferred);
      } else if (fix === 'remove-session-affinity-config' && spec) {
        const pair = getPair(spec, 'sessionAffinityConfig');
        if (pair) add(say('fix.remove-field', { field: 'sessionAffinityConfig' }), editor.removePair(spec, pair), preferred);
      } else if (fix === 'set-session-affinity-client-ip' && spec) {
        add(say('fix.set-field', { field: 'sessionAffinity: ClientIP' }), editor.setField(spec, 'sessionAffinity', 'ClientIP'), preferred, true);
      } else if (fix === 'remove-cluster-ip-none' && spec) {
        const pair = getPair(spec, 'clusterIP');
        if (pair && isScalar(pair.value) && pair.value.value === 'None') add(say('fix.remove-field', { field: 'clusterIP: None' }), editor.removePair(spec, pair), preferred);
      } else if (fix === 'set-type-external-name' && spec) {
        add(say('fix.set-field', { field: 'type: ExternalName' }), editor.setField(spec, 'type', 'ExternalName'), preferred, true);
      }
    }
  }
  return fixes;
}
