/**
 * Hover on Service fields and enum values: our explanation in the user's language first,
 * then the official API description, type, default and a link to the API reference.
 */
import { isScalar, type Node } from 'yaml';
import { documentAt, nodeAtOffset, type ParsedFile } from './document';
import { message } from './i18n';
import { explanation, resolvePath, typeLabel, valueExplanation, type FieldInfo } from './schema';
import type { CoreSettings, HoverResult, Locale, Position } from './types';

export function hover(file: ParsedFile, position: Position, settings: CoreSettings): HoverResult | undefined {
  if (file.tooLarge) return undefined;
  const offset = file.lines.offsetAt(position);
  const document = documentAt(file, offset);
  if (!document || document.kind !== 'Service') return undefined;
  const { steps, onKey } = nodeAtOffset(document.yaml, offset);
  if (steps.length === 0) return undefined;
  const keys = steps.map((s) => s.key);
  const last = steps[steps.length - 1];
  const resolved = resolvePath('Service', keys);
  const locale = settings.locale;

  if (onKey) {
    const field = resolved.field;
    if (!field) return undefined;
    const keyNode = last.pair?.key as Node | undefined;
    const [start, end] = keyNode?.range ?? [offset, offset];
    return { contents: fieldMarkdown(field, locale), range: file.lines.range(start, end) };
  }

  // On a value: explain an enum or suggested value, else the field it belongs to.
  const node = last.node;
  if (!isScalar(node) || !node.range) return undefined;
  const value = node.value === null ? '' : String(node.value);
  const field = resolved.field ?? containerField(keys);
  const range = file.lines.range(node.range[0], node.range[1]);
  const known = resolved.type?.enum?.includes(value) || field?.suggestions.includes(value) || keys[0] === 'apiVersion' || keys[0] === 'kind';
  const ours = valueExplanation(locale, resolved.schemaPath, value);
  if (known && ours !== undefined) {
    const official = field?.valueDocs?.[value];
    const parts = [`**${resolved.schemaPath}: ${value}**`, ours];
    if (official) parts.push(`---\n${message(locale, 'hover.official')}: ${official}`);
    return { contents: parts.join('\n\n'), range };
  }
  if (field) return { contents: fieldMarkdown(field, locale), range };
  return undefined;
}

/** For a list item (ipFamilies) or a map value (a selector label), the list or map field. */
function containerField(keys: (string | number)[]): FieldInfo | undefined {
  const container = resolvePath('Service', keys.slice(0, -1));
  return container.type?.kind === 'array' || container.type?.kind === 'map' ? container.field : undefined;
}

function fieldMarkdown(field: FieldInfo, locale: Locale): string {
  const ours = explanation(locale, field.schemaPath);
  const parts: string[] = [];
  const required = field.required ? ` (${message(locale, 'hover.required')})` : '';
  parts.push(`**${field.schemaPath}** \`${typeLabel(field.type)}\`${required}`);
  if (ours) {
    parts.push(ours.summary);
    const def = ours.default ?? field.default;
    if (def) parts.push(`**${message(locale, 'hover.default')}:** ${def}`);
    if (ours.when) parts.push(`**${message(locale, 'hover.when')}:** ${ours.when}`);
    if (ours.mistake) parts.push(`**${message(locale, 'hover.mistake')}:** ${ours.mistake}`);
  } else if (field.default) {
    parts.push(`**${message(locale, 'hover.default')}:** ${field.default}`);
  }
  const official: string[] = [];
  if (field.description) official.push(field.description);
  const enumValues = field.type.enum ?? field.type.items?.enum;
  const facts = [`${message(locale, 'hover.type')}: \`${typeLabel(field.type)}\``];
  if (enumValues) facts.push(enumValues.map((v) => `\`${v}\``).join(' | '));
  if (field.default) facts.push(`${message(locale, 'hover.default')}: \`${field.default}\``);
  official.push(facts.join(' · '));
  official.push(`[${message(locale, 'hover.reference')}: ${field.owner.name}](${field.owner.reference})`);
  parts.push(`---\n*${message(locale, 'hover.official')}*\n\n${official.join('\n\n')}`);
  return parts.join('\n\n');
}
