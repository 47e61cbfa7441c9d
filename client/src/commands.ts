/**
 * The kubectl commands in VS Code: create from the active file, a server-side dry run, and
 * get services. The process work is in kubectl.ts; this layer owns saving, progress and
 * cancellation, the output channel, notifications, and the diagnostics mapped from the API
 * server's field errors. Each command also returns what happened, for scripts and tests.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { fieldRangesMethod, type FieldRangesParams, type FieldRangesResult } from '../../server/src/protocol';
import { buildArgs, commandLine, parseOutput, runKubectl, type KubectlAction, type KubectlSettings, type ManifestSource, type RunResult } from './kubectl';

export interface CommandOutcome {
  ok: boolean;
  commandLine: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  created: string[];
  /** Diagnostics mapped onto the document from the API server's field errors. */
  fieldErrors: number;
  failure?: string;
  /** What this run wrote to the output channel. */
  transcript: string;
}

export const commandIds = {
  create: 'k8sServiceYaml.create',
  dryRun: 'k8sServiceYaml.dryRun',
  getServices: 'k8sServiceYaml.getServices',
} as const;

function settingsFor(uri: vscode.Uri | undefined): KubectlSettings & { saveBeforeCreate: boolean } {
  const config = vscode.workspace.getConfiguration('k8sServiceYaml.kubectl', uri);
  const text = (key: string) => {
    const value = config.get<string>(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const timeout = Number(config.get('timeoutSeconds'));
  return {
    path: text('path') ?? 'kubectl',
    kubeconfig: text('kubeconfig'),
    context: text('context'),
    namespace: text('namespace'),
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 60,
    saveBeforeCreate: config.get<boolean>('saveBeforeCreate') !== false,
  };
}

export class KubectlCommands implements vscode.Disposable {
  private readonly output = vscode.window.createOutputChannel('Kubernetes Service: kubectl');
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('kubectl');
  private readonly disposables: vscode.Disposable[] = [this.output, this.diagnostics];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(
      vscode.commands.registerCommand(commandIds.create, (uri?: vscode.Uri) => this.createLike('create', uri)),
      vscode.commands.registerCommand(commandIds.dryRun, (uri?: vscode.Uri) => this.createLike('dryRun', uri)),
      vscode.commands.registerCommand(commandIds.getServices, (uri?: vscode.Uri) => this.getServices(uri)),
      // kubectl's verdict is about the text it was given: the next edit makes it stale.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.diagnostics.delete(event.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.diagnostics.delete(document.uri)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage(vscode.l10n.t('kubectl commands are disabled in an untrusted workspace. Trust the workspace to run them.'));
    return false;
  }

  private async target(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'yaml') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a YAML manifest first: the kubectl commands work on the active editor.'));
      return undefined;
    }
    return document;
  }

  private async createLike(action: 'create' | 'dryRun', uri?: vscode.Uri): Promise<CommandOutcome | undefined> {
    if (!this.trusted()) return undefined;
    const document = await this.target(uri);
    if (!document) return undefined;
    const settings = settingsFor(document.uri);
    let source: ManifestSource;
    if (document.isUntitled || document.uri.scheme !== 'file') source = { stdin: document.getText() };
    else if (document.isDirty && !settings.saveBeforeCreate) source = { stdin: document.getText() };
    else {
      if (document.isDirty && !(await document.save())) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The file was not saved, so kubectl was not run.'));
        return undefined;
      }
      source = { file: document.uri.fsPath };
    }
    this.diagnostics.delete(document.uri);
    const title = action === 'create' ? vscode.l10n.t('kubectl create -f {0}', this.label(document)) : vscode.l10n.t('kubectl create --dry-run=server -f {0}', this.label(document));
    const outcome = await this.run(action, settings, title, source);
    if (!outcome) return undefined;
    const report = parseOutput(outcome.stdout, outcome.stderr);
    outcome.fieldErrors = await this.mapFieldErrors(document, report.fieldErrors);
    if (outcome.ok) {
      // `service/back-end created (server dry run)` -> `service/back-end`
      const names = report.created.map((line) => line.replace(/ created\b.*$/, ''));
      const created = names.length > 0 ? names.join(', ') : vscode.l10n.t('nothing (the file has no objects)');
      const message = action === 'create' ? vscode.l10n.t('Created {0}', created) : vscode.l10n.t('Server dry run passed: {0}', created);
      const getServices = vscode.l10n.t('Get Services');
      void vscode.window.showInformationMessage(message, getServices).then((choice) => {
        if (choice === getServices) void vscode.commands.executeCommand(commandIds.getServices, document.uri);
      });
    } else if (!outcome.failure) {
      this.showFailure(outcome, report.unreachable, report.unauthorized, settings);
    }
    return outcome;
  }

  private async getServices(uri?: vscode.Uri): Promise<CommandOutcome | undefined> {
    if (!this.trusted()) return undefined;
    const scope = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    const settings = settingsFor(scope);
    const outcome = await this.run('getServices', settings, vscode.l10n.t('kubectl get services'));
    if (!outcome) return undefined;
    if (outcome.ok) this.output.show(true);
    else if (!outcome.failure) {
      const report = parseOutput(outcome.stdout, outcome.stderr);
      this.showFailure(outcome, report.unreachable, report.unauthorized, settings);
    }
    return outcome;
  }

  private label(document: vscode.TextDocument): string {
    return document.isUntitled ? '-' : vscode.workspace.asRelativePath(document.uri);
  }

  /** Runs kubectl in the background with a cancellable progress notification. */
  private async run(action: KubectlAction, settings: KubectlSettings, title: string, source?: ManifestSource): Promise<CommandOutcome | undefined> {
    const args = buildArgs(action, settings, source);
    const line = commandLine(settings.path, args) + (source && 'stdin' in source ? vscode.l10n.t('  (the editor text on standard input)') : '');
    let transcript = `$ ${line}\n`;
    const result: RunResult = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return runKubectl(settings.path, args, {
          input: source && 'stdin' in source ? source.stdin : undefined,
          signal: abort.signal,
          timeoutMs: settings.timeoutSeconds * 1000,
          cwd: vscode.workspace.workspaceFolders?.[0]?.uri.scheme === 'file' ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined,
        });
      },
    );
    if (result.stdout) transcript += result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n`;
    if (result.stderr) transcript += result.stderr.endsWith('\n') ? result.stderr : `${result.stderr}\n`;
    transcript += result.failure ? `[${result.failure}]\n` : `[exit ${result.code}]\n`;
    this.output.appendLine(transcript);
    const outcome: CommandOutcome = {
      ok: !result.failure && result.code === 0,
      commandLine: line,
      exitCode: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      created: parseOutput(result.stdout, '').created,
      fieldErrors: 0,
      failure: result.failure,
      transcript,
    };
    if (result.failure) this.showRunFailure(result, settings);
    return outcome;
  }

  private showRunFailure(result: RunResult, settings: KubectlSettings): void {
    const openSetting = vscode.l10n.t('Open Setting');
    const showOutput = vscode.l10n.t('Show Output');
    let text: string;
    let actions: string[];
    switch (result.failure) {
      case 'not-found':
        text = vscode.l10n.t('kubectl was not found ("{0}"). Install kubectl, or set its path in the setting k8sServiceYaml.kubectl.path.', settings.path);
        actions = [openSetting];
        break;
      case 'not-executable':
        text = vscode.l10n.t('"{0}" cannot be run (is it an executable kubectl?). Check the setting k8sServiceYaml.kubectl.path.', settings.path);
        actions = [openSetting];
        break;
      case 'timeout':
        text = vscode.l10n.t('kubectl did not finish within {0} s and was stopped. Is the cluster reachable? The limit is the setting k8sServiceYaml.kubectl.timeoutSeconds.', settings.timeoutSeconds);
        actions = [showOutput, openSetting];
        break;
      case 'cancelled':
        text = vscode.l10n.t('kubectl was cancelled.');
        actions = [showOutput];
        break;
      default:
        text = vscode.l10n.t('kubectl could not be started: {0}', result.detail ?? '');
        actions = [showOutput, openSetting];
    }
    void this.notify(result.failure === 'cancelled' ? 'info' : 'error', text, actions);
  }

  private showFailure(outcome: CommandOutcome, unreachable: boolean, unauthorized: boolean, settings: KubectlSettings): void {
    let text: string;
    if (unreachable) text = vscode.l10n.t('The cluster did not answer. Check that it is running and that the kubeconfig context is right (k8sServiceYaml.kubectl.context).');
    else if (unauthorized) text = vscode.l10n.t('The cluster refused the credentials of the kubeconfig ({0}).', settings.kubeconfig ?? '~/.kube/config');
    else {
      const lines = outcome.stderr.trim().split(/\r?\n/).filter((l) => l.trim() !== '');
      text = lines.slice(0, 4).join(' ').slice(0, 600) || vscode.l10n.t('kubectl failed with exit code {0}.', String(outcome.exitCode));
    }
    void this.notify('error', text, [vscode.l10n.t('Show Output'), ...(unreachable ? [vscode.l10n.t('Open Setting')] : [])]);
  }

  private async notify(level: 'info' | 'error', text: string, actions: string[]): Promise<void> {
    const choice = level === 'info' ? await vscode.window.showInformationMessage(text, ...actions) : await vscode.window.showErrorMessage(text, ...actions);
    if (choice === vscode.l10n.t('Show Output')) this.output.show(true);
    else if (choice === vscode.l10n.t('Open Setting')) void vscode.commands.executeCommand('workbench.action.openSettings', 'k8sServiceYaml.kubectl');
  }

  /** Shows each field error on the field's range in the document (source `kubectl`). */
  private async mapFieldErrors(document: vscode.TextDocument, errors: ReturnType<typeof parseOutput>['fieldErrors']): Promise<number> {
    if (errors.length === 0) return 0;
    let ranges: FieldRangesResult = errors.map(() => null);
    const client = this.client();
    if (client?.isRunning()) {
      try {
        const params: FieldRangesParams = { uri: document.uri.toString(), fields: errors.map((e) => ({ kind: e.kind, name: e.name, path: e.path })) };
        ranges = await client.sendRequest<FieldRangesResult>(fieldRangesMethod, params);
      } catch {
        // Without the server the errors still go on the first line, so none is lost.
      }
    }
    const diagnostics = errors.map((error, i) => {
      const r = ranges[i];
      const range = r ? new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) : new vscode.Range(0, 0, 0, 0);
      const diagnostic = new vscode.Diagnostic(range, `${error.path}: ${error.message}`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'kubectl';
      diagnostic.code = error.type;
      return diagnostic;
    });
    this.diagnostics.set(document.uri, diagnostics);
    return diagnostics.length;
  }
}
