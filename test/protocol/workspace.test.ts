/**
 * Cross-file features through the protocol: the server indexes a fixture workspace and answers
 * for Services with what the workloads in other files carry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest, CompletionRequest, DefinitionRequest, HoverRequest, ReferencesRequest, type CompletionItem, type Location, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lsp-client';

const folder = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace');
const uriOf = (name: string) => pathToFileURL(path.join(folder, name)).toString();
const textOf = (name: string) => readFileSync(path.join(folder, name), 'utf8');
const at = (text: string, needle: string, shift = 0, last = false) => {
  const before = text.slice(0, (last ? text.lastIndexOf(needle) : text.indexOf(needle)) + shift).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize('en', false, pathToFileURL(folder).toString());
  await client.logged(/indexed \d+ YAML files/);
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

test('workspace: a near-miss selector is a warning naming what the pods carry', async () => {
  const uri = uriOf('api-service.yaml');
  await client.open(uri, textOf('api-service.yaml'));
  const published = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'selector-matches-nothing'));
  const warning = published.diagnostics.find((d) => d.code === 'selector-matches-nothing')!;
  assert.match(typeof warning.message === 'string' ? warning.message : warning.message.value, /back-end/);
  assert.equal((warning.data as { path: string }).path, 'spec.selector');
});

test('workspace: editing the Deployment labels in an unsaved buffer updates the Service diagnostics', async () => {
  const service = uriOf('api-service.yaml');
  const deployment = uriOf('api.yaml');
  await client.open(deployment, textOf('api.yaml'));
  client.forget(service);
  await client.replace(deployment, textOf('api.yaml').replace('tier: back-end', 'tier: backend'), 2);
  await client.diagnosticsFor(service, (p) => !p.diagnostics.some((d) => d.code === 'selector-matches-nothing'));
  client.forget(service);
  await client.replace(deployment, textOf('api.yaml'), 3);
  await client.diagnosticsFor(service, (p) => p.diagnostics.some((d) => d.code === 'selector-matches-nothing'));
});

test('workspace: selector completion offers the label values pod templates carry', async () => {
  const uri = 'untitled:selector.yaml';
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    tier: \n  ports:\n  - port: 80\n';
  await client.open(uri, text);
  const items = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 6, character: 10 } })) as CompletionItem[];
  assert.ok(items.some((i) => i.label === 'back-end'), JSON.stringify(items.map((i) => i.label)));
});

test('workspace: hover on selector lists the matched workloads; definition and references cross files', async () => {
  const uri = uriOf('web.yaml');
  const text = textOf('web.yaml');
  await client.open(uri, text);
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(text, 'selector:', 2, true) });
  assert.match((hover?.contents as MarkupContent).value, /deployment\/web/i);
  // From the Service's `app: web` to the Deployment's pod template label.
  const definitions = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: at(text, '    app: web', 6, true) })) as Location[];
  assert.deepEqual(definitions.map((d) => [d.uri, d.range.start.line]), [[uri, 13]]);
  // From the container port named http back to the Service whose targetPort is http.
  const references = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: at(text, '- name: http', 9), context: { includeDeclaration: false } })) as Location[];
  assert.ok(references.some((r) => r.uri === uri && r.range.start.line === 36), JSON.stringify(references));
});

test('workspace: a code lens over selector says how many workloads it selects', async () => {
  const uri = uriOf('web.yaml');
  const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  assert.ok(lenses?.some((l) => /selects/.test(l.command?.title ?? '')), JSON.stringify(lenses?.map((l) => l.command?.title)));
});
