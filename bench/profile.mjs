#!/usr/bin/env node
/**
 * Where the time of opening a large file goes: starts `dist/server.js` under V8's CPU profiler,
 * opens the benchmark's generated file (N Services + Deployments, as in `npm run bench`), waits
 * for its diagnostics, optionally applies one-character edits, stops the server, and prints the
 * profile's self time by source module (the bundle's `// path` sections) and by function.
 *
 *   node bench/profile.mjs [--size 1000] [--edits 0] [--enter] [--top 25] [--keep DIR]
 *
 * With --edits, only the samples after the open's diagnostics are counted (the edits' profile).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LspClient } from './lib/lsp-client.mjs';
import { initializeParams, ourServer, repoRoot } from './lib/servers.mjs';
import { generateWorkload } from './lib/workload.mjs';

const { values: args } = parseArgs({
  options: { size: { type: 'string', default: '1000' }, edits: { type: 'string', default: '0' }, enter: { type: 'boolean', default: false }, top: { type: 'string', default: '25' }, keep: { type: 'string' } },
});
const n = Number(args.size);
const edits = Number(args.edits);
const top = Number(args.top);
const bundle = path.join(repoRoot, 'dist', 'server-main.js');

const work = mkdtempSync(path.join(os.tmpdir(), 'k8s-service-yaml-profile-'));
const profileDir = args.keep ? path.resolve(args.keep) : path.join(work, 'profile');
mkdirSync(profileDir, { recursive: true });
const workload = generateWorkload(n);
const file = path.join(work, `services-${n}.yaml`);
writeFileSync(file, workload.text);
const uri = pathToFileURL(file).href;

const profile = ourServer(path.join(repoRoot, 'dist', 'server.js'));
const client = new LspClient({ args: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...profile.args], configuration: profile.configuration, content: profile.content });
await client.initialize(initializeParams(pathToFileURL(work).href), 60_000);
await client.initialized();
let from = client.diagnostics.length;
const opened = performance.now();
await client.open(uri, workload.text, 1);
const first = await client.diagnosticsAfter(uri, from, 1, 120_000);
// The end of the open on the monotonic clock V8's profile timestamps use (microseconds).
const openEndUs = Number(process.hrtime.bigint() / 1000n);
console.log(`N=${n}: ${workload.documents} documents, ${(workload.bytes / 1024).toFixed(0)} KiB; open → diagnostics ${(first.at - opened).toFixed(0)} ms (under the profiler)`);
for (let version = 2; version < 2 + edits; version++) {
  const { line, character } = workload.edit;
  const enterAt = workload.enter;
  const changes = args.enter
    ? version % 2 === 0
      ? [{ range: { start: enterAt, end: enterAt }, text: '\n' }]
      : [{ range: { start: enterAt, end: { line: enterAt.line + 1, character: 0 } }, text: '' }]
    : [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: version % 2 === 0 ? workload.edit.to : workload.edit.from }];
  from = client.diagnostics.length;
  await client.change(uri, version, changes);
  await client.diagnosticsAfter(uri, from, version, 60_000);
}
await client.stop();

// This server's profile (the file name carries its pid; a kept directory may hold older ones).
const [profileFile] = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${client.pid}.`));
if (!profileFile) throw new Error(`no profile of process ${client.pid} in ${profileDir}`);
const cpu = JSON.parse(readFileSync(path.join(profileDir, profileFile), 'utf8'));

// The bundle's sections: esbuild starts each source module with a `// path` comment line.
const sections = [];
readFileSync(bundle, 'utf8')
  .split('\n')
  .forEach((text, line) => {
    const m = /^\/\/ (\S+\.(?:js|ts|mjs|json))$/.exec(text);
    if (m) sections.push([line, m[1]]);
  });
const sectionOf = (line) => {
  let low = 0;
  let high = sections.length - 1;
  let found = '(bundle runtime)';
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sections[mid][0] <= line) {
      found = sections[mid][1];
      low = mid + 1;
    } else high = mid - 1;
  }
  return found.replace(/^node_modules\/yaml\/browser\/dist\/.*/, 'yaml (the YAML library)');
};
const nodes = new Map(cpu.nodes.map((node) => [node.id, node]));
const bySection = new Map();
const byFunction = new Map();
let total = 0;
let clock = cpu.startTime;
// Edits' profile: only what came after the open's diagnostics.
const fromUs = edits > 0 ? openEndUs : 0;
cpu.samples.forEach((id, i) => {
  const delta = cpu.timeDeltas[i] ?? 0;
  clock += delta;
  if (clock < fromUs) return;
  const frame = nodes.get(id).callFrame;
  if (frame.functionName === '(idle)') return;
  const inBundle = frame.url.endsWith('server-main.js');
  const section = inBundle ? sectionOf(frame.lineNumber) : frame.url ? `node: ${path.basename(frame.url)}` : frame.functionName;
  const fn = `${frame.functionName || '(anonymous)'} (${section})`;
  bySection.set(section, (bySection.get(section) ?? 0) + delta);
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
  total += delta;
});
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
};
console.log(`profiled (busy) ${(total / 1000).toFixed(0)} ms${edits > 0 ? ` over ${edits} edits` : ''}`);
print('self time by module', bySection);
print('self time by function', byFunction);
if (args.keep) console.log(`\nprofile kept in ${path.join(profileDir, profileFile)}`);
rmSync(work, { recursive: true, force: true });
