/**
 * Shared by the metadata and port rules: reading typed values as the API server decodes them,
 * and reporting a field error with the server's own wording.
 *
 * Every problem carries `data.rule` (the number in service-validation-rules.md), `data.type`
 * (the server's error type), `data.server` (the line the API server prints, e.g.
 * `metadata.name: Invalid value: "Web": a DNS-1035 label must ...`) and, when there is one obvious
 * fix, `data.suggestion`: the YAML text to put in place of the reported node (quoted when a plain
 * scalar would not read back as a string; `data.suggestionType: 'integer'` marks the one meant to
 * become a number, an unquoted targetPort). With `data.missing: true` the field is absent, or
 * present with no value (`data.keyPresent: true`, the range then being its key), and the
 * suggestion is the value to give it (`data.field` names the field).
 *
 * The API server prints each distinct error once (field.ErrorList.ToAggregate drops identical
 * texts), so a rule reports an identical `data.server` line only once.
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { message, type MessageKey } from '../../i18n';
import type { RuleContext } from '../context';
import { lookup, resolve, type Found } from '../fields';

export type ServerErrorType = 'Required' | 'Invalid' | 'Forbidden' | 'Duplicate' | 'NotSupported' | 'TooLong' | 'NotFound' | 'AlreadyExists' | 'InternalError';

/** What a value is after kubectl's YAML → JSON step. */
export type Typed<T> =
  | { kind: 'absent'; found?: Found }
  | { kind: 'ok'; value: T; found: Found }
  /** A value of the wrong JSON type: a decode error reported by schema-conformance, not judged here. */
  | { kind: 'wrong'; found: Found };

function classify(found: Found | undefined): 'absent' | 'string' | 'integer' | 'other' {
  if (!found) return 'absent';
  const node = found.node;
  if (node === null) return 'absent';
  if (!isScalar(node)) return 'other';
  const value = node.value;
  if (value === null || value === undefined) return 'absent';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return 'other';
}

/**
 * An empty value (`name:`) is a zero-width scalar: report on its key instead, so the range is
 * visible (a `~` or `null` written out keeps its own range).
 */
function settle(found: Found | undefined): Found | undefined {
  if (!found || found.start !== found.end) return found;
  const key = found.pair?.key as Node | null | undefined;
  return key?.range ? { ...found, start: key.range[0], end: key.range[1] } : found;
}

/** The node is absent or an empty (zero-width) value. */
export function isEmptyNode(node: Node | null | undefined): boolean {
  return !node?.range || node.range[0] === node.range[1];
}

export function stringField(context: RuleContext, keys: readonly (string | number)[]): Typed<string> {
  const found = settle(lookup(context.document.yaml, keys));
  const kind = classify(found);
  if (kind === 'absent') return { kind: 'absent', found };
  if (kind === 'string') return { kind: 'ok', value: (found!.node as { value: string }).value, found: found! };
  return { kind: 'wrong', found: found! };
}

/** An integer that fits the Go field (int32 unless `bits` says otherwise); larger ones are decode errors. */
export function intField(context: RuleContext, keys: readonly (string | number)[], bits = 32): Typed<number> {
  const found = settle(lookup(context.document.yaml, keys));
  const kind = classify(found);
  if (kind === 'absent') return { kind: 'absent', found };
  if (kind === 'integer') {
    const value = (found!.node as { value: number }).value;
    const limit = 2 ** (bits - 1);
    if (value >= -limit && value <= limit - 1) return { kind: 'ok', value, found: found! };
  }
  return { kind: 'wrong', found: found! };
}

/** An int-or-string (targetPort). */
export function intOrStringField(context: RuleContext, keys: readonly (string | number)[]): Typed<number | string> {
  const found = settle(lookup(context.document.yaml, keys));
  const kind = classify(found);
  if (kind === 'absent') return { kind: 'absent', found };
  if (kind === 'string') return { kind: 'ok', value: (found!.node as { value: string }).value, found: found! };
  if (kind === 'integer') {
    const value = (found!.node as { value: number }).value;
    if (value >= -(2 ** 31) && value <= 2 ** 31 - 1) return { kind: 'ok', value, found: found! };
  }
  return { kind: 'wrong', found: found! };
}

