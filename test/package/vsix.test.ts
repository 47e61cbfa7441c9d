import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

test('package: the .vsix holds the bundles, snippets, grammar and translations, and no sources', () => {
  const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const files = listed.stdout.trim().split('\n').sort();
  for (const expected of ['dist/extension.js', 'dist/server.js', 'dist/server-main.js', 'dist/cli.js', 'snippets/service.json', 'package.json', 'package.nls.ko.json', 'l10n/bundle.l10n.ko.json', 'README.md']) {
    assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
  }
  assert.ok(files.some((f) => f.startsWith('syntaxes/')));
  assert.ok(!files.some((f) => f.endsWith('.ts') || f.endsWith('.map') || f.startsWith('test/') || f.startsWith('node_modules/')), files.join(', '));
});

test('package: vsce package writes an installable .vsix', () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'k8s-vsix-')), 'k8s-service-yaml.vsix');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', out], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.ok(statSync(out).size > 10_000);
});
