/**
 * Reading a Service document as the API server will see it, for the rules: the last of
 * duplicate keys wins (kubectl keeps the last), `<<` merge keys are followed (kubectl's YAML
 * reader supports them), aliases are resolved, and every value keeps the node it came from so a
 * rule can report on what the user wrote.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { keyText } from '../document';

/** A value found in the document, with where it is. */
export interface Found {
  /** The pair whose value this is (absent for list items). */
  pair?: Pair;
  /** The value node (null for `key:` with no value). */
  node: Node | null;
  /** Offsets to report on: the value, or the key when there is no value. */
  start: number;
  end: number;
}

export function resolve(doc: Document.Parsed, node: unknown): Node | null {
  let current = node;
  for (let depth = 0; depth < 20 && isAlias(current); depth++) current = current.resolve(doc);
  return (current as Node | null | undefined) ?? null;
}

const pairsOf = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * The pairs of a mapping as kubectl sees them: go-yaml v2 (decoder.mapping) applies keys in
 * document order, a `<<` merge setting the merged keys where it stands, and a later key
 * overriding an earlier one. With a list of merge sources the first source wins (d.merge walks
 * them from the last).
 */
export function effectivePairs(doc: Document.Parsed, map: YAMLMap): Map<string, Pair> {
  // Rules look the same mappings up many times (every `lookup` walks from the root); a parsed
  // tree is never modified, so each mapping's pairs are worked out once.
  let result = pairsOf.get(map);
  if (result) return result;
  result = new Map<string, Pair>();
  pairsOf.set(map, result);
  for (const pair of map.items) {
    const key = keyText(pair);
    // Only a plain `<<` is a merge key (yaml reads it as a symbol); a quoted "<<" is an ordinary key.
    if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
      const source = resolve(doc, pair.value);
      const sources = isSeq(source) ? source.items.map((i) => resolve(doc, i)) : [source];
      for (const merged of [...sources].reverse()) {
        // A mapping merged into itself (through an alias cycle) adds nothing new.
        if (isMap(merged) && merged !== map) for (const [k, p] of effectivePairs(doc, merged)) result.set(k, p);
      }
    } else if (key !== undefined) {
      result.set(key, pair);
    }
  }
  return result;
}

function span(pair: Pair | undefined, node: Node | null): [number, number] {
  if (node?.range) return [node.range[0], node.range[1]];
  const key = pair?.key as Node | null | undefined;
  if (key?.range) return [key.range[0], key.range[1]];
  return [0, 0];
}

/** Follows mapping keys and list indexes from the document root. */
export function lookup(doc: Document.Parsed, keys: readonly (string | number)[]): Found | undefined {
  let node = resolve(doc, doc.contents);
  let pair: Pair | undefined;
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!isSeq(node)) return undefined;
      const item = node.items[key];
      if (item === undefined) return undefined;
      pair = undefined;
      node = resolve(doc, item);
    } else {
      if (!isMap(node)) return undefined;
      pair = effectivePairs(doc, node).get(key);
      if (!pair) return undefined;
      node = resolve(doc, pair.value);
    }
  }
  const [start, end] = span(pair, node);
  return { pair, node, start, end };
}

/** The items of a list, with their indexes. */
export function listAt(doc: Document.Parsed, keys: readonly (string | number)[]): { index: number; node: Node | null; start: number; end: number }[] {
  const found = lookup(doc, keys);
  if (!found || !isSeq(found.node)) return [];
  return (found.node as YAMLSeq).items.map((item, index) => {
    const node = resolve(doc, item);
    const [start, end] = node?.range ? [node.range[0], node.range[1]] : [found.start, found.end];
    return { index, node, start, end };
  });
}

/** The entries of a mapping (labels, selector, annotations) as kubectl sees them. */
export function entriesAt(doc: Document.Parsed, keys: readonly (string | number)[]): { key: string; pair: Pair; value: unknown }[] {
  const found = lookup(doc, keys);
  if (!found || !isMap(found.node)) return [];
  return [...effectivePairs(doc, found.node)].map(([key, pair]) => {
    const value = resolve(doc, pair.value);
    return { key, pair, value: isScalar(value) ? value.value : value };
  });
}
