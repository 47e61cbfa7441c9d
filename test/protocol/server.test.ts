import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeActionRequest, CompletionRequest, HoverRequest, type CodeAction, InsertTextFormat, type CompletionItem, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lsp-client';

const backEnd = readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'service-definition.yaml'), 'utf8');
let client: TestClient;

let initialized: Awaited<ReturnType<TestClient['initialize']>>;

// Every test can run on its own: the server is initialized here, not in the first test.
before(async () => {
  client = new TestClient();
  initialized = await client.initialize('en');
});

after(async () => {
  const code = await client.stop();
  assert.equal(code, 0, 'server exits cleanly after shutdown/exit');
});

test('protocol: initialize announces completion and hover', async () => {
  const result = initialized;
  assert.ok(result.capabilities.completionProvider);
  assert.equal(result.capabilities.hoverProvider, true);
  assert.equal(result.serverInfo?.name, 'k8s-service-yaml');
});

test('protocol: didOpen -> publishDiagnostics, clean for the seed example', async () => {
  await client.open('file:///ws/back-end.yaml', backEnd);
  const published = await client.diagnosticsFor('file:///ws/back-end.yaml');
  assert.deepEqual(published.diagnostics, []);
});

test('protocol: diagnostics carry code, source and the field path, and clear after a fix', async () => {
  const uri = 'file:///ws/broken.yaml';
  await client.open(uri, backEnd.replace('    port: 80', '    port: "80"'));
  const broken = await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
  assert.equal(broken.diagnostics.length, 1);
  const [d] = broken.diagnostics;
  assert.equal(d.code, 'type-mismatch');
  assert.equal(d.source, 'k8s-service');
  assert.equal((d.data as { path: string }).path, 'spec.ports[0].port');
  assert.equal(d.range.start.line, backEnd.split('\n').findIndex((l) => l === '    port: 80'));
  await client.replace(uri, backEnd, 2);
  const fixed = await client.diagnosticsFor(uri, (p) => p.version === 2);
  assert.deepEqual(fixed.diagnostics, []);
});

test('protocol: a non-Kubernetes YAML file gets an empty diagnostics list', async () => {
  const uri = 'file:///ws/.github/workflows/ci.yaml';
  await client.open(uri, 'on: push\njobs:\n  x:\n    runs-on: ubuntu\n    runs-on: twice\n');
  assert.deepEqual((await client.diagnosticsFor(uri)).diagnostics, []);
});

test('protocol: completion of spec keys and of type values', async () => {
  const uri = 'file:///ws/new.yaml';
  await client.open(uri, 'apiVersion: v1\nkind: Service\nspec:\n  ty\n');
  const keys = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 3, character: 4 } })) as CompletionItem[];
  const type = keys.find((k) => k.label === 'type');
  assert.ok(type, 'type offered');
  assert.deepEqual(type.textEdit && 'range' in type.textEdit ? type.textEdit.range : undefined, { start: { line: 3, character: 2 }, end: { line: 3, character: 4 } });
  assert.equal(type.command?.command, 'editor.action.triggerSuggest');
  const ports = keys.find((k) => k.label === 'ports');
  assert.equal(ports?.insertTextFormat, InsertTextFormat.Snippet);

  const uri2 = 'file:///ws/new2.yaml';
  await client.open(uri2, 'apiVersion: v1\nkind: Service\nspec:\n  type: \n');
  const values = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri2 }, position: { line: 3, character: 8 } })) as CompletionItem[];
  assert.deepEqual(values.map((v) => v.label).sort(), ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
});

test('protocol: hover in English', async () => {
  const uri = 'file:///ws/hover-en.yaml';
  await client.open(uri, backEnd);
  const line = backEnd.split('\n').findIndex((l) => l.includes('type: ClusterIP'));
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 3 } });
  const value = (hover?.contents as MarkupContent).value;
  assert.match(value, /\*\*spec\.type\*\*/);
  assert.doesNotMatch(value.split('---')[0], /[가-힣]/);
});

test('protocol: hover in Korean for a client whose locale is ko', async () => {
  const korean = new TestClient();
  try {
    await korean.initialize('ko');
    const uri = 'file:///ws/ko.yaml';
    await korean.open(uri, backEnd);
    const line = backEnd.split('\n').findIndex((l) => l.includes('type: ClusterIP'));
    const hover = await korean.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 3 } });
    assert.match((hover?.contents as MarkupContent).value, /[가-힣]/);
  } finally {
    assert.equal(await korean.stop(), 0);
  }
});

test('protocol: the locale setting overrides the client locale', async () => {
  const overridden = new TestClient();
  overridden.settings = { locale: 'ko' };
  try {
    await overridden.initialize('en', true);
    const uri = 'file:///ws/setting.yaml';
    await overridden.open(uri, backEnd.replace('type: ClusterIP', 'type: ClusterIp'));
    const published = await overridden.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    const text = published.diagnostics[0].message;
    assert.match(typeof text === 'string' ? text : text.value, /[가-힣]/);
  } finally {
    assert.equal(await overridden.stop(), 0);
  }
});

