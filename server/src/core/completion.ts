/**
 * Completion of keys and values for Service manifests at the cursor, working on the
 * half-typed line (see line-context.ts). Keys already present are not offered; a key that
 * holds a mapping or a list inserts its structure; enum values come from the schema.
 */
import { documentAt, writtenKind, type ParsedFile } from './document';
import { message } from './i18n';
import { compactLists, indentUnit, lineShape, pathBefore, siblingKeys, valueRange } from './line-context';
import { explanation, fieldsOf, resolvePath, typeLabel, valueExplanation, type FieldInfo, type FieldType } from './schema';
import type { CompletionProposal, CoreSettings, Position, Range } from './types';

export function complete(file: ParsedFile, position: Position, settings: CoreSettings): CompletionProposal[] {
  if (file.tooLarge || position.line >= file.lines.lineCount) return [];
  const lineText = file.lines.lineText(position.line);
  const character = Math.min(position.character, lineText.length);
  const before = lineText.slice(0, character);
  const kind = kindAt(file, position);
  if (kind !== 'Service') return [];

  const shape = lineShape(before);

  // `key: val|` completes the value of `key`.
  if (shape.key !== undefined && shape.colonEnd !== undefined && character >= shape.colonEnd) {
    const parents = pathBefore(file.lines, position.line, shape.keyColumn!, shape.dashes);
    const resolved = resolvePath('Service', [...parents, shape.key]);
    if (!resolved.type) return [];
    const valueStart = shape.colonEnd + (before.slice(shape.colonEnd).length - before.slice(shape.colonEnd).trimStart().length);
    const range = valueRange(position.line, valueStart, lineText);
    return valueProposals(resolved.type, resolved.field, resolved.schemaPath, range, settings);
  }

  // Otherwise the cursor is on a key being typed (or an empty spot), or on a list item value.
  const wordMatch = /[^\s:#-][^\s:#]*$/.exec(before) ?? undefined;
  const wordStart = wordMatch ? character - wordMatch[0].length : character;
  // Text that is neither a key nor the word being typed (a scalar with spaces): nothing to offer.
  if (shape.textColumn !== undefined && shape.textColumn !== wordStart) return [];

  const parents = pathBefore(file.lines, position.line, wordStart, shape.dashes);
  const parent = resolvePath('Service', parents);
  if (!parent.type) return [];
  const after = lineText.slice(character);
  const wordEnd = character + (/^[^\s:#]*/.exec(after)?.[0].length ?? 0);
  const range: Range = { start: { line: position.line, character: wordStart }, end: { line: position.line, character: wordEnd } };

  // `- |` in a list of scalars proposes the item values (ipFamilies: IPv4, IPv6).
  if (parent.type.kind !== 'object') {
    if (shape.dashes.length > 0 && parents[parents.length - 1] === '[]') {
      return valueProposals(parent.type, undefined, parent.schemaPath, range, settings);
    }
    return [];
  }
  const hasColonAfter = /^[^\s:#]*[ \t]*:/.test(after);
  const present = siblingKeys(file.lines, position.line, wordStart);
  const unit = indentUnit(file.lines, position.line);
  const compact = compactLists(file.lines, position.line);
  return fieldsOf(parent.type, parent.schemaPath)
    .filter((field) => !field.hidden && !present.has(field.name))
    .map((field) => keyProposal(field, range, wordStart, unit, compact, hasColonAfter, settings));
}

/** The kind of the document at a position; a document without `kind` yet is taken as a Service. */
function kindAt(file: ParsedFile, position: Position): string | undefined {
  const document = documentAt(file, file.lines.offsetAt(position));
  return (document && writtenKind(file, document)) ?? 'Service';
}

function valueProposals(type: FieldType, field: FieldInfo | undefined, schemaPath: string, range: Range, settings: CoreSettings): CompletionProposal[] {
  const values: { value: string; detail?: string }[] = [];
  if (type.kind === 'string' && type.enum) for (const value of type.enum) values.push({ value });
  else if (type.kind === 'boolean') values.push({ value: 'true' }, { value: 'false' });
  for (const value of field?.suggestions ?? []) {
    values.push({ value, detail: value === 'None' ? message(settings.locale, 'completion.headless') : undefined });
  }
  return values.map(({ value, detail }, i) => {
    const ours = valueExplanation(settings.locale, schemaPath, value);
    const official = field?.valueDocs?.[value];
    const isDefault = field?.default === value;
    return {
      label: value,
      kind: 'value',
      insertText: value,
      isSnippet: false,
      range,
      detail: detail ?? (isDefault ? message(settings.locale, 'completion.default') : undefined),
      documentation: [ours, official].filter(Boolean).join('\n\n') || undefined,
      // The default value first, then the schema's order.
      sortText: `${isDefault ? 0 : 1}${String(i).padStart(3, '0')}`,
    };
  });
}

function keyProposal(field: FieldInfo, range: Range, column: number, unit: number, compact: boolean, hasColonAfter: boolean, settings: CoreSettings): CompletionProposal {
  const ours = explanation(settings.locale, field.schemaPath);
  const base: CompletionProposal = {
    label: field.name,
    kind: 'property',
    insertText: field.name,
    isSnippet: false,
    range,
    detail: typeLabel(field.type) + (field.required ? ' (required)' : ''),
    documentation: [ours?.summary, field.description].filter(Boolean).join('\n\n') || undefined,
    sortText: `${field.required ? 0 : 1}${field.name}`,
  };
  if (hasColonAfter) return base;
  const child = ' '.repeat(column + unit);
  const type = field.type;
  if (type.kind === 'object' || type.kind === 'map') {
    return { ...base, insertText: `${field.name}:\n${child}$0`, isSnippet: true, retrigger: type.kind === 'object' };
  }
  if (type.kind === 'array') {
    const item = compact ? ' '.repeat(column) : child;
    const items = type.items;
    if (items?.kind === 'object') {
      const first = fieldsOf(items, `${field.schemaPath}[]`).find((f) => f.required);
      const firstKey = first ? `${first.name}: ` : '';
      return { ...base, insertText: `${field.name}:\n${item}- ${firstKey}$0`, isSnippet: true, retrigger: !first };
    }
    return { ...base, insertText: `${field.name}:\n${item}- $0`, isSnippet: true, retrigger: Boolean(items?.enum) };
  }
  const hasValues = Boolean(type.enum) || type.kind === 'boolean' || field.suggestions.length > 0;
  return { ...base, insertText: `${field.name}: `, retrigger: hasValues };
}
