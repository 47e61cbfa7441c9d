/**
 * A small LSP client for the benchmark: spawns a language server over stdio, answers the
 * requests servers make of an editor (workspace/configuration, capability registration,
 * yaml-language-server's schema content requests), records every publishDiagnostics with its
 * arrival time, and shuts the server down cleanly (shutdown + exit, SIGKILL as a fallback).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  CancellationTokenSource,
  createProtocolConnection,
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export class TimeoutError extends Error {
  constructor(what, ms) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

const now = () => performance.now();

/** Peak and current resident set size (bytes) of a live process, from /proc/<pid>/status. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    };
    return { peakRss: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return { peakRss: undefined, rss: undefined };
  }
}

export class LspClient {
  /**
   * @param {object} options
   * @param {string[]} options.args node arguments (the server script and `--stdio`)
   * @param {(section: string) => unknown} options.configuration answers one workspace/configuration item
   * @param {(uri: string) => string | undefined} [options.content] answers vscode/content and custom/schema/content
   */
  constructor({ args, configuration, content, cwd }) {
    this.configuration = configuration;
    this.content = content ?? (() => undefined);
    this.diagnostics = [];
    this.waiters = new Set();
    this.configurationRequests = 0;
    this.contentRequests = [];
    this.unexpectedRequests = [];
    this.stderr = '';
    this.exited = false;
    this.startedAt = now();
    this.process = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exitPromise = new Promise((resolve) => this.process.on('exit', (code, signal) => {
      this.exited = true;
      this.exitInfo = { code, signal };
      this.wake();
      resolve();
    }));
    this.process.stderr.on('data', (chunk) => {
      if (this.stderr.length < 64_000) this.stderr += chunk;
    });
    // A server that dies mid-write must not take the benchmark down with EPIPE.
    this.process.stdin.on('error', () => undefined);
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onError(() => undefined);
    this.connection.onClose(() => this.wake());
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.push({ params, at: now() });
      this.wake();
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests++;
      const answer = params.items.map((item) => this.configuration(item.section ?? ''));
      this.wake();
      return answer;
    });
    const answerContent = (method) => (uri) => {
      this.contentRequests.push({ method, uri });
      const text = this.content(uri);
      if (text === undefined) throw new Error(`benchmark client: no local content for ${uri} (network access is disabled)`);
      return text;
    };
    this.connection.onRequest('vscode/content', answerContent('vscode/content'));
    this.connection.onRequest('custom/schema/content', answerContent('custom/schema/content'));
    this.connection.onRequest('custom/schema/request', () => []);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
    this.connection.onRequest((method) => {
      this.unexpectedRequests.push(method);
      return null;
    });
    this.connection.onNotification(() => undefined);
    this.connection.listen();
  }

  get pid() {
    return this.process.pid;
  }

  wake() {
    for (const wake of this.waiters) wake();
  }

  /** Resolves when `check()` returns a value other than undefined; rejects after `timeoutMs`. */
  until(what, check, timeoutMs) {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        let value;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (this.exited) {
          finish();
          reject(new Error(`${what}: server exited (${JSON.stringify(this.exitInfo)})\n${this.stderr.slice(-2000)}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new TimeoutError(what, timeoutMs));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** Sends a request; rejects with TimeoutError (and cancels it) after `timeoutMs`. */
  async request(type, params, timeoutMs) {
    const source = new CancellationTokenSource();
    let timer;
    try {
      return await Promise.race([
        params === undefined ? this.connection.sendRequest(type, source.token) : this.connection.sendRequest(type, params, source.token),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            source.cancel();
            reject(new TimeoutError(typeof type === 'string' ? type : type.method, timeoutMs));
          }, timeoutMs);
        }),
        this.exitPromise.then(() => {
          throw new Error(`server exited (${JSON.stringify(this.exitInfo)})\n${this.stderr.slice(-2000)}`);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async initialize(params, timeoutMs) {
    const result = await this.request(InitializeRequest.type, params, timeoutMs);
    return { result, at: now() };
  }

  initialized() {
    return this.connection.sendNotification(InitializedNotification.type, {});
  }

  notify(method, params) {
    return this.connection.sendNotification(method, params);
  }

  open(uri, text, version = 1) {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri, version, contentChanges) {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  /**
   * Waits for diagnostics of `uri` received after index `from` of the log; when `version` is
   * given and the server reports versions, only diagnostics of that version count.
   */
  diagnosticsAfter(uri, from, version, timeoutMs) {
    return this.until(
      `diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`,
      () => {
        for (let i = from; i < this.diagnostics.length; i++) {
          const d = this.diagnostics[i];
          if (d.params.uri !== uri) continue;
          if (version !== undefined && d.params.version !== undefined && d.params.version !== version) continue;
          return { ...d, index: i };
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  memory() {
    return memoryOf(this.process.pid);
  }

  /** shutdown + exit, then SIGKILL if the server has not gone within the grace period. */
  async stop(graceMs = 3000) {
    if (!this.exited) {
      try {
        await this.request(ShutdownRequest.type, undefined, graceMs);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // Busy or gone: fall through to the kill.
      }
      await Promise.race([this.exitPromise, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    }
    const clean = this.exited && this.exitInfo?.signal === null;
    if (!this.exited) {
      this.process.kill('SIGKILL');
      await this.exitPromise;
    }
    this.connection.dispose();
    return { clean, exit: this.exitInfo };
  }
}
