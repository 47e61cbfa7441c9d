/**
 * Rules 6 and 8 (API server decoding with strict field validation) plus required fields and
 * enum values, checked against the generated Service schema:
 * - unknown fields are rejected (`strict decoding error: unknown field "spec.ports[0].targetport"`);
 * - values must have the JSON type of the field (`json: cannot unmarshal string into Go struct
 *   field ServicePort.spec.ports.port of type int32`); a YAML null is the same as absent;
 * - required fields (`spec.ports[].port`) must be present;
 * - enum values are exact and case-sensitive (ValidateService: `Unsupported value`); an empty
 *   string is accepted where SetDefaults_Service replaces it (type, protocol, sessionAffinity).
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { formatPath } from '../../document';
import { childSchemaPath, closest, fieldsOf, fieldOf, objectType, rootType, type FieldInfo, type FieldType } from '../../schema';
import { message, type MessageKey } from '../../i18n';
import type { Rule, RuleContext } from '../context';
import { effectivePairs, resolve } from '../fields';

/** The JSON type a YAML node becomes when kubectl converts it. */
type JsonKind = 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

function jsonKind(node: Node | null | undefined, context: RuleContext): JsonKind {
  const target = resolve(context.document.yaml, node);
  if (!target) return 'null';
  if (isMap(target)) return 'object';
  if (isSeq(target)) return 'array';
  if (isScalar(target)) {
    const value = target.value;
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'boolean') return 'boolean';
    if (typeof value === 'number' || typeof value === 'bigint') return Number.isInteger(Number(value)) ? 'integer' : 'number';
    return 'string';
  }
  return 'string';
}

function accepts(type: FieldType, kind: JsonKind): boolean {
  switch (type.kind) {
    case 'string':
      return kind === 'string';
    case 'integer':
      return kind === 'integer';
    case 'boolean':
      return kind === 'boolean';
    case 'intOrString':
      return kind === 'integer' || kind === 'string';
    case 'object':
    case 'map':
      return kind === 'object';
    case 'array':
      return kind === 'array';
    default:
      return true;
  }
}

function typeWord(context: RuleContext, kind: string): string {
  return message(context.settings.locale, `type.${kind}` as MessageKey);
}

function span(node: Node | null | undefined, fallback: number): [number, number] {
  return node?.range ? [node.range[0], node.range[1]] : [fallback, fallback];
}

function checkValue(context: RuleContext, node: Node | null | undefined, type: FieldType, path: (string | number)[], schemaPath: string, field: FieldInfo | undefined, keyNode: Node | null | undefined, inMap = false): void {
  const kind = jsonKind(node, context);
  if (kind === 'null') return;
  const name = String(path[path.length - 1] ?? '');
  // Go's JSON decoder names a map's field, not the key inside it: `metadata.labels`.
  const fieldPath = () => formatPath(inMap ? path.slice(0, -1) : path);
  // Where the value sits in kubectl's JSON (keys sorted), to know which type error comes first.
  const decodeOrder = () => formatPath(path);
  const [start, end] = span(node, span(keyNode, context.document.start)[1]);
  // An alias is judged by what it stands for (kubectl sends the value), reported where it is written.
  const target = isAlias(node) ? resolve(context.document.yaml, node) : node;
  if (!accepts(type, kind)) {
    const scalar = target as Scalar;
    const quotedNumber = (type.kind === 'integer') && kind === 'string' && /^\s*-?\d+\s*$/.test(String(scalar.value));
    context.report({
      code: 'type-mismatch',
      start,
      end,
      messageKey: quotedNumber ? 'type-mismatch.quoted-number' : 'type-mismatch',
      args: { key: name, expected: typeWord(context, type.kind), actual: typeWord(context, kind), path: fieldPath(), value: String(scalar.value) },
      path: fieldPath(),
      data: { rule: 8, type: 'TypeMismatch', decodeOrder: decodeOrder(), expected: type.kind, actual: kind, ...(quotedNumber ? { suggestion: String(scalar.value).trim() } : {}) },
    });
    return;
  }
  // An aliased mapping or list is checked where it is anchored, not once more for each alias.
  if (isAlias(node) && !isScalar(target)) return;
  // Go decodes these into int32 (int64 where the schema says so): a larger number does not fit.
  if ((type.kind === 'integer' || type.kind === 'intOrString') && kind === 'integer' && isScalar(target)) {
    const value = Number(target.value);
    const bits = type.format === 'int64' ? 63 : 31;
    if (value < -(2 ** bits) || value > 2 ** bits - 1) {
      context.report({
        code: 'type-mismatch',
        start,
        end,
        messageKey: 'type-mismatch.range',
        args: { key: name, value: String(target.source ?? value), path: fieldPath(), bits: bits + 1 },
        path: fieldPath(),
        data: { rule: 8, type: 'TypeMismatch', decodeOrder: decodeOrder(), expected: type.format ?? 'int32' },
      });
    }
    return;
  }
  if (type.kind === 'string' && type.enum && isScalar(target)) {
    const value = String(target.value);
    if (type.enum.includes(value) || (value === '' && field?.emptyAllowed)) return;
    const suggestion = closest(value, type.enum);
    const allowed = type.enum.map((v) => `"${v}"`).join(', ');
    context.report({
      code: 'unsupported-value',
      start,
      end,
      messageKey: suggestion ? 'unsupported-value.suggest' : 'unsupported-value',
      args: { key: name, value, allowed, suggestion: suggestion ?? '' },
      path: fieldPath(),
      // ipFamilies and ipFamilyPolicy are checked by the registry before validation (rules 12-13).
      stage: /^spec\.ipFamil/.test(fieldPath()) ? 'registry' : 'validation',
      data: { allowed: type.enum, ...(suggestion ? { suggestion } : {}) },
    });
    return;
  }
  if (type.kind === 'object' && isMap(node)) checkObject(context, node, type, path, schemaPath);
  else if (type.kind === 'array' && isSeq(node) && type.items) {
    const itemPath = childSchemaPath(schemaPath, '[]');
    node.items.forEach((item, i) => {
      if (item === null || (isScalar(item) && item.value === null)) checkNullItem(context, type.items!, [...path, i], itemPath, span(item as Node | null, start));
      else checkValue(context, item as Node, type.items!, [...path, i], itemPath, undefined, undefined);
    });
  } else if (type.kind === 'map' && isMap(node) && type.values) {
    for (const [key, pair] of effectivePairs(context.document.yaml, node)) checkValue(context, pair.value as Node, type.values, [...path, key], childSchemaPath(schemaPath, key), undefined, pair.key as Node, true);
  }
}

