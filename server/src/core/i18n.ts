/**
 * Message catalogues of the core, in English and Korean, with `{name}` placeholders.
 * Kept as data (data/messages.*.json) so both languages are reviewed side by side and a test
 * can check that every key exists in both.
 */
import baseEn from './data/messages.en.json';
import baseKo from './data/messages.ko.json';
import metadataPortsEn from './data/messages.metadata-ports.en.json';
import metadataPortsKo from './data/messages.metadata-ports.ko.json';
import specEn from './data/messages.spec.en.json';
import specKo from './data/messages.spec.ko.json';
import type { Locale } from './types';

// One catalogue per language, assembled from a file per group of rules.
const en = { ...baseEn, ...metadataPortsEn, ...specEn };
const ko = { ...baseKo, ...metadataPortsKo, ...specKo };

export type MessageKey = keyof typeof en;

const catalogues: Record<Locale, Record<string, string>> = { en, ko };

export function message(locale: Locale, key: MessageKey, args: Record<string, string | number> = {}): string {
  const template = catalogues[locale][key] ?? catalogues.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

export { toLocale } from './types';

export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}
