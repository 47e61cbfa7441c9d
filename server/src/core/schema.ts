/**
 * The one loader of field knowledge: the API schema generated from `kubernetes-models`
 * (types, enums, required, official descriptions), our overrides (defaults as the API
 * server applies them, hidden system fields) and our explanations in English and Korean.
 */
import generated from './data/k8s-types.generated.json';
import overrides from './data/field-overrides.json';
import explanationsEn from './data/explanations.en.json';
import explanationsKo from './data/explanations.ko.json';
import type { Locale } from './types';

export type FieldTypeKind = 'string' | 'integer' | 'boolean' | 'intOrString' | 'object' | 'array' | 'map' | 'any';

export interface FieldType {
  kind: FieldTypeKind;
  /** Allowed values of a string field (exact case). */
  enum?: string[];
  /** The object type, for `object`. */
  ref?: string;
  /** Element type, for `array`. */
  items?: FieldType;
  /** Value type, for `map`. */
  values?: FieldType;
  format?: string;
}

interface GeneratedField {
  type: FieldType;
  description: string;
  required?: boolean;
  default?: string;
  valueDocs?: Record<string, string>;
}

export interface ObjectType {
  /** The Kubernetes type name, e.g. `ServicePort`. */
  name: string;
  description: string;
  /** kubernetes.io API reference page. */
  reference: string;
  fields: Record<string, GeneratedField>;
}

interface Override {
  hidden?: boolean;
  /** `int64` for the few 64-bit integers; every other integer of a Service is an int32. */
  format?: string;
  default?: string;
  emptyAllowed?: boolean;
  suggestions?: string[];
}

/** Our explanation of a field, in one language. */
export interface Explanation {
  summary: string;
  default?: string;
  when?: string;
  mistake?: string;
}

interface ExplanationFile {
  fields: Record<string, Explanation>;
  values: Record<string, string>;
}

/** Everything known about one field, reached by a schema path such as `spec.ports[].port`. */
export interface FieldInfo {
  name: string;
  /** Schema path: field names joined by dots, `[]` for any list index. */
  schemaPath: string;
  type: FieldType;
  description: string;
  required: boolean;
  default?: string;
  valueDocs?: Record<string, string>;
  hidden: boolean;
  emptyAllowed: boolean;
  suggestions: string[];
  /** The object type that declares the field. */
  owner: ObjectType;
}

const types = generated.types as unknown as Record<string, ObjectType>;
const kinds = generated.kinds as Record<string, string>;
const overrideTable = overrides as unknown as Record<string, Override>;
const explanations: Record<Locale, ExplanationFile> = { en: explanationsEn, ko: explanationsKo };

export const schemaSource: string = generated.generatedFrom;

export function objectType(key: string): ObjectType | undefined {
  return types[key];
}

/** The type of a kind's root object. */
export function rootType(kind: string): FieldType | undefined {
  const key = kinds[kind];
  return key ? { kind: 'object', ref: key } : undefined;
}

