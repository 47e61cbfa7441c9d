/**
 * The language server: wires the core to the protocol. Each handler is one line of
 * "document + settings -> core -> LSP types", and never lets an exception escape (broken
 * input is logged and answered with an empty result).
 *
 * Run standalone with `node dist/server.js --stdio` (or `--node-ipc`, as VS Code does).
 */
import { runInNewContext } from 'node:vm';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedFile, Problem, TextChange } from './core/index';
// Small and free of other modules: loading it does not load the core.
import { ChangeLog } from './core/text-change';
import { URI } from 'vscode-uri';
import { fixAllKind, toCodeAction, toCompletionItem, toDiagnostic, toFixAllAction, toHover } from './convert';
import { SettingsCache, type ServerSettings } from './settings';
import { fieldRangesMethod, showReferencesCommand, type FieldRangesParams, type FieldRangesResult } from './protocol';

const connection = createConnection(ProposedFeatures.all);
/** The language core and the workspace index, loaded on first use (see language.ts). */
let loadedLanguage: typeof import('./language') | undefined;
// A require, not an import: the bundle evaluates the core only when this is first called.
const language = (): typeof import('./language') => (loadedLanguage ??= require('./language') as typeof import('./language'));
let workspaceFolders: string[] = [];
let supportsWatchedFiles = false;
/**
 * The edits each open document received, so a parse knows where the text changed since the
 * version it reuses (comparing a multi-megabyte file with its previous version costs more than
 * the edit's analysis).
 */
const changeLogs = new Map<string, ChangeLog>();
const documents = new TextDocuments<TextDocument>({
  create(uri, languageId, version, content) {
    changeLogs.set(uri, new ChangeLog(version));
    return TextDocument.create(uri, languageId, version, content);
  },
  update(document, changes, version) {
    const log = changeLogs.get(document.uri) ?? new ChangeLog(document.version);
    changeLogs.set(document.uri, log);
    for (const change of changes) {
      if ('range' in change) {
        const start = document.offsetAt(change.range.start);
        const end = document.offsetAt(change.range.end);
        log.record(version, { start: Math.min(start, end), oldEnd: Math.max(start, end), newEnd: Math.min(start, end) + change.text.length });
      } else {
        log.record(version, null);
      }
      // One change at a time: each range is in the text the previous change left.
      TextDocument.update(document, [change], version);
    }
    return document;
  },
});
const settings = new SettingsCache(connection);

/** Parsed files by URI, valid for one document version. */
const parsed = new Map<string, { version: number; maxFileSize: number; file: ParsedFile }>();
const pendingValidation = new Map<string, NodeJS.Timeout>();
/**
 * Delay after a keystroke before validating. Analysis is incremental (only the edited `---`
 * document is parsed and checked again), so it runs as soon as the pending messages are handled;
 * a newer edit makes a scheduled run obsolete.
 */
const validationDelayMs = 1;

function parsedFile(document: TextDocument, options: ServerSettings): ParsedFile {
  const cached = parsed.get(document.uri);
  if (cached && cached.version === document.version && cached.maxFileSize === options.maxFileSize) return cached.file;
  const reuse = cached?.maxFileSize === options.maxFileSize ? cached : undefined;
  const file = language().createLanguageCore(options).parse(document.getText(), reuse?.file, reuse && changedSince(document, reuse.version));
  return remember(document, options, file);
}

/** Where the document's text changed since version `from`, when every edit since is known. */
function changedSince(document: TextDocument, from: number): TextChange | undefined {
  return changeLogs.get(document.uri)?.since(from, document.version);
}

function remember(document: TextDocument, options: ServerSettings, file: ParsedFile): ParsedFile {
  parsed.set(document.uri, { version: document.version, maxFileSize: options.maxFileSize, file });
  changeLogs.get(document.uri)?.forgetUpTo(document.version);
  // The workspace index holds what the editor shows, so answers never lag behind the text.
  const before = language().workspace.version;
  if (file.tooLarge) language().workspace.remove(document.uri);
  else language().workspace.updateParsed(document.uri, file);
  // Another open file's Service may select what this edit changed.
  if (language().workspace.version !== before) revalidateOpenDocuments(document.uri);
  return file;
}

/** Files larger than this are worth a line in the log when they are first analysed. */
const largeFile = 256 * 1024;

/** How long the server works on one document before it looks at other messages. */
const sliceMs = 20;
const giveWay = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs a stepped computation in slices of `sliceMs`, giving way to other messages (completion,
 * hover, newer edits) in between. Returns undefined when `current()` says the work is stale.
 */
