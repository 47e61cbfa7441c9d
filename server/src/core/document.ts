/**
 * The document model: a file's text parsed into YAML documents with positions, each
 * classified as a Kubernetes manifest (and which kind) or not.
 *
 * Values are read with YAML 1.1 rules because that is what kubectl does (sigs.k8s.io/yaml):
 * unquoted `yes`, `on`, `off` are booleans and `0x1F` is a number. Duplicate keys are not a
 * parse error here (kubectl keeps the last one silently); the validation reports them.
 */
import { isMap, isScalar, isSeq, isPair, isAlias, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Position, Range } from './types';
import { kubectlParseOptions } from './kubectl-yaml';

/** Converts between string offsets and zero-based line/character positions. */
export class LineIndex {
  readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  /** The offset of the end of a line, before its `\n` or `\r\n`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return next > this.lineStarts[line] && this.text[next - 1] === '\r' ? next - 1 : next;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** One YAML document of a file (between `---` markers). */
export interface ManifestDocument {
  /** Zero-based index of the document in the file. */
  index: number;
  yaml: Document.Parsed;
  /** Offsets of the document's text in the file. */
  start: number;
  end: number;
  /** The top-level `apiVersion` and `kind` when they are strings. */
  apiVersion?: string;
  kind?: string;
  /** The top level is a mapping with an `apiVersion` or `kind` key: a Kubernetes manifest. */
  isKubernetes: boolean;
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  documents: ManifestDocument[];
  /** Some document is a Kubernetes manifest; other YAML files get no diagnostics at all. */
  isKubernetes: boolean;
  /** The file was not parsed because it is larger than `maxFileSize`. */
  tooLarge: boolean;
  /** The YAML parser itself failed (e.g. a stack overflow on absurd nesting). */
  parserFailure?: string;
}

/** Matches a line that starts a Kubernetes manifest even when the YAML around it is broken. */
const manifestKeyLine = /^(apiVersion|kind)[ \t]*:/m;

export function parseFile(text: string, maxFileSize = Number.POSITIVE_INFINITY): ParsedFile {
  const lines = new LineIndex(text);
  if (text.length > maxFileSize) {
    return { text, lines, documents: [], isKubernetes: manifestKeyLine.test(text.slice(0, 65536)), tooLarge: true };
  }
  let parsed: Document.Parsed[];
  try {
    // YAML 1.1 read as kubectl's go-yaml v2 does (see kubectl-yaml.ts).
    const result = parseAllDocuments(text, kubectlParseOptions);
    parsed = Array.isArray(result) ? result : [];
  } catch (error) {
    return { text, lines, documents: [], isKubernetes: manifestKeyLine.test(text), tooLarge: false, parserFailure: String(error) };
  }
  const documents = parsed.map((doc, index) => describeDocument(doc, index, text.length));
  const isKubernetes = documents.some((d) => d.isKubernetes) || manifestKeyLine.test(text);
  return { text, lines, documents, isKubernetes, tooLarge: false };
}

function describeDocument(doc: Document.Parsed, index: number, textLength: number): ManifestDocument {
  const [start, , end] = doc.range ?? [0, 0, textLength];
  const result: ManifestDocument = { index, yaml: doc, start, end, isKubernetes: false };
  const root = doc.contents;
  if (isMap(root)) {
    const keys = new Set<string>();
    for (const pair of root.items) {
      const key = keyText(pair);
      if (key !== undefined) keys.add(key);
      if (key !== 'apiVersion' && key !== 'kind') continue;
      const value = pair.value;
      if (isScalar(value) && typeof value.value === 'string') result[key] = value.value;
    }
    // A manifest names its apiVersion or kind; one that forgot both still has the object shape.
    result.isKubernetes = keys.has('apiVersion') || keys.has('kind') || (keys.has('metadata') && keys.has('spec'));
  }
  return result;
}

/** The key of a pair as the string kubectl would use for it (non-string keys are stringified). */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  // A YAML 1.1 merge key `<<` is a scalar whose value is a symbol.
  if (isScalar(key)) return key.value === null ? '' : typeof key.value === 'symbol' ? '<<' : String(key.value);
  return undefined;
}

/** The pair of a mapping with the given key (the last one, as kubectl keeps the last duplicate). */
export function getPair(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const pair of map.items) if (keyText(pair) === key) found = pair;
  return found;
}

/** The document that contains an offset (the last one starting before it). */
export function documentAt(file: ParsedFile, offset: number): ManifestDocument | undefined {
  let found: ManifestDocument | undefined;
  for (const doc of file.documents) {
    if (doc.start <= offset) found = doc;
    else break;
  }
  return found;
}

/** A step on the way from a document's root to the node at an offset. */
export interface PathStep {
  /** The key (mapping) or index (sequence) of the step. */
  key: string | number;
  /** The node the step leads to (undefined for a key with no value yet). */
  node: Node | null | undefined;
  /** The mapping pair, for mapping steps. */
  pair?: Pair;
}

export interface NodeAtOffset {
  steps: PathStep[];
  /** Whether the offset is on the last step's key (true) or on its value (false). */
  onKey: boolean;
}

function nodeEnd(node: Node | null | undefined): number {
  return node?.range ? node.range[1] : -1;
}

/**
 * The path of mapping keys and sequence indexes leading to the node under `offset`.
 * The end of a node counts as inside it, so a cursor just after a word hovers that word.
 */
export function nodeAtOffset(doc: Document.Parsed, offset: number): NodeAtOffset {
  const steps: PathStep[] = [];
  let node: Node | null | undefined = doc.contents;
  let onKey = false;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      const pair: Pair | undefined = node.items.find((p) => {
        const key = p.key as Node | null;
        const start = key?.range?.[0] ?? -1;
        const end = Math.max(nodeEnd(key), nodeEnd(p.value as Node | null));
        return start <= offset && offset <= end;
      });
      if (!pair) break;
      const key = keyText(pair) ?? '';
      const keyNode = pair.key as Node | null;
      if (keyNode?.range && offset <= keyNode.range[1]) {
        steps.push({ key, node: pair.value as Node | null, pair });
        onKey = true;
        break;
      }
      steps.push({ key, node: pair.value as Node | null, pair });
      node = pair.value as Node | null;
      continue;
    }
    if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = (item as Node | null)?.range;
        return range != null && range[0] <= offset && offset <= range[1];
      });
      if (index < 0) break;
      steps.push({ key: index, node: node.items[index] as Node });
      node = node.items[index] as Node;
      continue;
    }
    break;
  }
  return { steps, onKey };
}

/** Formats steps as an API server field path: `spec.ports[0].port`. */
export function formatPath(keys: readonly (string | number)[]): string {
  let out = '';
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${key}` : key;
  }
  return out;
}

export { isAlias, isMap, isPair, isScalar, isSeq };
