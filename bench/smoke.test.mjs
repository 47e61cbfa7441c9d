// Smoke test for the benchmark: a quick run of our server alone must produce a figure for
// every measurement. It asserts that numbers exist, never what they are (no timing assertions).
//
// Run: node --test bench/   (needs dist/server.js: npm run build)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

test('npm run bench -- --quick --sizes 1 --no-yaml-ls reports every figure', (t) => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, [path.join(here, 'run.mjs'), '--quick', '--sizes', '1', '--no-yaml-ls', '--out', out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, `bench exited ${run.status}\n${run.stderr}`);

  const result = JSON.parse(readFileSync(path.join(out, 'latest.json'), 'utf8'));
  assert.deepEqual(result.sizes.map((s) => s.n), [1]);
  const ours = result.sizes[0].servers.ours;
  assert.ok(ours, 'our server was measured');
  assert.equal(ours.error, undefined, `session error: ${ours.error}`);
  assert.equal(result.sizes[0].servers.yamlLs, undefined, '--no-yaml-ls runs our server only');

  const isNumber = (value, what) => assert.ok(typeof value === 'number' && Number.isFinite(value) && value >= 0, `${what} is a number (got ${JSON.stringify(value)})`);
  isNumber(ours.initializeMs, 'start → initialize');
  isNumber(ours.startToFirstDiagnosticsMs, 'start → first diagnostics');
  isNumber(ours.openToDiagnosticsMs, 'open → diagnostics');
  isNumber(ours.diagnosticsOnOpen, 'diagnostics on open');
  assert.ok(ours.diagnosticsOnOpen >= 1, 'the one-Service file has a deliberate mistake, so diagnostics are not empty');
  for (const loop of ['edit', 'completionKey', 'completionValue', 'hoverKey', 'hoverValue']) {
    assert.ok(ours[loop]?.samples > 0, `${loop} has samples`);
    isNumber(ours[loop].median, `${loop} median`);
    isNumber(ours[loop].p95, `${loop} p95`);
  }
  isNumber(ours.peakRssBytes, 'peak RSS');
  assert.ok(ours.peakRssBytes > 0, 'peak RSS was read from /proc');
  isNumber(result.durationMs, 'run duration');
  assert.ok(result.targets.length > 0 && result.targets.every((row) => typeof row.target === 'string' && typeof row.measured === 'string'));

  const markdown = readFileSync(path.join(out, 'latest.md'), 'utf8');
  assert.match(markdown, /\| N \| Figure \| ours \|/);
});