test('protocol: quick fixes for the diagnostic under the cursor, and a fix-all action', async () => {
  const uri = 'file:///ws/fixes.yaml';
  const text = backEnd.replace('type: ClusterIP', 'type: ClusterIp').replace('    port: 80', '    port: "80"');
  await client.open(uri, text);
  const line = text.split('\n').findIndex((l) => l.includes('ClusterIp'));
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line, character: 9 }, end: { line, character: 9 } },
    context: { diagnostics: [] },
  })) as CodeAction[];
  const quick = actions.find((a) => a.kind === 'quickfix');
  assert.equal(quick?.title, 'Change to `ClusterIP`');
  assert.deepEqual(quick?.edit?.changes?.[uri], [{ range: { start: { line, character: 8 }, end: { line, character: 17 } }, newText: 'ClusterIP' }]);
  const fixAll = actions.find((a) => a.kind === 'source.fixAll.k8s-service');
  assert.equal(fixAll?.edit?.changes?.[uri]?.length, 2);
});

test('protocol: a 10 MB manifest gets a too-large diagnostic and the server keeps answering', async () => {
  const uri = 'file:///ws/huge.yaml';
  await client.open(uri, backEnd + '# padding\n'.repeat(1_100_000));
  const published = await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0, 30_000);
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['too-large']);
  const small = 'file:///ws/beside-huge.yaml';
  await client.open(small, backEnd);
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: { line: 7, character: 3 } });
  assert.ok(hover, 'still answering');
});

test('protocol: a large file is analysed in slices, so a hover on another file is answered before its diagnostics', async () => {
  const small = 'file:///ws/small.yaml';
  await client.open(small, backEnd);
  await client.diagnosticsFor(small);
  let big = '';
  for (let i = 0; i < 4000; i++) big += `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  selector:\n    app: a${i}\n  ports:\n  - port: 80\n    protocol: ${i % 10 === 0 ? 'tcp' : 'TCP'}\n---\n`;
  const uri = 'file:///ws/big-slices.yaml';
  await client.open(uri, big);
  await client.logged(/analysing file:\/\/\/ws\/big-slices\.yaml/);
  const line = backEnd.split('\n').findIndex((l) => l.includes('type: ClusterIP'));
  // The server has started on the big file: had it analysed it in one go, its diagnostics would
  // have arrived before this answer.
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: { line, character: 3 } });
  assert.ok(hover);
  assert.equal(client.hasDiagnostics(uri), false, 'the hover was answered while the big file was still being analysed');
  const published = await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
  assert.equal(published.diagnostics.filter((d) => d.code === 'unsupported-value').length, 400);
});

test('protocol: ranged edits (several in one notification, Enter, a deleted --- line) give what a fresh open of the same text gives', async () => {
  const docs: string[] = [];
  for (let i = 0; i < 300; i++) {
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        ports:\n        - name: http\n          containerPort: 8080\n`);
    docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n  - port: 80\n    targetPort: http\n    protocol: TCP\n`);
  }
  let text = docs.join('---\n');
  const uri = 'file:///ws/ranged-edits.yaml';
  await client.open(uri, text);
  await client.diagnosticsFor(uri, (p) => p.version === 1);
  let lines = text.split('\n');
  const at = (needle: string, from = 0) => {
    const line = lines.findIndex((l, i) => i >= from && l.includes(needle));
    return { line, character: lines[line].indexOf(needle) };
  };
  /** Applies changes to our copy of the text as the editor would, one after another. */
  const apply = (changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]) => {
    for (const change of changes) {
      const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
      text = text.slice(0, offset(change.range.start)) + change.text + text.slice(offset(change.range.end));
      lines = text.split('\n');
    }
  };
  const steps: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[][] = [];
  // 1. Two changes at once, far apart: a protocol typo near the top and one near the bottom.
  const top = at('protocol: TCP');
  const bottom = at('protocol: TCP', lines.length - 20);
  steps.push([
    { range: { start: { line: bottom.line, character: bottom.character + 10 }, end: { line: bottom.line, character: bottom.character + 13 } }, text: 'tcp' },
    { range: { start: { line: top.line, character: top.character + 10 }, end: { line: top.line, character: top.character + 13 } }, text: 'tcp' },
  ]);
  for (const [i, changes] of steps.entries()) {
    await client.edit(uri, 2 + i, changes);
    apply(changes);
  }
  // 2. Enter in the middle, 3. a --- line deleted (two documents become one), 4. a name retyped to one taken.
  const middle = at('  name: svc-150');
  const enter = [{ range: { start: { line: middle.line, character: lines[middle.line].length }, end: { line: middle.line, character: lines[middle.line].length } }, text: '\n' }];
  await client.edit(uri, 3, enter);
  apply(enter);
  const marker = lines.findIndex((l, i) => i > middle.line && l === '---');
  const join = [{ range: { start: { line: marker, character: 0 }, end: { line: marker + 1, character: 0 } }, text: '' }];
  await client.edit(uri, 4, join);
  apply(join);
  const name = at('name: svc-200');
  const rename = [{ range: { start: { line: name.line, character: name.character + 6 }, end: { line: name.line, character: name.character + 13 } }, text: 'svc-100' }];
  await client.edit(uri, 5, rename);
  apply(rename);
  const edited = await client.diagnosticsFor(uri, (p) => p.version === 5);

  // The same text opened fresh in a server of its own (whose workspace holds only this file).
  const other = new TestClient();
  await other.initialize();
  await other.open(uri, text);
  const expected = await other.diagnosticsFor(uri, (p) => p.version === 1);
  assert.equal(await other.stop(), 0);
  const shape = (p: typeof edited) => p.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);
  assert.deepEqual(shape(edited), shape(expected));
  // The edits did what they should: two protocol errors, and a second svc-100 (rule 59).
  assert.equal(expected.diagnostics.filter((d) => d.code === 'unsupported-value').length, 2);
  assert.ok(expected.diagnostics.some((d) => d.code === 'name-already-used'), shape(expected).join('\n'));
});
