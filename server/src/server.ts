/**
 * The language server: wires the core to the protocol. Each handler is one line of
 * "document + settings -> core -> LSP types", and never lets an exception escape (broken
 * input is logged and answered with an empty result).
 *
 * Run standalone with `node dist/server.js --stdio` (or `--node-ipc`, as VS Code does).
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageCore, message, type ParsedFile } from './core/index';
import { fixAllKind, toCodeAction, toCompletionItem, toDiagnostic, toFixAllAction, toHover } from './convert';
import { SettingsCache, type ServerSettings } from './settings';
import { fieldRangesMethod, type FieldRangesParams, type FieldRangesResult } from './protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings = new SettingsCache(connection);

/** Parsed files by URI, valid for one document version. */
const parsed = new Map<string, { version: number; maxFileSize: number; file: ParsedFile }>();
const pendingValidation = new Map<string, NodeJS.Timeout>();
/** Delay after a keystroke before validating, so typing is never slowed by analysis. */
const validationDelayMs = 150;

function parsedFile(document: TextDocument, options: ServerSettings): ParsedFile {
  const cached = parsed.get(document.uri);
  if (cached && cached.version === document.version && cached.maxFileSize === options.maxFileSize) return cached.file;
  const file = createLanguageCore(options).parse(document.getText());
  parsed.set(document.uri, { version: document.version, maxFileSize: options.maxFileSize, file });
  return file;
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
  const initOptions = params.initializationOptions as { locale?: string } | undefined;
  if (initOptions?.locale) settings.clientLocale = initOptions.locale;
  settings.supportsConfiguration = Boolean(params.capabilities.workspace?.configuration);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind] },
    },
    serverInfo: { name: 'k8s-service-yaml', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (settings.supportsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'k8sServiceYaml' }).catch(() => undefined);
  }
});

connection.onDidChangeConfiguration(() => {
  settings.forget();
  parsed.clear();
  for (const document of documents.all()) scheduleValidation(document, 0);
});

async function validateNow(document: TextDocument): Promise<void> {
  const version = document.version;
  const options = await settings.get(document.uri);
  // A newer edit or a closed document makes this run obsolete.
  if (documents.get(document.uri)?.version !== version) return;
  const diagnostics = options.validate ? createLanguageCore(options).validate(parsedFile(document, options)).map(toDiagnostic) : [];
  if (documents.get(document.uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
}

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
  settings.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCompletion((params) =>
  guarded('completion', [], async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const options = await settings.get(document.uri);
    return createLanguageCore(options).complete(parsedFile(document, options), params.position).map(toCompletionItem);
  }),
);

connection.onHover((params) =>
  guarded('hover', null, async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const options = await settings.get(document.uri);
    const result = createLanguageCore(options).hover(parsedFile(document, options), params.position);
    return result ? toHover(result) : null;
  }),
);

connection.onCodeAction((params) =>
  guarded('code actions', [], async () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const options = await settings.get(document.uri);
    const core = createLanguageCore(options);
    const file = parsedFile(document, options);
    const problems = core.validate(file);
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions = [];
    if (wants(CodeActionKind.QuickFix)) {
      const { start, end } = params.range;
      const touching = problems.filter((p) => !(p.range.end.line < start.line || (p.range.end.line === start.line && p.range.end.character < start.character) || p.range.start.line > end.line || (p.range.start.line === end.line && p.range.start.character > end.character)));
      actions.push(...core.quickFixes(file, touching).map((fix) => toCodeAction(document.uri, fix)));
    }
    if (wants(fixAllKind)) {
      const all = core.quickFixes(file, problems);
      const fixAll = all.length > 1 || only ? toFixAllAction(document.uri, message(options.locale, 'fix.all'), all) : undefined;
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }),
);

connection.onRequest(fieldRangesMethod, (params: FieldRangesParams) =>
  guarded<FieldRangesResult>('field ranges', [], async () => {
    const document = documents.get(params.uri);
    if (!document) return params.fields.map(() => null);
    const options = await settings.get(document.uri);
    const core = createLanguageCore(options);
    const file = parsedFile(document, options);
    return params.fields.map((field) => core.rangeOfField(file, { kind: field.kind, name: field.name }, field.path) ?? null);
  }),
);

process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
