/**
 * dist/server.js, the loader (server/src/start.ts): it runs the bundle with a V8 code cache that
 * it keeps next to the bundle, private to its owner, and it starts whatever state that cache is in.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { serverPath, TestClient } from './lsp-client';

// A copy of the two files in a directory of their own, inside dist/ so that the bundle's few
// runtime requires still resolve from node_modules.
const dir = path.join(path.dirname(serverPath), `.loader-test-${process.pid}`);
mkdirSync(dir, { recursive: true });
for (const file of ['server.js', 'server-main.js']) copyFileSync(path.join(path.dirname(serverPath), file), path.join(dir, file));
after(() => rmSync(dir, { recursive: true, force: true }));

const caches = () => readdirSync(dir).filter((name) => name.endsWith('.v8-cache'));

async function startAndStop(): Promise<void> {
  const client = new TestClient(path.join(dir, 'server.js'));
  const result = await client.initialize();
  assert.equal(result.serverInfo?.name, 'k8s-service-yaml');
  assert.equal(await client.stop(), 0, client.stderr);
}

test('loader: the first start writes a code cache next to the bundle, readable by its owner only', async () => {
  assert.deepEqual(caches(), []);
  await startAndStop();
  const [cache] = caches();
  assert.ok(cache, readdirSync(dir).join(', '));
  assert.ok(cache.startsWith('server-main.'), cache);
  if (process.platform !== 'win32') assert.equal(statSync(path.join(dir, cache)).mode & 0o777, 0o600);
});

/** Runs on its own too: a first start when no cache is there yet. */
async function withCache(): Promise<string> {
  if (caches().length === 0) await startAndStop();
  return caches()[0];
}

test('loader: the next start uses the cache and leaves it as it is', async () => {
  const cache = await withCache();
  const before = statSync(path.join(dir, cache)).mtimeMs;
  await startAndStop();
  assert.deepEqual(caches(), [cache]);
  assert.equal(statSync(path.join(dir, cache)).mtimeMs, before, 'an accepted cache is not written again');
});

test('loader: a damaged cache is rejected by V8, the server starts anyway and writes a good one', async () => {
  const cache = await withCache();
  writeFileSync(path.join(dir, cache), 'not a V8 code cache');
  await startAndStop();
  assert.ok(statSync(path.join(dir, cache)).size > 1000, 'a new cache was written');
  await startAndStop();
});
