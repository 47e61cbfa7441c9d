// Smoke test for the benchmark: a quick run of our server alone must produce a figure for
// every measurement. It asserts that numbers exist, never what they are (no timing assertions).
// It also checks the generated Kubernetes schema for yaml-language-server on the files alone: the
// yannh "standalone-strict" layout and strictness of the schema its users download.
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
  for (const loop of ['edit', 'editEnter', 'completionKey', 'completionValue', 'hoverKey', 'hoverValue']) {
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

test('the generated Kubernetes schema has the yannh "standalone-strict" layout and is reused', async (t) => {
  const { ensureKubernetesSchema } = await import('./lib/schema.mjs');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-k8s-schema-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const generated = ensureKubernetesSchema(dir);
  assert.ok(generated.generatedMs !== undefined, 'an empty directory is generated into');
  assert.equal(ensureKubernetesSchema(dir).generatedMs, undefined, 'a current pair is reused');

  const all = JSON.parse(readFileSync(path.join(dir, 'all.json'), 'utf8'));
  const { definitions } = JSON.parse(readFileSync(path.join(dir, '_definitions.json'), 'utf8'));
  // A real v1.3x schema has some 700 definitions and 180 kinds; the package has most of the GA
  // ones, and the pre-release versions a release no longer serves are left out.
  assert.ok(generated.definitions > 450 && generated.kinds > 100, `${generated.definitions} definitions, ${generated.kinds} kinds`);
  assert.equal(definitions['io.k8s.api.extensions.v1beta1.Deployment'], undefined, 'extensions/v1beta1 is not served any more');
  assert.equal(definitions['io.k8s.api.apps.v1beta2.Deployment'], undefined, 'apps/v1beta2 is not served any more');
  assert.deepEqual(all.oneOf.map((branch) => branch.$ref), Object.keys(definitions).map((name) => `_definitions.json#/definitions/${name}`));
  for (const [, name] of JSON.stringify(definitions).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) assert.ok(definitions[name], `${name} is defined`);

  const service = definitions['io.k8s.api.core.v1.Service'];
  assert.equal(service.additionalProperties, false);
  assert.deepEqual([service.properties.apiVersion.enum, service.properties.kind.enum], [['v1'], ['Service']]);
  assert.deepEqual(service['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'Service' }]);
  const port = definitions['io.k8s.api.core.v1.ServicePort'];
  assert.equal(port.additionalProperties, false);
  assert.deepEqual(port.properties.protocol.enum, ['SCTP', 'TCP', 'UDP']);
  assert.deepEqual(port.properties.targetPort.oneOf, [{ type: 'string' }, { type: 'integer' }]);
  assert.deepEqual(definitions['io.k8s.api.apps.v1.Deployment'].properties.apiVersion.enum, ['apps/v1']);
});
