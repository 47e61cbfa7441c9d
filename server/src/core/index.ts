/**
 * The language core's facade. Everything takes a parsed file (parse once, ask many times)
 * and plain settings, and returns plain data: no LSP, no I/O, so the server, the CLI and the
 * tests share it.
 */
import { parseFile, type ParsedFile } from './document';
import { complete } from './completion';
import { hover } from './hover';
import { validate } from './validation/index';
import { defaultSettings, type CompletionProposal, type CoreSettings, type HoverResult, type Position, type Problem } from './types';

export interface LanguageCore {
  parse(text: string): ParsedFile;
  complete(file: ParsedFile, position: Position): CompletionProposal[];
  hover(file: ParsedFile, position: Position): HoverResult | undefined;
  validate(file: ParsedFile): Problem[];
  readonly settings: CoreSettings;
}

export function createLanguageCore(settings: Partial<CoreSettings> = {}): LanguageCore {
  const effective: CoreSettings = { ...defaultSettings, ...settings };
  return {
    settings: effective,
    parse: (text) => parseFile(text, effective.maxFileSize),
    complete: (file, position) => complete(file, position, effective),
    hover: (file, position) => hover(file, position, effective),
    validate: (file) => validate(file, effective),
  };
}

export * from './types';
export { parseFile, type ParsedFile } from './document';
export { toLocale } from './i18n';
