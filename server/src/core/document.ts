/**
 * The document model: a file's text parsed into YAML documents with positions, each
 * classified as a Kubernetes manifest (and which kind) or not.
 *
 * Values are read with YAML 1.1 rules because that is what kubectl does (sigs.k8s.io/yaml):
 * unquoted `yes`, `on`, `off` are booleans and `0x1F` is a number. Duplicate keys are not a
 * parse error here (kubectl keeps the last one silently); the validation reports them.
 */
import { isMap, isScalar, isSeq, isPair, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Position, Range } from './types';
import { kubectlParseOptions } from './kubectl-yaml';
import { fitsTexts, type TextChange } from './text-change';
import { keyText } from './keys';
import { plainDocument, type PlainDocument } from './plain-documents';
import type { TDocument } from './workspace/tree';

export { keyText };

/** Converts between string offsets and zero-based line/character positions. */
export class LineIndex {
  /** The offset where each line starts (a typed array: an edit copies it, and large files have many). */
  readonly lineStarts: Int32Array;
  constructor(
    readonly text: string,
    lineStarts?: Int32Array,
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Int32Array(count);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
    this.lineStarts = starts;
  }

  /**
   * The index of a text that differs from `previous`'s only between `headEnd` and `tailStart`
   * (`oldTailStart` in the previous text): the lines around the change are taken over, moved.
   */
  static spliced(text: string, previous: LineIndex, headEnd: number, oldTailStart: number, tailStart: number): LineIndex {
    const old = previous.lineStarts;
    // Line starts up to headEnd are the old ones; those in (headEnd, tailStart] are read from the
    // new text (whether a line starts at tailStart depends on the character before it); those
    // after oldTailStart are the old ones, moved.
    const head = firstAbove(old, headEnd);
    const tail = Math.max(head, firstAbove(old, oldTailStart));
    const middle: number[] = [];
    for (let at = text.indexOf('\n', headEnd); at >= 0 && at + 1 <= tailStart; at = text.indexOf('\n', at + 1)) middle.push(at + 1);
    const delta = tailStart - oldTailStart;
    const starts = new Int32Array(head + middle.length + (old.length - tail));
    starts.set(old.subarray(0, head));
    starts.set(middle, head);
    let k = head + middle.length;
    for (let i = tail; i < old.length; i++) starts[k++] = old[i] + delta;
    return new LineIndex(text, starts);
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
  /** The parsed document; its node ranges are offsets in the file. */
  readonly yaml: Document.Parsed;
  /** The document has YAML errors (other than duplicate keys). */
  hasSyntaxErrors: boolean;
  /** Moves the document by `delta` characters in the file (applied to `yaml` when it is next read). */
  move(delta: number): void;
  /** Drops the syntax tree; `yaml` parses the document's chunk again when read. */
  release(): void;
  /** Offsets of the document's text in the file. */
  start: number;
  end: number;
  /** The top-level `apiVersion` and `kind` when they are strings. */
  apiVersion?: string;
  kind?: string;
  /** The top level is a mapping with an `apiVersion` or `kind` key: a Kubernetes manifest. */
  isKubernetes: boolean;
  /** The text of the `---` chunk the document was parsed from (its identity for reuse). */
  chunk?: string;
  /** Analysis results kept with the document while its text is unchanged (see validation). */
  cache?: Map<string, unknown>;
  /**
   * Read by the fast reader (plain-documents.ts): valid YAML without duplicate keys, with string
   * `apiVersion` and `kind`, not a Service. Its syntax tree is parsed only when asked for.
   */
  plain?: boolean;
  /** For a plain document, once: the fast reader's tree (offsets in the current file), for the workspace index. */
  takeScanned?(): TDocument | undefined;
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
  /** The `---` chunks the documents came from, for reuse by the next parse. */
  chunks?: { offset: number; text: string; documents: ManifestDocument[] }[];
  /** The file could not be split at `---` lines (it has directives or `...` markers). */
  wholeFile?: boolean;
  /**
   * A later parse took over this parse's documents (and moved them): this file must not be
   * reused again. Set by `parseFile`, so two parses never move the same documents.
   */
  consumed?: boolean;
  /** Tells parses apart (see `reused`), without holding on to them. */
  id?: number;
  /**
   * What this parse took over from the previous one (`base` is its `id`): its first `head`
   * documents unchanged, and its last `tail` documents moved by `lineDelta` lines. Analyses
   * that kept results for the previous parse update only the documents in between.
   */
  reused?: ReusedDocuments;
}

export interface ReusedDocuments {
  base: number;
  /** How many documents the previous parse had. */
  previousCount: number;
  head: number;
  tail: number;
  lineDelta: number;
}

let lastParseId = 0;

/** Matches a line that starts a Kubernetes manifest even when the YAML around it is broken. */
const manifestKeyLine = /^(apiVersion|kind)[ \t]*:/m;

/** A `---` line: it starts a document (and ends the one before) wherever it is. */
const documentMarker = /^---(?=[ \t\r\n]|$)/gm;

/**
 * Splits a file at its `---` lines, each chunk starting at a line boundary. Files with
 * directives (`%YAML`) or `...` end markers are kept whole: there a chunk on its own could be read
 * differently.
 */
export function splitChunks(text: string): { offset: number; text: string }[] {
  if (/^(%|\.\.\.)/m.test(text)) return [{ offset: 0, text }];
  const starts = [0];
  for (const match of text.matchAll(documentMarker)) if (match.index! > 0) starts.push(match.index!);
  return starts.map((offset, i) => ({ offset, text: text.slice(offset, starts[i + 1] ?? text.length) }));
}

/** Moves every offset of a parsed document by `delta` (the chunk moved in the file). */
function shiftDocument(doc: Document.Parsed, delta: number): void {
  if (delta === 0) return;
  const shift = (range: number[] | null | undefined) => {
    if (range) for (let i = 0; i < range.length; i++) range[i] += delta;
  };
  shift(doc.range as unknown as number[]);
  for (const error of [...doc.errors, ...doc.warnings]) shift(error.pos as unknown as number[]);
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    shift((node as { range?: number[] }).range);
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
}

/** A string with its own storage (V8 keeps a slice pointing into the string it was cut from). */
function flatCopy(text: string): string {
  if (text.length < 16) return text;
  // Latin-1 text stays one byte per character (a UTF-16 round trip would double it).
  return nonLatin1.test(text) ? Buffer.from(text, 'utf16le').toString('utf16le') : Buffer.from(text, 'latin1').toString('latin1');
}

const nonLatin1 = /[^\u0000-\u00ff]/;

interface Chunk {
  offset: number;
  /** The chunk's text (its own copy). */
  text: string;
  documents: ManifestDocument[];
}

/** The first index whose value is above `value` in an ascending array. */
function firstAbove(values: Int32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether a `---` chunk starts at `at`: a document marker at the start of a line. */
function isChunkStart(text: string, at: number): boolean {
  return (at === 0 || text[at - 1] === '\n') && text.startsWith('---', at) && (at + 3 === text.length || /[ \t\r\n]/.test(text[at + 3]));
}

/**
 * The previous chunks kept at both ends of a file after `changed`: `head` chunks ending by
 * `headEnd` and `tail` chunks starting from `tailStart` (offsets in the new text). A chunk that
 * ends where the edit starts, or starts where it ends, is kept only if a `---` line still
 * separates it from the edit.
 */
function unchangedEnds(text: string, before: readonly Chunk[], changed: TextChange): { head: number; headEnd: number; tail: number; tailStart: number } {
  const endOf = (i: number) => before[i].offset + before[i].text.length;
  // The first chunk that does not end before the change.
  let low = 0;
  let high = before.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (endOf(mid) <= changed.start) low = mid + 1;
    else high = mid;
  }
  let head = low;
  while (head > 0 && endOf(head - 1) !== text.length && !isChunkStart(text, endOf(head - 1))) head--;
  const headEnd = head > 0 ? endOf(head - 1) : 0;
  // The first chunk that starts at or after the end of the change.
  low = head;
  high = before.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before[mid].offset < changed.oldEnd) low = mid + 1;
    else high = mid;
  }
  const delta = changed.newEnd - changed.oldEnd;
  let first = low;
  while (first < before.length && (before[first].offset + delta < headEnd || !isChunkStart(text, before[first].offset + delta))) first++;
  const tail = before.length - first;
  return { head, headEnd, tail, tailStart: tail > 0 ? before[first].offset + delta : text.length };
}