async function inSlices<T, Y>(steps: Generator<Y, T>, current: () => boolean, onStep?: (value: Y) => void): Promise<T | undefined> {
  let sliceStart = Date.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onStep?.(step.value);
    if (Date.now() - sliceStart > sliceMs) {
      await giveWay();
      if (!current()) return undefined;
      sliceStart = Date.now();
    }
  }
}

/** `parsedFile` without blocking: a large file is parsed in slices. */
async function parsedFileInSlices(document: TextDocument, options: ServerSettings, current: () => boolean): Promise<ParsedFile | undefined> {
  const cached = parsed.get(document.uri);
  if (cached && cached.version === document.version && cached.maxFileSize === options.maxFileSize) return cached.file;
  const core = language().createLanguageCore(options);
  const reuse = cached?.maxFileSize === options.maxFileSize ? cached : undefined;
  const steps = core.parseSteps(document.getText(), reuse?.file, reuse && changedSince(document, reuse.version));
  // In a large file each new document is checked and indexed as soon as it is parsed, and its
  // syntax tree let go: memory holds one document's tree at a time, not the whole file's.
  const large = document.getText().length > largeFile;
  const file = await inSlices(steps, current, (progress) => {
    if (!large) return;
    for (const fresh of progress.fresh) {
      if (options.validate) core.checkDocument(progress, fresh);
      language().extractDocument(document.uri, progress, fresh);
      fresh.release();
    }
  });
  if (!file || !current()) return undefined;
  // A request may have parsed this version meanwhile; either parse is right.
  const now = parsed.get(document.uri);
  if (now && now.version === document.version) return now.file;
  return remember(document, options, file);
}

async function guarded<T>(what: string, fallback: T, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

connection.onInitialize((params): InitializeResult => {
  settings.clientLocale = params.locale;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = folders.map((f) => URI.parse(f)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  supportsWatchedFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
  const initOptions = params.initializationOptions as { locale?: string } | undefined;
  if (initOptions?.locale) settings.clientLocale = initOptions.locale;
  settings.supportsConfiguration = Boolean(params.capabilities.workspace?.configuration);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind] },
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'k8s-service-yaml', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (settings.supportsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'k8sServiceYaml' }).catch(() => undefined);
  }
  if (supportsWatchedFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] }).catch(() => undefined);
  }
  void guarded('workspace scan', undefined, scanWorkspace);
});

/** What the workspace scan skips (see excludePatterns); file events skip the same. */
let scanIgnore: string[] | undefined;

/** Indexes the workspace folders' manifests in the background, then re-checks open documents. */
async function scanWorkspace(): Promise<void> {
  if (workspaceFolders.length === 0) return;
  const started = Date.now();
  const filesExclude = settings.supportsConfiguration ? await connection.workspace.getConfiguration({ section: 'files.exclude' }).catch(() => undefined) : undefined;
  scanIgnore = language().excludePatterns(filesExclude);
  const options = await settings.get(URI.file(workspaceFolders[0]).toString());
  let count = 0;
  for (const folder of workspaceFolders) {
    const paths = await language().yamlFiles(folder, scanIgnore);
    count += await language().indexFiles(language().workspace, paths, (uri) => documents.get(uri) !== undefined, options.maxFileSize);
  }
  connection.console.log(`indexed ${count} YAML files of the workspace in ${Date.now() - started} ms`);
  // What was read may change open documents' cross-file problems (an open document is indexed
  // from the editor, not from the disk: a workspace of open files alone changes nothing).
  if (count > 0) revalidateOpenDocuments();
}

function revalidateOpenDocuments(except?: string): void {
  for (const document of documents.all()) if (document.uri !== except) scheduleValidation(document, validationDelayMs);
}

connection.onDidChangeWatchedFiles((params) =>
  guarded('file events', undefined, async () => {
    const options = await settings.get(workspaceFolders[0] ? URI.file(workspaceFolders[0]).toString() : '');
    for (const change of params.changes) {
      // An open document is indexed from the editor's text, not from the disk.
      if (documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) language().workspace.remove(change.uri);
      // What the scan skips (node_modules after an install, files.exclude) stays out of the index.
      else if (!(await language().isWorkspaceYaml(workspaceFolders, URI.parse(change.uri).fsPath, scanIgnore ?? language().excludePatterns(undefined)))) language().workspace.remove(change.uri);
      else await language().reindexFromDisk(language().workspace, change.uri, options.maxFileSize, (uri) => documents.get(uri) !== undefined);
    }
    revalidateOpenDocuments();
  }),
);

