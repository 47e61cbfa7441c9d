import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCompletion, completionsAt, labels } from './helpers';

test('completion: root keys of an empty document', () => {
  assert.deepEqual(labels('|').sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
});

test('completion: root keys never offer a key already present (status is hidden)', () => {
  assert.deepEqual(labels('apiVersion: v1\nkind: Service\n|\nspec:\n  type: ClusterIP\n').sort(), ['metadata']);
});

test('completion: half-typed spec key "  ty" offers spec fields and replaces the word', () => {
  const items = completionsAt('kind: Service\nspec:\n  ty|');
  const type = items.find((i) => i.label === 'type');
  assert.ok(type, 'type is offered');
  assert.deepEqual(type.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 4 } });
  assert.ok(items.some((i) => i.label === 'selector'));
  assert.ok(!items.some((i) => i.label === 'name'), 'metadata fields are not spec fields');
});

test('completion: spec keys skip those already present, above and below', () => {
  const got = labels('kind: Service\nspec:\n  type: ClusterIP\n  |\n  selector:\n    app: x\n');
  assert.ok(!got.includes('type') && !got.includes('selector'));
  assert.ok(got.includes('ports') && got.includes('clusterIP'));
});

test('completion: value of "  type: " lists the four Service types, ClusterIP (the default) first', () => {
  const items = completionsAt('kind: Service\nspec:\n  type: |');
  assert.deepEqual(items.map((i) => i.label).sort(), ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.equal(sorted[0].label, 'ClusterIP');
});

test('completion: a half-typed value replaces up to the end of the value, not the comment', () => {
  const item = completionsAt('kind: Service\nspec:\n  type: Cl|uster # note').find((i) => i.label === 'ClusterIP');
  assert.deepEqual(item?.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 15 } });
});

test('completion: apiVersion and kind values', () => {
  assert.deepEqual(labels('apiVersion: |'), ['v1']);
  assert.deepEqual(labels('apiVersion: v1\nkind: |'), ['Service']);
});

test('completion: clusterIP offers None for a headless Service', () => {
  assert.deepEqual(labels('kind: Service\nspec:\n  clusterIP: |'), ['None']);
});

test('completion: enums at every depth', () => {
  assert.deepEqual(labels('kind: Service\nspec:\n  ports:\n  - port: 80\n    protocol: |').sort(), ['SCTP', 'TCP', 'UDP']);
  assert.deepEqual(labels('kind: Service\nspec:\n  sessionAffinity: |').sort(), ['ClientIP', 'None']);
  assert.deepEqual(labels('kind: Service\nspec:\n  ipFamilyPolicy: |').sort(), ['PreferDualStack', 'RequireDualStack', 'SingleStack']);
  assert.deepEqual(labels('kind: Service\nspec:\n  internalTrafficPolicy: |').sort(), ['Cluster', 'Local']);
  assert.deepEqual(labels('kind: Service\nspec:\n  externalTrafficPolicy: |').sort(), ['Cluster', 'Local']);
  assert.deepEqual(labels('kind: Service\nspec:\n  ipFamilies:\n  - |').sort(), ['IPv4', 'IPv6']);
  assert.deepEqual(labels('kind: Service\nspec:\n  ipFamilies:\n    - IPv4\n    - |').sort(), ['IPv4', 'IPv6']);
});

test('completion: keys of a new list item "- " in ports (compact and indented lists)', () => {
  const compact = labels('kind: Service\nspec:\n  ports:\n  - |');
  assert.deepEqual(compact.sort(), ['appProtocol', 'name', 'nodePort', 'port', 'protocol', 'targetPort']);
  const indented = labels('kind: Service\nspec:\n  ports:\n    - port: 80\n    - |');
  assert.ok(indented.includes('port'), 'a new item may repeat keys of the previous item');
});

test('completion: keys inside a list item skip the item\'s own keys only', () => {
  const got = labels('kind: Service\nspec:\n  ports:\n  - port: 80\n    |\n  - name: b\n    port: 81\n');
  assert.ok(!got.includes('port'));
  assert.ok(got.includes('name') && got.includes('targetPort'));
});

test('completion: deep path spec.sessionAffinityConfig.clientIP.timeoutSeconds', () => {
  assert.deepEqual(labels('kind: Service\nspec:\n  sessionAffinityConfig:\n    clientIP:\n      |'), ['timeoutSeconds']);
  assert.deepEqual(labels('kind: Service\nspec:\n  sessionAffinityConfig:\n    |'), ['clientIP']);
});

test('completion: metadata keys, without system-set fields', () => {
  const got = labels('kind: Service\nmetadata:\n  |');
  assert.ok(got.includes('name') && got.includes('labels') && got.includes('namespace'));
  assert.ok(!got.includes('uid') && !got.includes('resourceVersion') && !got.includes('managedFields'));
});

test('completion: inserting ports inserts the list structure with the required port key', () => {
  assert.equal(applyCompletion('kind: Service\nspec:\n  po|', 'ports'), 'kind: Service\nspec:\n  ports:\n    - port: ');
  // The document writes lists at the key's indentation: follow it.
  const compact = 'kind: Service\nmetadata:\n  finalizers:\n  - x\nspec:\n  po|';
  assert.equal(applyCompletion(compact, 'ports'), 'kind: Service\nmetadata:\n  finalizers:\n  - x\nspec:\n  ports:\n  - port: ');
});

test('completion: inserting an object key opens its block; a scalar enum key retriggers suggest', () => {
  assert.equal(applyCompletion('kind: Service\n|', 'spec'), 'kind: Service\nspec:\n  ');
  const type = completionsAt('kind: Service\nspec:\n  |').find((i) => i.label === 'type');
  assert.equal(type?.insertText, 'type: ');
  assert.equal(type?.retrigger, true);
});

test('completion: renaming a key that already has a value inserts only the name', () => {
  const item = completionsAt('kind: Service\nspec:\n  ty|pe: ClusterIP').find((i) => i.label === 'type');
  assert.equal(item?.insertText, 'type');
  assert.deepEqual(item?.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } });
});

test('completion: end of file after a complete document', () => {
  const got = labels('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n|');
  assert.deepEqual(got, ['spec']);
});

test('completion: CRLF files', () => {
  const got = labels('apiVersion: v1\r\nkind: Service\r\nspec:\r\n  type: |\r\n');
  assert.ok(got.includes('ClusterIP'));
  const keys = completionsAt('apiVersion: v1\r\nkind: Service\r\nspec:\r\n  ty|\r\n  ports: []\r\n');
  assert.ok(keys.some((k) => k.label === 'type') && !keys.some((k) => k.label === 'ports'));
});

test('completion: several --- documents each use their own keys and kind', () => {
  const text = 'apiVersion: v1\nkind: Service\nspec:\n  type: ClusterIP\n---\napiVersion: v1\nkind: Service\nspec:\n  |\n';
  assert.ok(labels(text).includes('type'), 'type of the first document does not hide it in the second');
  assert.deepEqual(labels('apiVersion: v1\nkind: Service\n---\n|').sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
  assert.deepEqual(labels('apiVersion: apps/v1\nkind: Deployment\nspec:\n  |'), [], 'other kinds get no Service completions');
});

test('completion: a comment line or a value with spaces offers nothing', () => {
  assert.deepEqual(labels('kind: Service\n# a comm|'), []);
  assert.deepEqual(labels('kind: Service\nmetadata:\n  annotations:\n    note: some te|'), []);
});
