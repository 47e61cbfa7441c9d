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