connection.onDidChangeConfiguration(() => {
  // Parses stay: they depend only on the text and maxFileSize (checked when a parse is reused);
  // the problems kept with each document are per locale.
  settings.forget();
  for (const document of documents.all()) scheduleValidation(document, 0);
});

/** Validation runs in progress, by URI: one at a time per document (a second request waits its turn). */
const running = new Map<string, { version: number; again: boolean }>();

async function validateNow(document: TextDocument): Promise<void> {
  const run = running.get(document.uri);
  if (run && run.version === document.version) {
    // Something changed elsewhere (the workspace index) while this version is being checked:
    // check it once more when the current run ends, instead of a second run in parallel.
    run.again = true;
    return;
  }
  const state = { version: document.version, again: false };
  running.set(document.uri, state);
  try {
    await validateVersion(document);
  } finally {
    if (running.get(document.uri) === state) running.delete(document.uri);
  }
  if (state.again && documents.get(document.uri)?.version === state.version) scheduleValidation(document, validationDelayMs);
}

async function validateVersion(document: TextDocument): Promise<void> {
  const version = document.version;
  const options = await settings.get(document.uri);
  // A newer edit or a closed document makes this run obsolete.
  const current = () => documents.get(document.uri)?.version === version;
  if (!current()) return;
  if (document.getText().length > largeFile && !parsed.has(document.uri)) connection.console.log(`analysing ${document.uri} (${document.getText().length} characters) in slices`);
  const before = parsed.get(document.uri)?.file;
  const file = await parsedFileInSlices(document, options, current);
  if (!file) return;
  // A large file read whole (opened, or changed everywhere at once) leaves tens of megabytes of garbage.
  const wholeLargeParse = file !== before && file.reused === undefined && file.text.length > largeFile;
  const problems: Problem[] = options.validate ? ((await inSlices(language().createLanguageCore(options).validateSteps(file), current)) ?? []) : [];
  if (!current()) return;
  if (options.validate && options.workspaceChecks && !file.tooLarge) problems.push(...language().workspaceProblems(language().workspace, document.uri, file, options.locale));
  // A large file's analysis is cached per document: its syntax trees can go (a hover or the
  // next edit parses just the document it needs).
  if (file.text.length > largeFile) language().releaseSyntaxTrees(file);
  // A run that found exactly what was published for this version (a re-check after a change
  // elsewhere that did not concern this file) sends nothing: thousands of unchanged diagnostics
  // cost the editor and us time for nothing. Unchanged problems are the same objects (cached).
  const last = published.get(document.uri);
  if (last && last.version === version && last.problems.length === problems.length && last.problems.every((p, i) => p === problems[i])) return;
  published.set(document.uri, { version, problems });
  await connection.sendDiagnostics({ uri: document.uri, version, diagnostics: problems.map(toDiagnostic) });
  if (wholeLargeParse) collectGarbageSoon();
}

/**
 * Collects garbage right after the diagnostics of a large file went out, while the editor is busy
 * showing them: the collection V8 would otherwise do a moment later, in the middle of the user's
 * first completion or hover. Needs `--expose-gc`, which dist/server.js sets (start.ts).
 */
function collectGarbageSoon(): void {
  setImmediate(() => {
    // V8's `gc()`, when the flags allow it (a context made after `--expose-gc` was set has it).
    if (collectGarbage === undefined) {
      try {
        collectGarbage = (runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined) ?? null;
      } catch {
        collectGarbage = null;
      }
    }
    // null: started without the loader; V8 collects on its own schedule.
    collectGarbage?.();
  });
}

let collectGarbage: (() => void) | null | undefined;

/** What was last published for each open document. */
const published = new Map<string, { version: number; problems: readonly Problem[] }>();

function scheduleValidation(document: TextDocument, delay: number): void {
  clearTimeout(pendingValidation.get(document.uri));
  pendingValidation.set(
    document.uri,
    setTimeout(() => {
      pendingValidation.delete(document.uri);
      void guarded('validation', undefined, () => validateNow(document));
    }, delay),
  );
}

