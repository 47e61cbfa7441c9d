/**
 * Which files the workspace index reads: the scan and the file watcher's events skip the same
 * ones (node_modules, .git, files.exclude), so an `npm install` does not fill the index.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { excludePatterns, isWorkspaceYaml, yamlFiles } from '../../server/src/workspace-files';

const folder = mkdtempSync(path.join(tmpdir(), 'k8s-ws-files-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const files = ['a.yaml', 'sub/[x] b.yml', 'node_modules/pkg/c.yaml', '.git/d.yaml', 'build/e.yaml'];
for (const file of files) {
  mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
  writeFileSync(path.join(folder, file), 'kind: Deployment\n');
}
const ignore = excludePatterns({ build: true, 'off/': false });

test('workspace files: the scan reads the folder but node_modules, .git and files.exclude', async () => {
  const found = (await yamlFiles(folder, ignore)).map((f) => path.relative(folder, f).split(path.sep).join('/')).sort();
  assert.deepEqual(found, ['a.yaml', 'sub/[x] b.yml']);
});

test('workspace files: a file event is taken only for a file the scan would read', async () => {
  const verdicts = await Promise.all(files.map(async (file) => [file, await isWorkspaceYaml([folder], path.join(folder, file), ignore)]));
  assert.deepEqual(verdicts, [
    ['a.yaml', true],
    ['sub/[x] b.yml', true],
    ['node_modules/pkg/c.yaml', false],
    ['.git/d.yaml', false],
    ['build/e.yaml', false],
  ]);
  assert.equal(await isWorkspaceYaml([folder], path.join(tmpdir(), 'elsewhere.yaml'), ignore), false, 'outside every folder');
});