/** `schemaPath`: the path in the schema's notation (`spec.ports[].port`), carried down with `path`. */
function checkObject(context: RuleContext, map: YAMLMap, type: FieldType, path: (string | number)[], schemaPath: string): void {
  const owner = objectType(type.ref ?? '');
  if (!owner) return;
  const names = Object.keys(owner.fields);
  const present = new Set<string>();
  // As kubectl reads it: merge keys followed, the last of duplicate keys kept.
  const pairs = effectivePairs(context.document.yaml, map);
  for (const [key, pair] of pairs) {
    const keyNode = pair.key as Node | null;
    present.add(key);
    const field = fieldOf(type, schemaPath, key);
    if (!field) {
      const suggestion = closest(key, names);
      const fieldPath = formatPath([...path, key]);
      const [start, end] = span(keyNode, map.range?.[0] ?? context.document.start);
      context.report({
        code: 'unknown-field',
        start,
        end,
        messageKey: suggestion ? 'unknown-field.suggest' : 'unknown-field',
        args: { key, type: owner.name, suggestion: suggestion ?? '', path: fieldPath },
        path: fieldPath,
        data: { rule: 6, type: 'UnknownField', ...(suggestion ? { suggestion } : {}) },
      });
      continue;
    }
    // apiVersion and kind have their own rule with kubectl's wording.
    if (path.length === 0 && (key === 'apiVersion' || key === 'kind')) continue;
    checkValue(context, pair.value as Node, field.type, [...path, key], field.schemaPath, field, keyNode);
  }
  for (const field of fieldsOf(type, schemaPath)) {
    if (!field.required || path.length === 0) continue;
    const valuePair = pairs.get(field.name);
    const missing = !present.has(field.name) || jsonKind(valuePair?.value as Node, context) === 'null';
    if (!missing) continue;
    const anchor = (valuePair?.key ?? map.items[0]?.key) as Node | null | undefined;
    reportRequired(context, owner.name, field.name, path, span(anchor, map.range?.[0] ?? context.document.start));
  }
}

function reportRequired(context: RuleContext, owner: string, name: string, path: (string | number)[], [start, end]: [number, number]): void {
  // A missing port decodes as 0, which ValidateService rejects (rule 37).
  context.report({ code: 'required-field', start, end, messageKey: 'required-field', args: { key: name, type: owner }, path: formatPath([...path, name]), stage: 'validation', data: { field: name } });
}

/**
 * A list item written as a bare `-` is a null item; Go decodes it into an empty object, whose
 * required fields are then missing (a bare `-` under `ports:` is a port 0).
 */
function checkNullItem(context: RuleContext, type: FieldType, path: (string | number)[], schemaPath: string, at: [number, number]): void {
  const owner = type.kind === 'object' ? objectType(type.ref ?? '') : undefined;
  if (!owner) return;
  for (const field of fieldsOf(type, schemaPath)) if (field.required) reportRequired(context, owner.name, field.name, path, at);
}

export const schemaConformance: Rule = {
  codes: { 'unknown-field': 'error', 'type-mismatch': 'error', 'required-field': 'error', 'unsupported-value': 'error' },
  appliesTo: 'service',
  stage: 'decode',
  check(context) {
    const root = context.document.yaml.contents as Node | null;
    const type = rootType('Service');
    if (!type || !isMap(root)) return;
    checkObject(context, root, type, [], '');
  },
};