export function booleanField(context: RuleContext, keys: readonly (string | number)[]): Typed<boolean> {
  const found = settle(lookup(context.document.yaml, keys));
  if (!found || found.node === null || (isScalar(found.node) && (found.node.value === null || found.node.value === undefined))) return { kind: 'absent', found };
  if (isScalar(found.node) && typeof found.node.value === 'boolean') return { kind: 'ok', value: found.node.value, found };
  return { kind: 'wrong', found };
}

/** The mapping at `keys` when it is one (absent/null → undefined, anything else → 'wrong'). */
export function mapAt(context: RuleContext, keys: readonly (string | number)[]): Found | 'wrong' | undefined {
  const found = settle(lookup(context.document.yaml, keys));
  if (!found || found.node === null || (isScalar(found.node) && found.node.value === null)) return undefined;
  return isMap(found.node) ? found : 'wrong';
}

export function seqAt(context: RuleContext, keys: readonly (string | number)[]): Found | 'wrong' | undefined {
  const found = settle(lookup(context.document.yaml, keys));
  if (!found || found.node === null || (isScalar(found.node) && found.node.value === null)) return undefined;
  return isSeq(found.node) ? found : 'wrong';
}

/** Offsets of a node, or of the key of its pair when the value is empty. */
export function spanOf(found: Found | undefined, fallback: number): [number, number] {
  if (!found) return [fallback, fallback];
  return [found.start, found.end];
}

export function nodeRange(node: Node | null | undefined, fallback: [number, number]): [number, number] {
  return node?.range && node.range[0] !== node.range[1] ? [node.range[0], node.range[1]] : fallback;
}

export function keyRange(pair: Pair, fallback: [number, number]): [number, number] {
  return nodeRange(pair.key as Node | null, fallback);
}

/** The value of a map entry as the API server gets it for a map[string]string: a string, '' for null, undefined for other types. */
export function mapStringValue(context: RuleContext, pair: Pair): string | undefined {
  const value = resolve(context.document.yaml, pair.value);
  if (value === null) return '';
  if (!isScalar(value)) return undefined;
  if (value.value === null || value.value === undefined) return '';
  return typeof value.value === 'string' ? value.value : undefined;
}

/** Go's %q for a string (close enough: JSON escaping). */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}

/** field.Error.Error(): `<path>: <Type text>[: <value>][: <detail>]`. */
function serverLine(path: string, type: ServerErrorType, value: string | undefined, detail: string): string {
  switch (type) {
    case 'Required':
      return `${path}: Required value${detail ? `: ${detail}` : ''}`;
    case 'Forbidden':
      return `${path}: Forbidden: ${detail}`;
    case 'TooLong':
      return `${path}: Too long: ${detail}`;
    case 'Invalid':
      return `${path}: Invalid value: ${value}: ${detail}`;
    case 'Duplicate':
      return `${path}: Duplicate value: ${value}`;
    case 'NotSupported':
      return `${path}: Unsupported value: ${value}: ${detail}`;
    default:
      return detail;
  }
}

export interface FieldError {
  code: string;
  rule: number;
  type: ServerErrorType;
  path: string;
  range: [number, number];
  messageKey: MessageKey;
  args?: Record<string, string | number>;
  /** The offending value as Go prints it (already quoted for strings). */
  value?: string;
  /** The server's detail text (after the value). */
  detail?: string;
  /** The full server text when it is not a field error (409, 500, 404). */
  server?: string;
  suggestion?: string;
  stage?: 'registry' | 'validation';
  data?: Record<string, unknown>;
}

/** Reports field errors, each identical server line once. */
export function reporter(context: RuleContext): (error: FieldError) => void {
  const seen = new Set<string>();
  const locale = context.settings.locale;
  return (error) => {
    const server = error.server ?? serverLine(error.path, error.type, error.value, error.detail ?? '');
    if (seen.has(server)) return;
    seen.add(server);
    const hint = error.suggestion !== undefined ? message(locale, 'metadata-ports.hint', { suggestion: error.suggestion }) : '';
    context.report({
      code: error.code,
      start: error.range[0],
      end: error.range[1],
      messageKey: error.messageKey,
      args: { server, detail: error.detail ?? '', hint, ...error.args },
      path: error.path,
      ...(error.stage ? { stage: error.stage } : {}),
      data: {
        rule: error.rule,
        type: error.type,
        server,
        ...(error.suggestion !== undefined ? { suggestion: error.suggestion } : {}),
        ...error.data,
      },
    });
  };
}
