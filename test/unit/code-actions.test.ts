import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageCore, type TextEdit } from '../../server/src/core/index';

const core = createLanguageCore();

function apply(text: string, edits: TextEdit[]): string {
  const file = core.parse(text);
  const sorted = [...edits].sort((a, b) => file.lines.offsetAt(b.range.start) - file.lines.offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, file.lines.offsetAt(edit.range.start)) + edit.newText + out.slice(file.lines.offsetAt(edit.range.end));
  return out;
}

/** Applies the fix for the only problem with `code`, and returns the new text. */
function fixOne(text: string, code: string): string {
  const file = core.parse(text);
  const problems = core.validate(file).filter((p) => p.code === code);
  assert.equal(problems.length, 1, `one ${code} in ${text}`);
  const fixes = core.quickFixes(file, problems);
  assert.equal(fixes.length, 1);
  return apply(text, fixes[0].edits);
}

const svc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n${spec}`;

test('quick fix: unknown field -> the did-you-mean field, touching nothing else', () => {
  const text = svc('  ports:\n  - port: 80\n    targetport: 8080 # keep me\n');
  assert.equal(fixOne(text, 'unknown-field'), svc('  ports:\n  - port: 80\n    targetPort: 8080 # keep me\n'));
});

test('quick fix: enum case tcp -> TCP and ClusterIp -> ClusterIP, then clean', () => {
  const fixed = fixOne(svc('  type: ClusterIp\n  ports:\n  - port: 80\n'), 'unsupported-value');
  assert.equal(fixed, svc('  type: ClusterIP\n  ports:\n  - port: 80\n'));
  assert.deepEqual(core.validate(core.parse(fixed)), []);
  assert.equal(fixOne(svc('  ports:\n  - port: 80\n    protocol: "tcp"\n'), 'unsupported-value'), svc('  ports:\n  - port: 80\n    protocol: TCP\n'));
});

test('quick fix: a quoted port number is unquoted', () => {
  assert.equal(fixOne(svc('  ports:\n  - port: "80"\n'), 'type-mismatch'), svc('  ports:\n  - port: 80\n'));
});

test('quick fix: apiVersion for a Service -> v1, and a missing apiVersion is added', () => {
  assert.equal(fixOne('apiVersion: apps/v1\nkind: Service\n', 'api-version'), 'apiVersion: v1\nkind: Service\n');
  assert.equal(fixOne('# svc\nkind: Service\nmetadata:\n  name: a\n', 'api-version'), '# svc\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n');
  // Added as the first key at the document's own indentation, so the YAML stays valid.
  const indented = fixOne('  metadata:\n    name: a\n  kind: Service\n', 'api-version');
  assert.equal(indented, '  apiVersion: v1\n  metadata:\n    name: a\n  kind: Service\n');
  assert.deepEqual(core.validate(core.parse(indented)).map((p) => p.code), ['ports-required'], 'no YAML or apiVersion error left');
  // A flow mapping gets no edit rather than a broken one.
  const flow = core.parse('{kind: Service, metadata: {name: a}, spec: {ports: [{port: 80}]}}\n');
  assert.deepEqual(core.quickFixes(flow, core.validate(flow).filter((p) => p.code === 'api-version')), []);
});

test('quick fix: kind: service -> Service', () => {
  assert.equal(fixOne('apiVersion: v1\nkind: service\n', 'unknown-kind'), 'apiVersion: v1\nkind: Service\n');
});

test('quick fix: every fix of the mistakes example, applied together, leaves the file clean', () => {
  const text = svc('  type: ClusterIp\n  ports:\n  - port: "80"\n    targetport: 8080\n    protocol: tcp\n');
  const file = core.parse(text);
  const fixes = core.quickFixes(file, core.validate(file));
  assert.equal(fixes.length, 4);
  const fixed = apply(text, fixes.flatMap((f) => f.edits));
  assert.deepEqual(core.validate(core.parse(fixed)), []);
});

test('quick fix: no fix is offered for a problem without a safe suggestion', () => {
  const file = core.parse(svc('  ports:\n  - targetPort: 80\n'));
  assert.deepEqual(core.quickFixes(file, core.validate(file)), []);
});

/** Every golden case: each quick fix, applied alone, removes its problem and adds no new error. */
test('quick fix: over every golden fidelity case, each fix clears its problem and breaks nothing else', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const dir = path.join(__dirname, '..', '..', '..', 'test', 'fidelity', 'cases');
  let applied = 0;
  const failures: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const file = core.parse(text);
    const before = core.validate(file);
    for (const fix of core.quickFixes(file, before)) {
      const fixed = apply(text, fix.edits);
      const after = core.validate(core.parse(fixed));
      applied++;
      const key = (p: { code: string; path: string }) => `${p.code}@${p.path}`;
      if (after.some((p) => key(p) === key(fix.problem))) failures.push(`${name}: "${fix.title}" left ${key(fix.problem)}`);
      const errorsBefore = new Set(before.filter((p) => p.severity === 'error').map(key));
      const newErrors = after.filter((p) => p.severity === 'error' && !errorsBefore.has(key(p)) && p.code !== 'yaml-syntax');
      if (after.some((p) => p.code === 'yaml-syntax') && !before.some((p) => p.code === 'yaml-syntax')) failures.push(`${name}: "${fix.title}" broke the YAML`);
      if (newErrors.length > 0) failures.push(`${name}: "${fix.title}" added ${newErrors.map(key).join(', ')}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(applied >= 60, `${applied} fixes were tried`);
});