documents.onDidOpen((event) => scheduleValidation(event.document, 0));
documents.onDidChangeContent((event) => scheduleValidation(event.document, event.document.version === 1 ? 0 : validationDelayMs));
documents.onDidClose((event) => {
  clearTimeout(pendingValidation.get(event.document.uri));
  pendingValidation.delete(event.document.uri);
  parsed.delete(event.document.uri);
  changeLogs.delete(event.document.uri);
  published.delete(event.document.uri);
  // Read before the settings are forgotten: asking again would cache them for a closed file.
  const options = settings.get(event.document.uri);
  settings.forget(event.document.uri);
  // The file on disk (if any) is what the workspace holds again.
  void guarded('re-index', undefined, async () => {
    await language().reindexFromDisk(language().workspace, event.document.uri, (await options).maxFileSize, (uri) => documents.get(uri) !== undefined);
    revalidateOpenDocuments();
  });
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCompletion((params) =>
  guarded('completion', [], async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const options = await settings.get(document.uri);
    const file = parsedFile(document, options);
    const own = language().createLanguageCore(options).complete(file, params.position);
    return [...own, ...language().workspaceCompletions(language().workspace, document.uri, file, params.position, options.locale)].map(toCompletionItem);
  }),
);

connection.onHover((params) =>
  guarded('hover', null, async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const options = await settings.get(document.uri);
    const file = parsedFile(document, options);
    const own = language().createLanguageCore(options).hover(file, params.position);
    const cross = language().workspaceHover(language().workspace, document.uri, file, params.position, options.locale);
    if (own && cross) return toHover({ contents: `${cross.contents}\n\n---\n\n${own.contents}`, range: own.range });
    const result = own ?? cross;
    return result ? toHover(result) : null;
  }),
);

connection.onCodeAction((params) =>
  guarded('code actions', [], async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const options = await settings.get(document.uri);
    const core = language().createLanguageCore(options);
    const file = parsedFile(document, options);
    const problems = core.validate(file);
    const crossFile = options.workspaceChecks ? language().workspaceProblems(language().workspace, document.uri, file, options.locale) : [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions = [];
    if (wants(CodeActionKind.QuickFix)) {
      const { start, end } = params.range;
      const touching = problems.filter((p) => !(p.range.end.line < start.line || (p.range.end.line === start.line && p.range.end.character < start.character) || p.range.start.line > end.line || (p.range.start.line === end.line && p.range.start.character > end.character)));
      actions.push(...core.quickFixes(file, touching).map((fix) => toCodeAction(document.uri, fix)));
      const touchingCross = crossFile.filter((p) => p.range.start.line <= end.line && p.range.end.line >= start.line);
      actions.push(...language().workspaceQuickFixes(touchingCross, options.locale).map((fix) => toCodeAction(document.uri, fix)));
    }
    // Fix-all works through every problem of the file: worked out when asked for (a source
    // action, on save) or when the cursor is on a fixable problem, not on every cursor move.
    if (wants(fixAllKind) && (only !== undefined || actions.length > 0)) {
      const all = core.quickFixes(file, problems);
      const fixAll = all.length > 1 || only ? toFixAllAction(document.uri, language().message(options.locale, 'fix.all'), all) : undefined;
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }),
);

connection.onDefinition((params) =>
  guarded('definition', [], async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return language().workspaceDefinition(language().workspace, document.uri, parsedFile(document, await settings.get(document.uri)), params.position);
  }),
);

connection.onReferences((params) =>
  guarded('references', [], async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return language().workspaceReferences(language().workspace, document.uri, parsedFile(document, await settings.get(document.uri)), params.position, params.context.includeDeclaration);
  }),
);

connection.onCodeLens((params) =>
  guarded('code lens', [], async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const options = await settings.get(document.uri);
    return language().workspaceCodeLenses(language().workspace, document.uri, parsedFile(document, options), options.locale).map((lens) => ({
      range: lens.range,
      // The client turns this into VS Code's peek view of the locations.
      command: { title: lens.title, command: lens.locations.length > 0 ? showReferencesCommand : '', arguments: [document.uri, lens.range.start, lens.locations] },
    }));
  }),
);

connection.onRequest(fieldRangesMethod, (params: FieldRangesParams) =>
  guarded<FieldRangesResult>('field ranges', [], async () => {
    const document = documents.get(params.uri);
    if (!document) return params.fields.map(() => null);
    const options = await settings.get(document.uri);
    const core = language().createLanguageCore(options);
    const file = parsedFile(document, options);
    return params.fields.map((field) => core.rangeOfField(file, { kind: field.kind, name: field.name }, field.path) ?? null);
  }),
);

process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
