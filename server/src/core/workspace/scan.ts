/**
 * A fast reader for the plain block YAML most manifests are written in, used to index the
 * files of the workspace that are not open (a full YAML parse costs ~0.5 ms for a small
 * manifest; this, ~20x less). It reads block mappings and sequences, single-line plain and
 * quoted scalars, and skips what the index never reads (block scalars, one-line flow
 * collections, multi-line plain scalars) as "unsure" nodes.
 *
 * Anything else (anchors, aliases, tags, directives, `...`, tabs in indentation, multi-line
 * quoted or flow scalars, explicit keys, odd indentation) makes it give up: `scanDocuments`
 * returns undefined, and reading an unsure node throws `Unsure`; the caller then parses the file
 * with the real parser. What it does return is what the real parser would (a test compares them).
 */
import { mapNode, seqNode, type TDocument, type TNode, type TPair, type TScalar } from './tree';

class GiveUp extends Error {}

interface Line {
  /** Offset of the line in the text. */
  start: number;
  /** Column of the content (for the rest of a `- key: value` line, the column of `key`). */
  indent: number;
  /** The whole line, without its line break. */
  text: string;
  /** The line from `indent` on. */
  content: string;
  /** Its `key:` shape once looked at (null: not a key). */
  shape?: KeyShape | null;
}

