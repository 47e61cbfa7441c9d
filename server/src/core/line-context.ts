/**
 * Structure read from the raw lines around the cursor. Completion runs on the half-typed
 * line a user really has (`  ty`, `- `, `type: Cl`), which the YAML parser cannot make sense
 * of, so the path to the cursor is worked out from indentation, the way YAML itself nests
 * block collections.
 */
import type { LineIndex } from './document';
import type { Range } from './types';

/** What a single line holds: its list dashes, its key (if any) and whether a value follows. */
export interface LineShape {
  indent: number;
  /** Columns of the `- ` list indicators at the start of the line. */
  dashes: number[];
  key?: string;
  keyColumn?: number;
  /** Column just after the key's colon. */
  colonEnd?: number;
  /** The value after the colon without a trailing comment ('' when none). */
  value?: string;
  /** Column of a plain list item or other text when there is no key. */
  textColumn?: number;
  /** Blank, comment only, or a document marker: carries no structure. */
  empty: boolean;
  documentMarker: boolean;
}

// Blanks before the colon belong to the quoted alternatives only: in the plain ones the lazy run
// takes them (the key is trimmed), so a long line of blanks without a colon is not backtracked
// over quadratically.
const keyPattern = /^("(?:[^"\\]|\\.)*"[ \t]*|'(?:[^']|'')*'[ \t]*|[^\s#'"{}[\],&*!|>%@`-][^#]*?|-[^\s#][^#]*?):(?=[ \t]|$)/;

export function lineShape(text: string): LineShape {
  if (/^(---|\.\.\.)([ \t]|$)/.test(text)) return { indent: 0, dashes: [], empty: true, documentMarker: true };
  let pos = 0;
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  const indent = pos;
  const dashes: number[] = [];
  while (text[pos] === '-' && (pos + 1 === text.length || text[pos + 1] === ' ' || text[pos + 1] === '\t')) {
    dashes.push(pos);
    pos++;
    while (text[pos] === ' ' || text[pos] === '\t') pos++;
  }
  const rest = text.slice(pos);
  if (rest === '' || rest.startsWith('#')) {
    return { indent, dashes, empty: dashes.length === 0, documentMarker: false };
  }
  const match = keyPattern.exec(rest);
  if (!match) return { indent, dashes, textColumn: pos, empty: false, documentMarker: false };
  let key = match[1].trim();
  if (key.startsWith('"') || key.startsWith("'")) key = key.slice(1, -1);
  const colonEnd = pos + match[0].length;
  const value = text.slice(colonEnd).replace(/(^|[ \t])#.*$/, '').trim();
  return { indent, dashes, key, keyColumn: pos, colonEnd, value, empty: false, documentMarker: false };
}

/** A structural token of a line: a list dash or a key, at a column. */
interface Token {
  column: number;
  dash: boolean;
  key?: string;
  hasValue: boolean;
}

function tokens(shape: LineShape): Token[] {
  const list: Token[] = shape.dashes.map((column) => ({ column, dash: true, hasValue: false }));
  if (shape.key !== undefined) {
    const blockScalar = /^[|>]/.test(shape.value ?? '');
    list.push({ column: shape.keyColumn!, dash: false, key: shape.key, hasValue: (shape.value ?? '') !== '' && !blockScalar });
  } else if (shape.textColumn !== undefined) {
    list.push({ column: shape.textColumn, dash: false, hasValue: true });
  }
  return list;
}

/** The first line of the YAML document that contains `line` (just after a `---`). */
function documentStartLine(lines: LineIndex, line: number): number {
  for (let i = line - 1; i >= 0; i--) {
    if (lineShape(lines.lineText(i)).documentMarker) return i + 1;
  }
  return 0;
}

/**
 * The keys (and `[]` for list items) leading to a node that starts at `column` on `line`.
 * `isItem` says the node is itself a list item, whose parent key may sit at the same column
 * (`ports:` followed by `- port: 80` at the same indentation).
 */
export function ancestorPath(lines: LineIndex, line: number, column: number, isItem: boolean): string[] {
  const path: string[] = [];
  let c = column;
  let item = isItem;
  const first = documentStartLine(lines, line);
  for (let i = line - 1; i >= first; i--) {
    const shape = lineShape(lines.lineText(i));
    if (shape.empty) continue;
    const lineTokens = tokens(shape);
    // Walk this line's tokens from the innermost outwards while they enclose the node.
    for (;;) {
      let parent: Token | undefined;
      for (const token of lineTokens) {
        if (token.column < c || (item && !token.dash && token.key !== undefined && !token.hasValue && token.column === c)) parent = token;
      }
      if (!parent) break;
      if (parent.dash) {
        path.unshift('[]');
        item = true;
      } else if (parent.key !== undefined) {
        path.unshift(parent.key);
        item = false;
      } else {
        // A plain scalar cannot hold children: the structure above is not what we expect.
        return path;
      }
      c = parent.column;
      lineTokens.splice(lineTokens.indexOf(parent));
    }
    if (c === 0 && !item) break;
  }
  return path;
}

/**
 * The keys already present in the mapping a key at `column` on `line` would join: siblings
 * at the same column, within the same block (and the same list item).
 */
export function siblingKeys(lines: LineIndex, line: number, column: number): Set<string> {
  const keys = new Set<string>();
  const first = documentStartLine(lines, line);
  const current = lineShape(lines.lineText(line));
  // A key typed after `- ` starts a new list item: its siblings are only below it.
  const startsItem = current.dashes.length > 0 && current.dashes[current.dashes.length - 1] < column;
  if (!startsItem) {
    for (let i = line - 1; i >= first; i--) {
      const shape = lineShape(lines.lineText(i));
      if (shape.empty) continue;
      const ts = tokens(shape);
      const at = ts.find((t) => t.column === column && t.key !== undefined);
      if (at) keys.add(at.key!);
      if (ts.length === 0 || ts[0].column < column) break;
    }
  }
  for (let i = line + 1; i < lines.lineCount; i++) {
    const shape = lineShape(lines.lineText(i));
    if (shape.documentMarker) break;
    if (shape.empty) continue;
    const ts = tokens(shape);
    if (ts[0].column < column) break;
    const at = ts.find((t) => t.column === column && t.key !== undefined);
    if (at) keys.add(at.key!);
  }
  return keys;
}

/** The indentation step used in the document (2 unless the text shows another). */
export function indentUnit(lines: LineIndex, around: number): number {
  const first = documentStartLine(lines, around);
  let previous = -1;
  for (let i = first; i < Math.min(lines.lineCount, first + 200); i++) {
    const shape = lineShape(lines.lineText(i));
    if (shape.empty) continue;
    if (previous >= 0 && shape.indent > previous) return shape.indent - previous;
    previous = shape.indent;
  }
  return 2;
}

/** Whether the document writes list items at the same indentation as their key (`ports:\n- port`). */
export function compactLists(lines: LineIndex, around: number): boolean {
  const first = documentStartLine(lines, around);
  let previous: LineShape | undefined;
  for (let i = first; i < Math.min(lines.lineCount, first + 400); i++) {
    const shape = lineShape(lines.lineText(i));
    if (shape.documentMarker && i > first) break;
    if (shape.empty) continue;
    if (previous && previous.key !== undefined && previous.value === '' && shape.dashes.length > 0) {
      return shape.dashes[0] === previous.keyColumn;
    }
    previous = shape;
  }
  return false;
}

/** Keys leading to a node at `column`, including the list items opened on the current line. */
export function pathBefore(lines: LineIndex, line: number, column: number, dashes: number[]): string[] {
  const own = dashes.filter((d) => d < column);
  if (own.length === 0) return ancestorPath(lines, line, column, false);
  return [...ancestorPath(lines, line, own[0], true), ...own.map(() => '[]')];
}

/** The value written from `valueStart` on a line, without a trailing comment or blanks. */
export function valueRange(line: number, valueStart: number, lineText: string): Range {
  const rest = lineText.slice(valueStart);
  const comment = /(^|[ \t])#/.exec(rest);
  const valueText = (comment ? rest.slice(0, comment.index) : rest).trimEnd();
  return { start: { line, character: valueStart }, end: { line, character: valueStart + valueText.length } };
}
