/**
 * The language core's facade. Everything takes a parsed file (parse once, ask many times)
 * and plain settings, and returns plain data: no LSP, no I/O, so the server, the CLI and the
 * tests share it.
 */
import { parseFile, parseFileSteps, type ParsedFile, type ParseProgress } from './document';
import { complete } from './completion';
import { hover } from './hover';
import { ownProblems, validate, validateSteps } from './validation/index';
import { quickFixes, type QuickFix } from './code-actions';
import { rangeOfField } from './field-ranges';
import type { TextChange } from './text-change';
import { defaultSettings, type CompletionProposal, type CoreSettings, type HoverResult, type Position, type Problem, type Range } from './types';

export interface LanguageCore {
  /**
   * Parses a file; with its previous parse, unchanged `---` documents are reused. `changed`, when
   * known, says where `text` differs from the previous parse's text (else the texts are compared).
   */
  parse(text: string, previous?: ParsedFile, changed?: TextChange): ParsedFile;
  complete(file: ParsedFile, position: Position): CompletionProposal[];
  hover(file: ParsedFile, position: Position): HoverResult | undefined;
  validate(file: ParsedFile): Problem[];
  /** `parse` in steps, for callers that give way to other work on large files. */
  parseSteps(text: string, previous?: ParsedFile, changed?: TextChange): Generator<ParseProgress, ParsedFile>;
  /**
   * Checks a freshly parsed document on its own (the result is cached on it), during a stepped
   * parse, so its syntax tree can be released before the whole file is parsed.
   */
  checkDocument(progress: ParseProgress, document: ParsedFile['documents'][number]): void;
  /** `validate` in steps; each step says how many documents are checked so far. */
  validateSteps(file: ParsedFile): Generator<number, Problem[]>;
  /** Quick fixes for some of a file's problems (those under the cursor, or all for fix-all). */
  quickFixes(file: ParsedFile, problems: readonly Problem[]): QuickFix[];
  /** Where an API server field path (`spec.ports[0].nodePort`) of a named object is in the file. */
  rangeOfField(file: ParsedFile, target: { kind?: string; name?: string }, path: string): Range | undefined;
  readonly settings: CoreSettings;
}

export function createLanguageCore(settings: Partial<CoreSettings> = {}): LanguageCore {
  const effective: CoreSettings = { ...defaultSettings, ...settings };
  return {
    settings: effective,
    parse: (text, previous, changed) => parseFile(text, effective.maxFileSize, previous, changed),
    complete: (file, position) => complete(file, position, effective),
    hover: (file, position) => hover(file, position, effective),
    validate: (file) => validate(file, effective),
    parseSteps: (text, previous, changed) => parseFileSteps(text, effective.maxFileSize, previous, changed),
    validateSteps: (file) => validateSteps(file, effective),
    checkDocument: (progress, document) => void ownProblems(progress as unknown as ParsedFile, document.index, effective),
    quickFixes: (file, problems) => quickFixes(file, problems, effective),
    rangeOfField: (file, target, path) => rangeOfField(file, target, path),
  };
}

export * from './types';
export { parseFile, releaseSyntaxTrees, type ParsedFile, type ParseProgress } from './document';
export { message, toLocale } from './i18n';
export { ChangeLog, type TextChange } from './text-change';
export type { QuickFix, TextEdit } from './code-actions';