test('quick fix: nodePort on a ClusterIP Service is removed, or the type becomes NodePort', () => {
  const text = svc('  ports:\n  - port: 80\n    nodePort: 30080\n    name: web\n');
  const file = core.parse(text);
  const fixes = core.quickFixes(file, core.validate(file).filter((p) => p.code === 'node-port-on-cluster-ip'));
  assert.deepEqual(fixes.map((f) => f.title), ['Remove `nodePort`', 'Set `type: NodePort`']);
  assert.equal(apply(text, fixes[0].edits), svc('  ports:\n  - port: 80\n    name: web\n'));
  assert.equal(apply(text, fixes[1].edits), svc('  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30080\n    name: web\n'));
  const first = svc('  ports:\n  - nodePort: 30080\n    port: 80\n');
  const [remove] = core.quickFixes(core.parse(first), core.validate(core.parse(first)).filter((p) => p.code === 'node-port-on-cluster-ip'));
  assert.equal(apply(first, remove.edits), svc('  ports:\n  - port: 80\n'));
});

test('quick fix: missing port names are added, derived and unique', () => {
  const text = svc('  ports:\n  - port: 80\n  - port: 443\n');
  const file = core.parse(text);
  const fixes = core.quickFixes(file, core.validate(file));
  const fixed = apply(text, fixes.flatMap((f) => f.edits));
  assert.deepEqual(core.validate(core.parse(fixed)), []);
  assert.match(fixed, /- name: \S+\n {4}port: 80\n {2}- name: \S+\n {4}port: 443/);
});

test('quick fix: an invalid metadata.name becomes a DNS-1035 label, a bad named targetPort an IANA name', () => {
  assert.equal(fixOne(svc('  ports:\n  - port: 80\n').replace('name: web', 'name: My_Web.App'), 'name-invalid'), svc('  ports:\n  - port: 80\n').replace('name: web', 'name: my-web-app'));
  const bad = fixOne(svc('  ports:\n  - port: 80\n    targetPort: web_port\n'), 'target-port-name-invalid');
  assert.deepEqual(core.validate(core.parse(bad)).filter((p) => p.severity === 'error'), []);
});

test('quick fix: sessionAffinityConfig without ClientIP: set sessionAffinity: ClientIP, or remove the config', () => {
  const text = svc('  ports:\n  - port: 80\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 60\n');
  const file = core.parse(text);
  const fixes = core.quickFixes(file, core.validate(file).filter((p) => p.code === 'session-affinity-config-ignored'));
  assert.deepEqual(fixes.map((f) => f.title), ['Set `sessionAffinity: ClientIP`', 'Remove `sessionAffinityConfig`']);
  assert.equal(apply(text, fixes[0].edits), svc('  sessionAffinity: ClientIP\n  ports:\n  - port: 80\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 60\n'));
  assert.equal(apply(text, fixes[1].edits), svc('  ports:\n  - port: 80\n'));
  for (const fix of fixes) assert.deepEqual(core.validate(core.parse(apply(text, fix.edits))), []);
});

test('quick fix: clusterIP none -> None', () => {
  assert.equal(fixOne(svc('  clusterIP: none\n  ports:\n  - port: 80\n'), 'cluster-ip-invalid'), svc('  clusterIP: None\n  ports:\n  - port: 80\n'));
});
