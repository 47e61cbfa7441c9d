/**
 * The VS Code client: starts the language server and owns what only VS Code can do.
 * It stays thin; all analysis lives in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { KubectlCommands } from './commands';
import { showReferencesCommand } from '../../server/src/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel('Kubernetes Service YAML', { log: true });
  context.subscriptions.push(output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    // No `synchronize.configurationSection`: the server registers for configuration changes
    // itself, and both would send every change twice.
    initializationOptions: { locale: vscode.env.language },
    outputChannel: output,
  };
  client = new LanguageClient('k8sServiceYaml', 'Kubernetes Service YAML', serverOptions, clientOptions);
  context.subscriptions.push(
    new KubectlCommands(() => client),
    vscode.commands.registerCommand('k8sServiceYaml.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('k8sServiceYaml.showOutput', () => output.show(true)),
    // Code lenses of the server carry plain JSON; VS Code's peek view wants its own types.
    vscode.commands.registerCommand(showReferencesCommand, (uri: string, position: { line: number; character: number }, locations: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        new vscode.Position(position.line, position.character),
        locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character))),
      ),
    ),
  );
  try {
    await client.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    output.appendLine(`The language server failed to start: ${detail}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Kubernetes Service YAML: the language server failed to start ({0}).', detail), vscode.l10n.t('Show Output')).then((choice) => {
      if (choice) output.show(true);
    });
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
