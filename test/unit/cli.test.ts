import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const fixtures = path.join('test', 'fixtures', 'cli');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('cli: a clean Service exits 0 with no output', () => {
  const { code, stdout } = run(path.join(fixtures, 'clean.yaml'));
  assert.equal(code, 0);
  assert.equal(stdout, '');
});

test('cli: errors print file:line:col severity code message and exit 1', () => {
  const { code, stdout } = run(path.join(fixtures, 'nested', 'mistakes.yaml'));
  assert.equal(code, 1);
  const lines = stdout.trim().split('\n');
  assert.ok(lines.some((l) => /^test\/fixtures\/cli\/nested\/mistakes\.yaml:7:9 error unsupported-value /.test(l)), stdout);
  assert.ok(lines.some((l) => / error unknown-field .*targetPort/.test(l)), stdout);
});

test('cli: --format json gives one-based positions and API server field paths', () => {
  const { code, stdout } = run('--format', 'json', path.join(fixtures, 'nested', 'mistakes.yaml'));
  assert.equal(code, 1);
  const findings = JSON.parse(stdout) as { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; path: string }[];
  const port = findings.find((f) => f.code === 'type-mismatch');
  assert.deepEqual(port && { line: port.line, column: port.column, endColumn: port.endColumn, path: port.path }, { line: 9, column: 11, endColumn: 15, path: 'spec.ports[0].port' });
  for (const f of findings) {
    for (const key of ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'path', 'severity', 'stage']) assert.ok(key in f, key);
  }
  // The quoted port is a decode error: the server answers with it alone (a type error also
  // hides the unknown field) and never gets to the enum values.
  assert.deepEqual(findings.filter((f) => (f as { reportedFirst?: boolean }).reportedFirst).map((f) => f.code), ['type-mismatch']);
});

test('cli: --format sarif is SARIF 2.1.0 with rule ids and regions', () => {
  const { code, stdout } = run('--format=sarif', path.join(fixtures, 'nested', 'mistakes.yaml'));
  assert.equal(code, 1);
  const log = JSON.parse(stdout);
  assert.equal(log.version, '2.1.0');
  const results = log.runs[0].results;
  assert.ok(results.length >= 4);
  const ids = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
  for (const r of results) {
    assert.equal(ids[r.ruleIndex], r.ruleId);
    assert.ok(r.locations[0].physicalLocation.region.startLine >= 1);
  }
});

test('cli: directories are searched for .yaml/.yml files, non-manifests stay silent', () => {
  const { code, stdout } = run('--format', 'json', fixtures);
  assert.equal(code, 1);
  const files = [...new Set((JSON.parse(stdout) as { file: string }[]).map((f) => f.file))];
  assert.deepEqual(files, [path.join(fixtures, 'nested', 'mistakes.yaml')]);
});

test('cli: glob patterns are expanded', () => {
  const { code, stdout } = run('--format', 'json', 'test/fixtures/cli/**/*.yaml');
  assert.equal(code, 1);
  assert.ok((JSON.parse(stdout) as unknown[]).length > 0);
});

test('cli: unreadable input exits 2 with a clear message', () => {
  const { code, stderr } = run(path.join(fixtures, 'does-not-exist.yaml'));
  assert.equal(code, 2);
  assert.match(stderr, /cannot read .*does-not-exist\.yaml/);
});

test('cli: bad arguments exit 2 with usage', () => {
  const { code, stderr } = run('--format', 'xml', 'x.yaml');
  assert.equal(code, 2);
  assert.match(stderr, /--format must be text, json or sarif/);
  assert.equal(run().code, 2);
});

test('cli: --locale ko prints Korean messages', () => {
  const { stdout } = run('--locale', 'ko', path.join(fixtures, 'nested', 'mistakes.yaml'));
  assert.match(stdout, /[가-힣]/);
});

test('cli: stdin with -', () => {
  const result = spawnSync(process.execPath, [cli, '-'], { input: 'apiVersion: v1\nkind: Service\nspec:\n  type: Nodeport\n', encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^<stdin>:4:9 error unsupported-value/);
});
