/**
 * The workspace features' texts in English and Korean (messages.json, both languages side by
 * side, `{name}` placeholders). A test checks that both languages have every key.
 */
import catalogue from './messages.json';
import type { Locale } from '../types';

export type WorkspaceMessageKey = keyof typeof catalogue.en;

const catalogues: Record<Locale, Record<string, string>> = catalogue;

export function workspaceMessage(locale: Locale, key: WorkspaceMessageKey, args: Record<string, string | number> = {}): string {
  const template = catalogues[locale]?.[key] ?? catalogues.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

export function workspaceMessageKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}
