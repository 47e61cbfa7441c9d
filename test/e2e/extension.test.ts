/**
 * End-to-end tests through the real extension in a real VS Code: the `vscode` API only,
 * polling for real signals (no fixed sleeps).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { CommandOutcome } from '../../client/src/commands';
import { KubeApiDouble } from '../support/kube-api-double';

const extensionId = 'k8s-service-yaml.k8s-service-yaml';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function openFile(name: string, content?: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile(name);
  if (content !== undefined) await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'k8s-service');
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

function positionOf(document: vscode.TextDocument, needle: string, shift = 1): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${document.uri.path}`);
  return document.positionAt(offset + shift);
}

suite('k8s-service-yaml in a real VS Code', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    await extension.activate();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('k8sServiceYaml').update('locale', undefined, vscode.ConfigurationTarget.Global);
  });

  test('the extension activates on YAML and contributes its commands', async () => {
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('k8sServiceYaml.restartServer'));
  });

  test('completion: spec keys on a half-typed line, then the Service types', async () => {
    const editor = await openFile('completion.yaml', 'apiVersion: v1\nkind: Service\nspec:\n  ty\n');
    const uri = editor.document.uri;
    const keys = await waitFor('spec key completions', async () => {
      const labels = await completionLabels(uri, new vscode.Position(3, 4));
      return labels.includes('type') ? labels : undefined;
    });
    assert.ok(keys.includes('selector') && keys.includes('ports'));
    await editor.edit((b) => b.replace(new vscode.Range(3, 0, 3, 4), '  type: '));
    const values = await waitFor('type value completions', async () => {
      const labels = await completionLabels(uri, new vscode.Position(3, 8));
      return labels.includes('ClusterIP') ? labels : undefined;
    });
    for (const value of ['NodePort', 'LoadBalancer', 'ExternalName']) assert.ok(values.includes(value), value);
  });

  test('completion: keys of a new ports item', async () => {
    const editor = await openFile('ports.yaml', 'apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - \n');
    const labels = await waitFor('ports item keys', async () => {
      const found = await completionLabels(editor.document.uri, new vscode.Position(4, 4));
      return found.includes('targetPort') ? found : undefined;
    });
    assert.ok(labels.includes('port') && labels.includes('protocol'));
  });

  test('hover: clusterIP type explained in English', async () => {
    const editor = await openFile('service-definition.yaml');
    const text = await waitFor('an English hover on type', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, 'type: ClusterIP'));
      const value = hoverText(hovers);
      return value.includes('spec.type') ? value : undefined;
    });
    assert.match(text, /Kubernetes API/);
    assert.doesNotMatch(text, /[가-힣]/);
  });

  test('hover: in Korean when the locale setting says ko', async () => {
    await vscode.workspace.getConfiguration('k8sServiceYaml').update('locale', 'ko', vscode.ConfigurationTarget.Global);
    const editor = await openFile('service-definition.yaml');
    const text = await waitFor('a Korean hover on selector', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, positionOf(editor.document, 'selector'));
      const value = hoverText(hovers);
      return /[가-힣]/.test(value) ? value : undefined;
    });
    assert.match(text, /spec\.selector/);
    await vscode.workspace.getConfiguration('k8sServiceYaml').update('locale', undefined, vscode.ConfigurationTarget.Global);
  });

  test('diagnostics: appear on mistakes.yaml with codes and paths, and clear after the edit', async () => {
    const editor = await openFile('mistakes.yaml');
    const uri = editor.document.uri;
    const found = await waitFor('four errors', () => {
      const list = ourDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return list.length === 4 ? list : undefined;
    });
    assert.deepEqual(found.map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)).sort(), ['type-mismatch', 'unknown-field', 'unsupported-value', 'unsupported-value']);
    const fixed = editor.document.getText().replace('ClusterIp', 'ClusterIP').replace('"80"', '80').replace('targetport', 'targetPort').replace('tcp', 'TCP');
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), fixed));
    await waitFor('errors to clear', () => ourDiagnostics(uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error));
  });

  test('quick fix: nodePort on a ClusterIP Service is removed by the preferred fix', async () => {
    const editor = await openFile('nodeport-fix.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    nodePort: 30080\n');
    const uri = editor.document.uri;
    const diagnostic = await waitFor('the nodePort error', () => ourDiagnostics(uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'node-port-on-cluster-ip'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    assert.deepEqual(actions.map((a) => a.title).slice(0, 2), ['Remove `nodePort`', 'Set `type: NodePort`']);
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.equal(editor.document.getText(), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n');
    await waitFor('the error to clear', () => ourDiagnostics(uri).length === 0);
  });

  test('workspace: hover on selector names the Deployment in another file; Go to Definition on a selector label opens it', async () => {
    const editor = await openFile('service-definition.yaml');
    const document = editor.document;
    const text = await waitFor('a hover listing the selected workloads', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'selector:'));
      const value = hoverText(hovers);
      return value.includes('deployment/back-end') ? value : undefined;
    });
    assert.match(text, /deployments\.yaml/);
    const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, positionOf(document, 'type: back-end', 8));
    const targets = definitions.map((d) => ('targetUri' in d ? d.targetUri : d.uri).path);
    assert.ok(targets.some((p) => p.endsWith('/deployments.yaml')), targets.join(', '));
  });

  test('diagnostics: a YAML file that is not a manifest gets none', async () => {
    const editor = await openFile('workflow.yaml', 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    runs-on: twice\n');
    // The duplicate key would be reported in a manifest; give the server a real signal first.
    const manifest = await openFile('dup.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\nspec:\n  ports:\n  - port: 80\n');
    await waitFor('the duplicate key warning in the manifest', () => ourDiagnostics(manifest.document.uri).length === 1);
    assert.deepEqual(ourDiagnostics(editor.document.uri), []);
  });

  test('quick fix: protocol tcp is fixed to TCP through the lightbulb action', async () => {
    const editor = await openFile('quickfix.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: tcp\n');
    const uri = editor.document.uri;
    const [diagnostic] = await waitFor('the protocol diagnostic', () => {
      const list = ourDiagnostics(uri);
      return list.length === 1 ? list : undefined;
    });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to `TCP`');
    assert.ok(fix?.edit, `a fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.lineAt(7).text, '    protocol: TCP');
    await waitFor('the diagnostic to clear', () => ourDiagnostics(uri).length === 0);
  });

  test('snippet: the ClusterIP Service snippet inserts a manifest our diagnostics find clean', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: v1\nkind: Service\nspec:\n  type: Bogus\n' });
    const editor = await vscode.window.showTextDocument(document);
    await waitFor('the broken draft to be diagnosed', () => ourDiagnostics(document.uri).length > 0);
    editor.selection = new vscode.Selection(0, 0, document.lineCount, 0);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name: 'ClusterIP Service' });
    await waitFor('the snippet text', () => document.getText().includes('targetPort: 80'));
    assert.match(document.getText(), /^apiVersion: v1\nkind: Service\nmetadata:\n  name: back-end\n/);
    await waitFor('the snippet to be diagnosed clean', () => ourDiagnostics(document.uri).length === 0);
  });
});

suite('kubectl commands against a local Kubernetes API double, with the real kubectl', () => {
  const api = new KubeApiDouble();
  const kubectl = vscode.workspace.getConfiguration('k8sServiceYaml.kubectl');

  suiteSetup(async () => {
    await api.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'e2e-kube-'));
    // kubectl inherits the extension host's environment: a fresh cache, so it asks the double.
    process.env.KUBECACHEDIR = path.join(dir, 'cache');
    await kubectl.update('kubeconfig', api.writeKubeconfig(dir), vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await kubectl.update('kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    await kubectl.update('saveBeforeCreate', undefined, vscode.ConfigurationTarget.Global);
    await api.stop();
  });

  test('create: the active file is created, and the POSTed object is the file', async () => {
    const editor = await openFile('service-definition.yaml');
    const outcome = await vscode.commands.executeCommand<CommandOutcome>('k8sServiceYaml.create');
    assert.equal(outcome.ok, true, outcome.stderr);
    assert.deepEqual(outcome.created, ['service/back-end created']);
    assert.match(outcome.commandLine, /^kubectl create -f \S+service-definition\.yaml --kubeconfig \S+ --request-timeout=60s$/);
    const post = api.posts().at(-1);
    assert.equal((post?.body as { metadata: { name: string } }).metadata.name, 'back-end');
    assert.equal(post?.query.fieldValidation, 'Strict');
    assert.equal(editor.document.isDirty, false);
    assert.match(outcome.transcript, /\nservice\/back-end created\n\[exit 0\]\n$/);
    console.log(`output channel of the create:\n${outcome.transcript}`);
  });

  test('create: a dirty file is saved first', async () => {
    const editor = await openFile('dirty.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: dirty\nspec:\n  ports:\n  - port: 80\n');
    await editor.edit((b) => b.replace(new vscode.Range(3, 8, 3, 13), 'saved-first'));
    assert.equal(editor.document.isDirty, true);
    const outcome = await vscode.commands.executeCommand<CommandOutcome>('k8sServiceYaml.create');
    assert.deepEqual(outcome.created, ['service/saved-first created']);
    assert.equal(editor.document.isDirty, false);
  });

  test('create: with saveBeforeCreate off, the buffer goes through stdin and the file stays unsaved', async () => {
    await kubectl.update('saveBeforeCreate', false, vscode.ConfigurationTarget.Global);
    const editor = await openFile('stdin.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: on-disk\nspec:\n  ports:\n  - port: 80\n');
    await editor.edit((b) => b.replace(new vscode.Range(3, 8, 3, 15), 'from-buffer'));
    const outcome = await vscode.commands.executeCommand<CommandOutcome>('k8sServiceYaml.create');
    assert.deepEqual(outcome.created, ['service/from-buffer created']);
    assert.match(outcome.commandLine, / -f - /);
    assert.equal(editor.document.isDirty, true);
    await kubectl.update('saveBeforeCreate', undefined, vscode.ConfigurationTarget.Global);
  });

  test('create: an untitled document goes to kubectl on standard input', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: untitled-svc\nspec:\n  ports:\n  - port: 80\n' });
    await vscode.window.showTextDocument(document);
    const outcome = await vscode.commands.executeCommand<CommandOutcome>('k8sServiceYaml.create');
    assert.deepEqual(outcome.created, ['service/untitled-svc created']);
    assert.match(outcome.commandLine, / -f - /);
    assert.equal((api.posts().at(-1)?.body as { metadata: { name: string } }).metadata.name, 'untitled-svc');
  });

  test('create: a 422 from the API server becomes a kubectl diagnostic on the field, cleared on the next edit', async () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: with-node-port\nspec:\n  ports:\n  - port: 80\n    nodePort: 30080\n';
    const editor = await openFile('nodeport.yaml', text);
    const outcome = await vscode.commands.executeCommand<CommandOutcome>('k8sServiceYaml.create');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.fieldErrors, 1);
    assert.match(outcome.transcript, /^\$ kubectl create -f .*nodeport\.yaml.*\nThe Service "with-node-port" is invalid: spec\.ports\[0\]\.nodePort: Forbidden/s);
    console.log(`output channel of the failed create:\n${outcome.transcript}`);
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'kubectl');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 7);
    assert.match(diagnostics[0].message, /spec\.ports\[0\]\.nodePort: Forbidden: may not be used when `type` is 'ClusterIP'/);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n'));
    await waitFor('the kubectl diagnostic to clear', () => vscode.languages.getDiagnostics(editor.document.uri).every((d) => d.source !== 'kubectl'));
  });

  test('dry run: the API server checks the file without creating it', async () => {
    await openFile('dry-run.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: only-a-test\nspec:\n  ports:\n  - port: 80\n');
    const outcome = await vscode.commands.executeCommand<CommandOutcome>('k8sServiceYaml.dryRun');
    assert.deepEqual(outcome.created, ['service/only-a-test created (server dry run)']);
    assert.equal(api.posts().at(-1)?.query.dryRun, 'All');
    assert.ok(!api.services().some((s) => (s as { metadata: { name: string } }).metadata.name === 'only-a-test'));
  });

  test('get services: lists what was created', async () => {
    const outcome = await vscode.commands.executeCommand<CommandOutcome>('k8sServiceYaml.getServices');
    assert.equal(outcome.ok, true, outcome.stderr);
    assert.match(outcome.stdout, /^back-end\s+ClusterIP\s+10\.96\./m);
    assert.match(outcome.commandLine, /^kubectl get services -o wide /);
  });

  test('a kubectl that cannot be found is a clear failure, not a crash', async () => {
    // kubectl.path is machine-scoped: only user settings may set it.
    await kubectl.update('path', '/nonexistent/kubectl', vscode.ConfigurationTarget.Global);
    try {
      const outcome = await vscode.commands.executeCommand<CommandOutcome>('k8sServiceYaml.getServices');
      assert.equal(outcome.failure, 'not-found');
    } finally {
      await kubectl.update('path', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
