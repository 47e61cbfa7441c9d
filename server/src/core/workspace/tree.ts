/**
 * A small tree of what the extraction reads from a YAML document: mappings, sequences and
 * scalars with their offsets. It is built either from a `yaml` Document (a file the server has
 * parsed) or by the fast line scanner (scan.ts) for files of the workspace that are not open.
 *
 * Ranges of mappings are defined here, not taken from the parser: from the first key to the end
 * of the last value, so both builders agree and no trailing comment or newline is included.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { keyText } from '../keys';

/** Thrown while reading a node the fast scanner was unsure of: read the file with the real parser. */
export class Unsure extends Error {
  constructor() {
    super('unsure');
  }
}

export interface TScalar {
  t: 'scalar';
  start: number;
  end: number;
  isNull: boolean;
  /** The value when it is a string. */
  str?: string;
  /** The value as kubectl would read it into a string field (a number or boolean as written; null as ''). */
  text: string;
  /** The value as an integer (an integer, or a string of digits). */
  num?: number;
  /** The scanner could not tell the type: reading `str` or `num` needs the real parser. */
  unsure?: boolean;
}

export interface TPair {
  /** The key as kubectl reads it (undefined for a non-scalar key). */
  key: string | undefined;
  keyStart: number;
  keyEnd: number;
  /** Never null: an absent value is a null scalar just after the colon. */
  value: TNode;
}

export interface TMap {
  t: 'map';
  start: number;
  end: number;
  pairs: TPair[];
}

export interface TSeq {
  t: 'seq';
  /** Null for an empty item. */
  items: (TNode | null)[];
  /** The end of the last item that has one. */
  end?: number;
}

/** Something the extraction does not look into (an alias, a block scalar, a flow collection the scanner skipped). */
export interface TOpaque {
  t: 'opaque';
  start: number;
  end: number;
  /** Reading it as anything needs the real parser. */
  unsure: boolean;
}

export type TNode = TScalar | TMap | TSeq | TOpaque;

/** A document of a file, as the extraction needs it. */
export interface TDocument {
  index: number;
  start: number;
  end: number;
  root: TNode | null;
  isKubernetes: boolean;
  kind?: string;
  hasErrors: boolean;
}

// ---------------------------------------------------------------------------------------------
// Reading (throws Unsure on what the scanner was unsure of)

export function asMap(node: TNode | null | undefined): TMap | undefined {
  if (node?.t === 'opaque' && node.unsure) throw new Unsure();
  return node?.t === 'map' ? node : undefined;
}

export function asSeq(node: TNode | null | undefined): TSeq | undefined {
  if (node?.t === 'opaque' && node.unsure) throw new Unsure();
  return node?.t === 'seq' ? node : undefined;
}

/** The value of the last pair with this key (kubectl keeps the last duplicate). */
export function get(map: TNode | null | undefined, key: string): TNode | undefined {
  return lastPair(map, key)?.value;
}

export function lastPair(map: TNode | null | undefined, key: string): TPair | undefined {
  const m = asMap(map);
  if (!m) return undefined;
  for (let i = m.pairs.length - 1; i >= 0; i--) if (m.pairs[i].key === key) return m.pairs[i];
  return undefined;
}

export function child(node: TNode | null | undefined, ...keys: string[]): TNode | undefined {
  let current: TNode | null | undefined = node;
  for (const key of keys) current = get(current, key);
  return current ?? undefined;
}

function scalar(node: TNode | null | undefined): TScalar | undefined {
  if (node?.t === 'opaque' && node.unsure) throw new Unsure();
  return node?.t === 'scalar' ? node : undefined;
}

/** A string value (not a number or boolean). */
export function scalarString(node: TNode | null | undefined): string | undefined {
  const s = scalar(node);
  if (s?.unsure) throw new Unsure();
  return s?.str;
}

/** A scalar as kubectl would read it into a string field. */
export function scalarText(node: TNode | null | undefined): string | undefined {
  return scalar(node)?.text;
}

export function scalarNumber(node: TNode | null | undefined): number | undefined {
  const s = scalar(node);
  if (s?.unsure) throw new Unsure();
  return s?.num;
}

export function isNullScalar(node: TNode | null | undefined): boolean {
  const s = scalar(node);
  return s?.isNull === true;
}

export function nodeEnd(node: TNode): number | undefined {
  if (node.t === 'scalar' && node.isNull) return undefined;
  return node.end;
}

// ---------------------------------------------------------------------------------------------
// From a parsed `yaml` Document

const digits = /^\s*\d+\s*$/;

/** The offset just after `:` (and blanks) following a key that ends at `keyEnd`: where an absent value is. */
function afterIndicator(text: string, from: number, indicator: string): number {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === indicator) i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

export function fromYamlDocument(doc: Document.Parsed, text: string): TNode | null {
  return fromYaml(doc.contents as Node | null, text, 0);
}

function fromYaml(node: Node | null | undefined, text: string, depth: number): TNode | null {
  if (!node || depth > 150) return null;
  if (isScalar(node)) {
    const [start, end] = node.range ?? [0, 0];
    const value = node.value;
    if (value === null || value === undefined) return { t: 'scalar', start, end: start, isNull: true, text: '' };
    const result: TScalar = { t: 'scalar', start, end, isNull: false, text: '' };
    if (typeof value === 'string') {
      result.str = value;
      result.text = value;
      if (digits.test(value)) result.num = Number(value);
    } else {
      result.text = typeof node.source === 'string' ? node.source : String(value);
      if (typeof value === 'number' && Number.isInteger(value)) result.num = value;
    }
    return result;
  }
  if (isMap(node)) {
    const pairs: TPair[] = [];
    for (const pair of node.items as Pair[]) {
      const keyNode = pair.key as Node | null;
      const keyStart = keyNode?.range?.[0] ?? node.range?.[0] ?? 0;
      const keyEnd = keyNode?.range?.[1] ?? keyStart;
      let value = fromYaml(pair.value as Node | null, text, depth + 1);
      if (!value || (value.t === 'scalar' && value.isNull)) {
        const at = afterIndicator(text, keyEnd, ':');
        value = { t: 'scalar', start: at, end: at, isNull: true, text: '' };
      }
      pairs.push({ key: isScalar(keyNode) ? keyText(pair) : undefined, keyStart, keyEnd, value });
    }
    return mapNode(pairs, node.range?.[0] ?? 0, node.range?.[1] ?? 0);
  }
  if (isSeq(node)) {
    return seqNode(
      node.items.map((item) => {
        const converted = fromYaml(item as Node | null, text, depth + 1);
        return converted && converted.t === 'scalar' && converted.isNull ? null : converted;
      }),
    );
  }
  const [start, end] = (isAlias(node) ? node.range : undefined) ?? [0, 0];
  return { t: 'opaque', start, end, unsure: false };
}

/** A mapping node whose range runs from its first key to its last value (the given range if empty). */
export function mapNode(pairs: TPair[], emptyStart: number, emptyEnd: number): TMap {
  if (pairs.length === 0) return { t: 'map', start: emptyStart, end: emptyEnd, pairs };
  const last = pairs[pairs.length - 1];
  return { t: 'map', start: pairs[0].keyStart, end: Math.max(last.keyEnd, nodeEnd(last.value) ?? last.keyEnd), pairs };
}

/** A sequence node whose end is its last item's. */
export function seqNode(items: (TNode | null)[]): TSeq {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const end = item ? nodeEnd(item) : undefined;
    if (end !== undefined) return { t: 'seq', items, end };
  }
  return { t: 'seq', items };
}