/**
 * Parses a file into its YAML documents. With the previous parse of the same file, only the
 * `---` chunks whose text changed are parsed again; the others keep their documents (moved to
 * their new offsets) and the analysis cached on them.
 */
export function parseFile(text: string, maxFileSize = Number.POSITIVE_INFINITY, previous?: ParsedFile, changed?: TextChange, options?: ParseOptions): ParsedFile {
  const steps = parseFileSteps(text, maxFileSize, previous, changed, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** A pause of `parseFileSteps`: the documents parsed so far, and which of them are new. */
export interface ParseProgress {
  text: string;
  lines: LineIndex;
  documents: readonly ManifestDocument[];
  fresh: readonly ManifestDocument[];
}

export interface ParseOptions {
  /** Read plain non-Service documents with the fast reader (plain-documents.ts). On by default; tests compare both ways. */
  plainDocuments?: boolean;
}

/**
 * `parseFile` in steps: the generator pauses after every chunk it had to parse (reused chunks
 * cost nothing), so a caller can give way to other work, or give up when the text changed.
 */
export function* parseFileSteps(text: string, maxFileSize = Number.POSITIVE_INFINITY, reuse?: ParsedFile, changed?: TextChange, options: ParseOptions = {}): Generator<ParseProgress, ParsedFile> {
  const previous = reuse?.consumed ? undefined : reuse;
  if (previous) previous.consumed = true;
  if (text.length > maxFileSize) {
    return { text, lines: new LineIndex(text), documents: [], isKubernetes: manifestKeyLine.test(text.slice(0, 65536)), tooLarge: true };
  }
  const before = previous?.chunks ?? [];
  // The chunks before and after the edit are unchanged: the editor's change events say where the
  // edit is (`changed`); without them the previous chunks are compared with the new text in
  // place, from both ends. Only the text in between is split and scanned for lines again.
  let head = 0;
  let headEnd = 0;
  let tail = 0;
  let tailStart = text.length;
  if (previous && !previous.wholeFile && changed && fitsTexts(changed, previous.text.length, text.length)) {
    // The editor said where the text changed: the chunks wholly before and after it are kept
    // without reading them.
    ({ head, headEnd, tail, tailStart } = unchangedEnds(text, before, changed));
  } else if (previous && !previous.wholeFile) {
    while (head < before.length && text.startsWith(before[head].text, headEnd)) {
      const end = headEnd + before[head].text.length;
      if (end !== text.length && !isChunkStart(text, end)) break;
      headEnd = end;
      head++;
    }
    while (tail < before.length - head) {
      const chunk = before[before.length - 1 - tail];
      const start = tailStart - chunk.text.length;
      if (start < headEnd || !text.startsWith(chunk.text, start) || !isChunkStart(text, start)) break;
      tailStart = start;
      tail++;
    }
  }
  const middle = text.slice(headEnd, tailStart);
  let pieces: { offset: number; text: string }[];
  let lines: LineIndex;
  let wholeFile = false;
  let delta = 0;
  if (previous && !previous.wholeFile && !/^(%|\.\.\.)/m.test(middle)) {
    delta = tailStart - (tail > 0 ? before[before.length - tail].offset : previous.text.length);
    pieces = middle === '' ? [] : splitChunks(middle).map((p) => ({ offset: p.offset + headEnd, text: p.text }));
    lines = LineIndex.spliced(text, previous.lines, headEnd, tailStart - delta, tailStart);
  } else {
    head = 0;
    tail = 0;
    pieces = splitChunks(text);
    wholeFile = pieces.length === 1 && /^(%|\.\.\.)/m.test(text);
    lines = new LineIndex(text);
  }
  // In between (usually one chunk), a chunk that was only moved is still found by its text.
  const reusable = new Map<string, Chunk[]>();
  for (const chunk of before.slice(head, before.length - tail)) {
    const list = reusable.get(chunk.text) ?? [];
    list.push(chunk);
    reusable.set(chunk.text, list);
  }
  // The chunks before the edit stay as they are: same offsets, same documents, same indexes.
  const chunks: Chunk[] = before.slice(0, head);
  let headDocuments = 0;
  for (const chunk of chunks) headDocuments += chunk.documents.length;
  const documents: ManifestDocument[] = previous && headDocuments > 0 ? previous.documents.slice(0, headDocuments) : [];
  const append = (chunk: Chunk) => {
    chunks.push(chunk);
    for (const document of chunk.documents) {
      document.index = documents.length;
      documents.push(document);
    }
  };
  for (const piece of pieces) {
    let fresh: Chunk | undefined;
    try {
      const moved = reusable.get(piece.text)?.shift();
      if (moved) {
        for (const document of moved.documents) document.move(piece.offset - moved.offset);
        append({ offset: piece.offset, text: moved.text, documents: moved.documents });
        continue;
      }
      // A copy of the chunk's text: the parsed nodes keep slices of what they were parsed
      // from, and a slice of the whole file would keep every version of the file alive.
      const own = flatCopy(piece.text);
      const plain = options.plainDocuments === false ? undefined : plainDocument(own, piece.offset);
      let described: ManifestDocument[];
      if (plain) {
        described = [LazyDocument.plain(plain, own, piece.offset)];
      } else {
        // YAML 1.1 read as kubectl's go-yaml v2 does (see kubectl-yaml.ts).
        const result = parseAllDocuments(own, kubectlParseOptions);
        const parsed = Array.isArray(result) ? result : [];
        described = parsed.map((doc, ordinal) => {
          shiftDocument(doc, piece.offset);
          const document = describeDocument(doc, 0, piece.offset + own.length, piece.offset, ordinal);
          document.chunk = own;
          return document;
        });
      }
      fresh = { offset: piece.offset, text: own, documents: described };
      append(fresh);
    } catch (error) {
      return { text, lines, documents: [], isKubernetes: manifestKeyLine.test(text), tooLarge: false, parserFailure: String(error) };
    }
    yield { text, lines, documents, fresh: fresh.documents };
  }
  // The chunks after the edit moved by `delta` (their documents move lazily).
  for (let i = before.length - tail; i < before.length; i++) {
    const chunk = before[i];
    if (delta === 0) {
      append(chunk);
      continue;
    }
    for (const document of chunk.documents) document.move(delta);
    append({ offset: chunk.offset + delta, text: chunk.text, documents: chunk.documents });
  }
  const isKubernetes = documents.some((d) => d.isKubernetes) || manifestKeyLine.test(text);
  let tailDocuments = 0;
  for (let i = before.length - tail; i < before.length; i++) tailDocuments += before[i].documents.length;
  const reused: ReusedDocuments | undefined =
    previous?.id !== undefined && (head > 0 || tail > 0)
      ? { base: previous.id, previousCount: previous.documents.length, head: headDocuments, tail: tailDocuments, lineDelta: lines.lineCount - previous.lines.lineCount }
      : undefined;
  return { text, lines, documents, isKubernetes, tooLarge: false, chunks, id: ++lastParseId, ...(reused ? { reused } : {}), ...(wholeFile ? { wholeFile } : {}) };
}

/**
 * A document whose node offsets are moved lazily: an edit above it only records how far it
 * moved, and the nodes are updated when someone reads `yaml` (most of the time nobody does: the
 * analysis of an unchanged document is cached on it).
 */
class LazyDocument implements ManifestDocument {
  index: number;
  start: number;
  end: number;
  apiVersion?: string;
  kind?: string;
  isKubernetes = false;
  hasSyntaxErrors: boolean;
  chunk?: string;
  cache?: Map<string, unknown>;
  plain?: boolean;
  private pending = 0;
  private parsed: Document.Parsed | undefined;
  /** A plain document's fast reading, until it is taken or the document moves. */
  private scanned?: TDocument;

  constructor(
    parsed: Document.Parsed | undefined,
    index: number,
    textLength: number,
    /** Where the document's chunk starts in the file, and which document of the chunk it is. */
    private chunkOffset = 0,
    private readonly ordinal = 0,
  ) {
    const [start, , end] = parsed?.range ?? [0, 0, textLength];
    this.parsed = parsed;
    this.index = index;
    this.start = start;
    this.end = end;
    this.hasSyntaxErrors = parsed ? parsed.errors.some((e) => e.code !== 'DUPLICATE_KEY') : false;
  }

  /** A document the fast reader read (plain-documents.ts): its syntax tree is parsed when first asked for. */
  static plain(plain: PlainDocument, chunk: string, chunkOffset: number): LazyDocument {
    const document = new LazyDocument(undefined, 0, 0, chunkOffset, 0);
    document.start = plain.start;
    document.end = plain.end;
    document.apiVersion = plain.apiVersion;
    document.kind = plain.kind;
    document.isKubernetes = true;
    document.plain = true;
    document.chunk = chunk;
    document.scanned = plain.scanned;
    return document;
  }

  takeScanned(): TDocument | undefined {
    const scanned = this.scanned;
    this.scanned = undefined;
    return scanned;
  }

  get yaml(): Document.Parsed {
    if (!this.parsed) {
      // Released to save memory: parse the chunk again (about a millisecond for a manifest).
      const result = parseAllDocuments(this.chunk ?? '', kubectlParseOptions);
      const again = (Array.isArray(result) ? result : [])[this.ordinal];
      if (!again) throw new Error('a released document could not be parsed again');
      shiftDocument(again, this.chunkOffset);
      this.parsed = again;
      this.pending = 0;
    } else if (this.pending !== 0) {
      shiftDocument(this.parsed, this.pending);
      this.pending = 0;
    }
    return this.parsed;
  }

  move(delta: number): void {
    // The fast reader's tree has the old offsets: the workspace index reads the syntax tree instead.
    if (delta !== 0) this.scanned = undefined;
    this.pending += delta;
    this.chunkOffset += delta;
    this.start += delta;
    this.end += delta;
  }

  /** Drops the syntax tree (it is parsed again from the chunk when needed). */
  release(): void {
    if (this.chunk === undefined) return;
    this.parsed = undefined;
    this.pending = 0;
  }
}

/**
 * Lets go of the syntax trees of a file's documents. Their analysis stays cached on them, so an
 * edit re-parses only the documents it touches, and a hover or a quick fix parses just its own.
 */
export function releaseSyntaxTrees(file: ParsedFile, keep?: number): void {
  for (const document of file.documents) if (document.index !== keep) document.release();
}

function describeDocument(doc: Document.Parsed, index: number, textLength: number, chunkOffset = 0, ordinal = 0): ManifestDocument {
  const result = new LazyDocument(doc, index, textLength, chunkOffset, ordinal);
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


/** The pair of a mapping with the given key (the last one, as kubectl keeps the last duplicate). */
export function getPair(map: YAMLMap, key: string): Pair | undefined {
  let found: Pair | undefined;
  for (const pair of map.items) if (keyText(pair) === key) found = pair;
  return found;
}

/** A document's kind, or in a broken one (not parsed as a manifest) the kind written on a line of its own. */
export function writtenKind(file: ParsedFile, document: ManifestDocument): string | undefined {
  if (document.kind !== undefined) return document.kind;
  return /^kind:[ \t]*["']?([A-Za-z]+)/m.exec(file.text.slice(document.start, document.end))?.[1];
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

