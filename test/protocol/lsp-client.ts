/**
 * A minimal LSP client for protocol tests: starts the real bundled server
 * (`node dist/server.js --stdio`) and talks JSON-RPC to it over stdio.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  ConfigurationRequest,
  ShutdownRequest,
  ExitNotification,
  LogMessageNotification,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';

export const serverPath = path.join(__dirname, '..', '..', '..', 'dist', 'server.js');

export class TestClient {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: (() => void)[] = [];
  /** Answers to `workspace/configuration` for our section. */
  settings: Record<string, unknown> = {};
  stderr = '';
  /** Messages the server logged (window/logMessage). */
  readonly logs: string[] = [];

  constructor(server = serverPath) {
    this.process = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push(params);
      this.diagnostics.set(params.uri, list);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.listen();
  }

  async initialize(locale = 'en', withConfiguration = false, workspaceFolder?: string): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: workspaceFolder ? [{ uri: workspaceFolder, name: 'ws' }] : null,
      locale,
      capabilities: withConfiguration ? { workspace: { configuration: true } } : {},
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  async replace(uri: string, text: string, version: number): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Sends ranged changes in one notification, applied in order (as VS Code does for multi-cursor edits). */
  async edit(uri: string, version: number, changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Whether any diagnostics for `uri` have been received yet (checked at the moment of the call). */
  hasDiagnostics(uri: string): boolean {
    return (this.diagnostics.get(uri)?.length ?? 0) > 0;
  }

  /** Drops the diagnostics received so far for `uri`, so the next wait sees only new ones. */
  forget(uri: string): void {
    this.diagnostics.delete(uri);
  }

  /** Waits (without a fixed sleep) for diagnostics of `uri` that satisfy `accept`. */
  async diagnosticsFor(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (this.diagnostics.get(uri) ?? []).find(accept);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri}: ${JSON.stringify(this.diagnostics.get(uri))}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the server has logged a line matching `pattern`. */
  async logged(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.logs.find((l) => pattern.test(l));
      if (line) return line;
      if (Date.now() > deadline) throw new Error(`no log line ${pattern}: ${this.logs.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.process.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
