/**
 * The fast path for the documents that make up most of a large manifest file and that we only
 * index, never check field by field: Deployments, ConfigMaps and the other kinds that are not a
 * Service. Parsing them with the YAML library costs about as much as everything else we do on
 * open put together, for a syntax tree nobody reads (a Deployment's rules ask only "is the YAML
 * valid, are keys unique, are apiVersion and kind there").
 *
 * A `---` chunk qualifies when the workspace scanner (workspace/scan.ts) reads it completely:
 * one document of block mappings and sequences with one-line scalars, nothing it was unsure of
 * (no block or flow scalars, folded plain scalars, anchors, tags, directives, tabs in
 * indentation), no duplicate keys, keys of ordinary length, no unusual characters, and string
 * `apiVersion` and `kind` values. That is a subset of YAML the library reads without an error
 * (a differential test parses every corpus and fuzzed file both ways and compares all results).
 * The document then keeps the scanner's tree for the workspace index, and its YAML syntax tree
 * is parsed only when something asks for it (a hover, a completion, a quick fix).
 */
import { scanDocuments } from './workspace/scan';
import type { TDocument, TNode } from './workspace/tree';

export interface PlainDocument {
  /** The scanner's reading, offsets in the file. */
  scanned: TDocument;
  apiVersion: string;
  kind: string;
  start: number;
  end: number;
}

/** Control characters, lone surrogates and non-characters: the YAML library has its own views on them. */
const unusualCharacters = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;

/** Longer implicit keys are a YAML error (the limit is 1024 characters); stay well clear. */
const longestKey = 512;

/** The chunk (at `offset` in the file) as a plain document, or undefined when the YAML library must read it. */
export function plainDocument(chunk: string, offset: number): PlainDocument | undefined {
  if (unusualCharacters.test(chunk)) return undefined;
  const scanned = scanDocuments(chunk, offset);
  if (!scanned || scanned.length !== 1) return undefined;
  const [document] = scanned;
  const root = document.root;
  // A Service is checked rule by rule on its syntax tree.
  if (!root || root.t !== 'map' || document.kind === undefined || document.kind === 'Service') return undefined;
  const apiVersion = root.pairs.find((pair) => pair.key === 'apiVersion')?.value;
  if (!apiVersion || apiVersion.t !== 'scalar' || apiVersion.unsure || apiVersion.str === undefined) return undefined;
  if (!plainTree(root, chunk, offset)) return undefined;
  return { scanned: document, apiVersion: apiVersion.str, kind: document.kind, start: document.start, end: document.end };
}

/** Characters a plain scalar may not start with (YAML's indicators); quoted scalars start with a quote. */
const indicators = new Set([...',[]{}#&*!|>%@`']);

/**
 * Nothing skipped, every key a string of ordinary length, no key twice in a mapping, no value
 * starting with an indicator (`key: ,x` is an error the scanner, which only indexes, lets by).
 */
function plainTree(root: TNode, chunk: string, offset: number): boolean {
  const stack: TNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.t === 'opaque') return false;
    if (node.t === 'scalar') {
      if (node.end > node.start && indicators.has(chunk[node.start - offset])) return false;
    } else if (node.t === 'map') {
      const pairs = node.pairs;
      // Most mappings of a manifest are small: comparing with the keys before is cheaper than a set.
      const seen = pairs.length > 16 ? new Set<string>() : undefined;
      for (let i = 0; i < pairs.length; i++) {
        const key = pairs[i].key;
        if (key === undefined || pairs[i].keyEnd - pairs[i].keyStart > longestKey) return false;
        if (seen) {
          if (seen.has(key)) return false;
          seen.add(key);
        } else {
          for (let j = 0; j < i; j++) if (pairs[j].key === key) return false;
        }
        stack.push(pairs[i].value);
      }
    } else if (node.t === 'seq') {
      for (const item of node.items) if (item) stack.push(item);
    }
  }
  return true;
}