const boolean11 = /^(?:[Yy]|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|[Nn]|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const null11 = /^(?:~|null|Null|NULL)$/;
const decimal = /^[-+]?(?:0|[1-9][0-9]*)$/;
/** Numbers, timestamps and sexagesimals of YAML 1.1 in their many forms: leave them to the real parser. */
const numberLike = /^(?:[-+]?[0-9.]|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$)/;
const digits = /^\s*\d+\s*$/;
const blankOrComment = /^[ \t]*(?:#.*)?$/;

/**
 * The documents of a file, or undefined when it is not plain enough for this reader. `base` is
 * added to every offset (for a piece of a file: where the piece starts).
 */
export function scanDocuments(text: string, base = 0): TDocument[] | undefined {
  try {
    return scan(text, base);
  } catch {
    return undefined;
  }
}

function scan(text: string, base: number): TDocument[] {
  if (text.charCodeAt(0) === 0xfeff) throw new GiveUp();
  const documents: TDocument[] = [];
  let lines: Line[] = [];
  let start = -1;
  let marked = false;
  const flush = (end: number): void => {
    if (!marked && lines.length === 0) return;
    documents.push(makeDocument(documents.length, start, end, lines));
  };
  let pos = 0;
  for (;;) {
    let newline = text.indexOf('\n', pos);
    if (newline < 0) newline = text.length;
    let lineEnd = newline;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const raw = text.slice(pos, lineEnd);
    const c0 = raw.charCodeAt(0);
    if (c0 === 45 /* - */ && raw.startsWith('---') && (raw.length === 3 || raw[3] === ' ' || raw[3] === '\t')) {
      if (!blankOrComment.test(raw.slice(3))) throw new GiveUp();
      flush(base + pos);
      lines = [];
      start = base + pos;
      marked = true;
    } else if ((c0 === 46 /* . */ && raw.startsWith('...') && (raw.length === 3 || raw[3] === ' ' || raw[3] === '\t')) || c0 === 37 /* % */) {
      throw new GiveUp();
    } else {
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      const c = raw.charCodeAt(indent);
      if (indent === raw.length || c === 35 /* # */) {
        // blank or comment
      } else if (c === 9 /* tab */ || c === 13) {
        if (!blankOrComment.test(raw.slice(indent))) throw new GiveUp();
      } else {
        if (!marked && lines.length === 0) start = base + pos;
        lines.push({ start: base + pos, indent, text: raw, content: indent === 0 ? raw : raw.slice(indent) });
      }
    }
    if (newline >= text.length) break;
    pos = newline + 1;
  }
  flush(base + text.length);
  return documents;
}

function makeDocument(index: number, start: number, end: number, lines: Line[]): TDocument {
  const root = lines.length === 0 ? null : new BlockReader(lines).root();
  const document: TDocument = { index, start, end, root, isKubernetes: false, hasErrors: false };
  if (root?.t === 'opaque') throw new GiveUp(); // a scalar document: leave it to the parser
  if (root?.t === 'map') {
    for (const pair of root.pairs) {
      if (pair.key !== 'apiVersion' && pair.key !== 'kind') continue;
      document.isKubernetes = true;
      const value = pair.value;
      if (value.t === 'opaque' || (value.t === 'scalar' && value.unsure)) throw new GiveUp();
      if (pair.key === 'kind' && value.t === 'scalar' && value.str !== undefined) document.kind = value.str;
    }
  }
  return document;
}

function isDash(content: string): boolean {
  return content.charCodeAt(0) === 45 && (content.length === 1 || content[1] === ' ' || content[1] === '\t');
}

/** The index of the closing `"` of a double-quoted scalar starting at 0, or -1. */
function closeDouble(s: string): number {
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return -1;
}

/** The index of the closing `'` of a single-quoted scalar starting at 0, or -1. */
function closeSingle(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === "'") {
      if (s[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function unquote(raw: string): string {
  if (raw[0] === "'") return raw.slice(1, -1).replace(/''/g, "'");
  // JSON escapes are YAML's; a YAML-only escape or a raw tab makes JSON.parse throw: give up.
  const value: unknown = JSON.parse(raw);
  if (typeof value !== 'string') throw new GiveUp();
  return value;
}

/** The index of the bracket closing a one-line flow collection starting at 0, or -1. */
function closeFlow(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      const close = closeDouble(s.slice(i));
      if (close < 0) return -1;
      i += close;
    } else if (c === "'") {
      const close = closeSingle(s.slice(i));
      if (close < 0) return -1;
      i += close;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    } else if (c === '#' && (s[i - 1] === ' ' || s[i - 1] === '\t')) return -1;
  }
  return -1;
}

interface KeyShape {
  key: string;
  /** Length of the key as written (with its quotes). */
  length: number;
  /** Index just after the colon. */
  colonEnd: number;
}

/** The key of a `key: value` content, undefined when the content is not one. */
function keyShape(content: string): KeyShape | undefined {
  const c = content[0];
  if (c === '"' || c === "'") {
    const close = c === '"' ? closeDouble(content) : closeSingle(content);
    if (close < 0) return undefined;
    const colon = /^[ \t]*:(?=[ \t]|$)/.exec(content.slice(close + 1));
    if (!colon) return undefined;
    return { key: unquote(content.slice(0, close + 1)), length: close + 1, colonEnd: close + 1 + colon[0].length };
  }
  if ('#{}[],&*!|>%@`'.includes(c)) return undefined;
  if ((c === '-' || c === '?' || c === ':') && (content.length === 1 || content[1] === ' ' || content[1] === '\t')) return undefined;
  for (let k = 0; k < content.length; k++) {
    const ch = content[k];
    if (ch === '#' && k > 0 && (content[k - 1] === ' ' || content[k - 1] === '\t')) return undefined;
    if (ch === ':' && (k + 1 === content.length || content[k + 1] === ' ' || content[k + 1] === '\t')) {
      const raw = content.slice(0, k).replace(/[ \t]+$/, '');
      if (raw === '') return undefined;
      // A key that is not a string to YAML 1.1 (`yes`, `1`, `~`) or a merge key: the parser knows.
      if (boolean11.test(raw) || null11.test(raw) || numberLike.test(raw) || raw === '<<') throw new GiveUp();
      return { key: raw, length: raw.length, colonEnd: k + 1 };
    }
  }
  return undefined;
}

class BlockReader {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  root(): TNode {
    const node = this.block(this.lines[0].indent);
    if (this.i < this.lines.length) throw new GiveUp();
    return node;
  }

  private content(line: Line): string {
    return line.content;
  }

  private shape(line: Line): KeyShape | undefined {
    if (line.shape === undefined) line.shape = keyShape(line.content) ?? null;
    return line.shape ?? undefined;
  }

  /** The node starting on the current line, whose content is at `column`. */
  private block(column: number): TNode {
    const line = this.lines[this.i];
    const content = this.content(line);
    if (isDash(content)) return this.sequence(column, false);
    if (content[0] === '?' && (content.length === 1 || content[1] === ' ')) throw new GiveUp();
    if (this.shape(line)) return this.mapping(column);
    // A scalar on lines of its own: skip it, unsure.
    const start = line.start + column;
    let end = line.start + line.text.length;
    this.i++;
    while (this.i < this.lines.length && this.lines[this.i].indent >= column) {
      end = this.lines[this.i].start + this.lines[this.i].text.length;
      this.i++;
    }
    return { t: 'opaque', start, end, unsure: true };
  }

  /** The value on the lines after a `key:` or `-` with nothing after it (null when there is none). */
  private nested(column: number, sameColumnSequence: boolean): TNode | null {
    if (this.i >= this.lines.length) return null;
    const line = this.lines[this.i];
    if (line.indent > column) return this.block(line.indent);
    if (sameColumnSequence && line.indent === column && isDash(this.content(line))) return this.sequence(column, true);
    return null;
  }

  private mapping(column: number): TNode {
    const pairs: TPair[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent !== column) break;
      const content = this.content(line);
      const shape = this.shape(line);
      if (!shape) throw new GiveUp();
      const keyStart = line.start + column;
      const rest = content.slice(shape.colonEnd);
      let blanks = 0;
      while (rest[blanks] === ' ' || rest[blanks] === '\t') blanks++;
      const valueStart = keyStart + shape.colonEnd + blanks;
      this.i++;
      let value: TNode | null;
      if (blankOrComment.test(rest)) value = this.nested(column, true);
      else value = this.inline(rest.slice(blanks), valueStart, column);
      pairs.push({ key: shape.key, keyStart, keyEnd: keyStart + shape.length, value: value ?? nullAt(valueStart) });
    }
    if (this.i < this.lines.length && this.lines[this.i].indent > column) throw new GiveUp();
    return mapNode(pairs, 0, 0);
  }

  private sequence(column: number, compact: boolean): TNode {
    const items: (TNode | null)[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent !== column) break;
      const content = this.content(line);
      if (!isDash(content)) {
        if (compact) break; // the next key of the mapping the sequence is the value of
        throw new GiveUp();
      }
      let j = 1;
      while (content[j] === ' ') j++;
      if (content[j] === '\t') throw new GiveUp();
      const rest = content.slice(j);
      if (blankOrComment.test(rest)) {
        this.i++;
        items.push(this.nested(column, false));
        continue;
      }
      if (isDash(rest) || (rest[0] === '?' && (rest.length === 1 || rest[1] === ' '))) throw new GiveUp();
      const shape = keyShape(rest);
      if (shape) {
        // `- key: value`: a mapping whose keys are at the column of `key`.
        this.lines[this.i] = { start: line.start, indent: column + j, text: line.text, content: rest, shape };
        items.push(this.mapping(column + j));
        continue;
      }
      this.i++;
      const value = this.inline(rest, line.start + column + j, column);
      items.push(value.t === 'scalar' && value.isNull ? null : value);
    }
    if (this.i < this.lines.length && this.lines[this.i].indent > column) throw new GiveUp();
    return seqNode(items);
  }

  /** A value written after `key: ` or `- ` on the same line; `parent` is the column of the key or dash. */
  private inline(rest: string, offset: number, parent: number): TNode {
    const c = rest[0];
    if (c === '"' || c === "'") {
      const close = c === '"' ? closeDouble(rest) : closeSingle(rest);
      if (close < 0 || !blankOrComment.test(rest.slice(close + 1))) throw new GiveUp();
      const value = unquote(rest.slice(0, close + 1));
      this.noContinuation(parent);
      const scalar: TScalar = { t: 'scalar', start: offset, end: offset + close + 1, isNull: false, str: value, text: value };
      if (digits.test(value)) scalar.num = Number(value);
      return scalar;
    }
    if (c === '{' || c === '[') {
      const close = closeFlow(rest);
      if (close < 0 || !blankOrComment.test(rest.slice(close + 1))) throw new GiveUp();
      this.noContinuation(parent);
      return { t: 'opaque', start: offset, end: offset + close + 1, unsure: true };
    }
    if (c === '|' || c === '>') {
      if (!/^[|>][0-9+-]*[ \t]*(?:#.*)?$/.test(rest)) throw new GiveUp();
      this.skipMoreIndented(parent);
      return { t: 'opaque', start: offset, end: offset + 1, unsure: true };
    }
    if ('&*!%@`'.includes(c)) throw new GiveUp();
    if ((c === '-' || c === '?' || c === ':') && (rest.length === 1 || rest[1] === ' ' || rest[1] === '\t')) throw new GiveUp();
    const hash = rest.search(/[ \t]#/);
    const value = (hash >= 0 ? rest.slice(0, hash) : rest).replace(/[ \t]+$/, '');
    if (/:(?:[ \t]|$)/.test(value)) throw new GiveUp();
    if (this.i < this.lines.length && this.lines[this.i].indent > parent) {
      // A plain scalar folded over several lines.
      this.skipMoreIndented(parent);
      return { t: 'opaque', start: offset, end: offset + value.length, unsure: true };
    }
    return plain(value, offset);
  }

  private noContinuation(parent: number): void {
    if (this.i < this.lines.length && this.lines[this.i].indent > parent) throw new GiveUp();
  }

  private skipMoreIndented(parent: number): void {
    while (this.i < this.lines.length && this.lines[this.i].indent > parent) this.i++;
  }
}

function nullAt(offset: number): TScalar {
  return { t: 'scalar', start: offset, end: offset, isNull: true, text: '' };
}

/** A one-line plain scalar, typed the YAML 1.1 way (or marked unsure when only the parser can tell). */
function plain(value: string, offset: number): TScalar {
  if (null11.test(value)) return nullAt(offset);
  const end = offset + value.length;
  if (boolean11.test(value)) return { t: 'scalar', start: offset, end, isNull: false, text: value };
  if (decimal.test(value)) return { t: 'scalar', start: offset, end, isNull: false, text: value, num: Number(value) };
  if (numberLike.test(value)) return { t: 'scalar', start: offset, end, isNull: false, text: value, unsure: true };
  return { t: 'scalar', start: offset, end, isNull: false, str: value, text: value };
}