export function childSchemaPath(parent: string, key: string | number): string {
  if (typeof key === 'number' || key === '[]') return `${parent}[]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * Field infos by type and schema path, made once: the validation asks for the same fields of
 * every Service in a file. They are shared, so nobody changes them.
 */
const infos = new Map<ObjectType, Map<string, FieldInfo>>();
const fieldLists = new Map<ObjectType, Map<string, FieldInfo[]>>();

function fieldInfo(owner: ObjectType, name: string, schemaPath: string): FieldInfo | undefined {
  let byPath = infos.get(owner);
  if (!byPath) infos.set(owner, (byPath = new Map()));
  const known = byPath.get(schemaPath);
  if (known) return known;
  const info = makeFieldInfo(owner, name, schemaPath);
  // Only real fields are kept: misspelt and half-typed keys would grow the table for ever.
  if (info) byPath.set(schemaPath, info);
  return info;
}

function makeFieldInfo(owner: ObjectType, name: string, schemaPath: string): FieldInfo | undefined {
  // Own fields only: a key like `constructor` or `toString` is not a field of any type.
  if (!Object.prototype.hasOwnProperty.call(owner.fields, name)) return undefined;
  const field = owner.fields[name];
  if (!field) return undefined;
  const extra = overrideTable[schemaPath] ?? {};
  return {
    name,
    schemaPath,
    type: extra.format ? { ...field.type, format: extra.format } : field.type,
    description: field.description,
    required: field.required === true,
    default: extra.default ?? field.default,
    valueDocs: field.valueDocs,
    hidden: extra.hidden === true,
    emptyAllowed: extra.emptyAllowed === true,
    suggestions: extra.suggestions ?? [],
    owner,
  };
}

/** The fields of an object type, in the schema's order, with their schema paths. */
export function fieldsOf(type: FieldType, schemaPath: string): FieldInfo[] {
  const owner = type.kind === 'object' && type.ref ? types[type.ref] : undefined;
  if (!owner) return [];
  let byPath = fieldLists.get(owner);
  if (!byPath) fieldLists.set(owner, (byPath = new Map()));
  let list = byPath.get(schemaPath);
  if (!list) byPath.set(schemaPath, (list = Object.keys(owner.fields).map((name) => fieldInfo(owner, name, childSchemaPath(schemaPath, name))!)));
  return list;
}

export function fieldOf(type: FieldType, schemaPath: string, name: string): FieldInfo | undefined {
  const owner = type.kind === 'object' && type.ref ? types[type.ref] : undefined;
  return owner ? fieldInfo(owner, name, childSchemaPath(schemaPath, name)) : undefined;
}

export interface Resolved {
  /** The type at the end of the path, if the path is valid. */
  type?: FieldType;
  /** The field the path ends at (undefined at the root, for list items and map values). */
  field?: FieldInfo;
  schemaPath: string;
}

/**
 * Follows mapping keys (strings) and list indexes (numbers or `[]`) from a kind's root.
 * Map values (labels, selector) are typed by the map's value type.
 */
export function resolvePath(kind: string, keys: readonly (string | number)[]): Resolved {
  let type = rootType(kind);
  let field: FieldInfo | undefined;
  let schemaPath = '';
  for (const key of keys) {
    if (!type) return { schemaPath };
    if (type.kind === 'array' && (typeof key === 'number' || key === '[]')) {
      type = type.items;
      field = undefined;
      schemaPath = childSchemaPath(schemaPath, '[]');
    } else if (type.kind === 'map' && typeof key === 'string') {
      type = type.values;
      field = undefined;
      schemaPath = childSchemaPath(schemaPath, key);
    } else if (type.kind === 'object' && typeof key === 'string') {
      field = fieldOf(type, schemaPath, key);
      schemaPath = childSchemaPath(schemaPath, key);
      type = field?.type;
    } else {
      return { schemaPath };
    }
  }
  return { type, field, schemaPath };
}

export function explanation(locale: Locale, schemaPath: string): Explanation | undefined {
  return explanations[locale].fields[schemaPath] ?? explanations.en.fields[schemaPath];
}

export function valueExplanation(locale: Locale, schemaPath: string, value: string): string | undefined {
  const key = `${schemaPath}=${value}`;
  return explanations[locale].values[key] ?? explanations.en.values[key];
}

/** The keys present in an explanation file, for the coverage test. */
export function explanationKeys(locale: Locale): { fields: string[]; values: string[] } {
  return { fields: Object.keys(explanations[locale].fields), values: Object.keys(explanations[locale].values) };
}

/** A short type label for a field: `integer`, `string (enum)`, `[]ServicePort`, `map[string]string`. */
export function typeLabel(type: FieldType): string {
  switch (type.kind) {
    case 'object':
      return types[type.ref ?? '']?.name ?? 'object';
    case 'array':
      return `[]${typeLabel(type.items ?? { kind: 'any' })}`;
    case 'map':
      return `map[string]${typeLabel(type.values ?? { kind: 'any' })}`;
    case 'intOrString':
      return 'integer or string';
    default:
      return type.kind;
  }
}

/** Case-insensitive edit distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const row = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] === y[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[y.length];
}

/** The closest candidate to a misspelt word, if it is close enough to be what was meant. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best !== undefined && (bestDistance <= limit || best.toLowerCase() === word.toLowerCase()) ? best : undefined;
}
