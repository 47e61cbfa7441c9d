#!/usr/bin/env node
/**
 * `npm run bench`: drives the bundled language server (dist/server.js) over stdio with generated
 * multi-document files of N Services (+ the Deployments they select), and yaml-language-server
 * (Kubernetes mode, schema answered locally) on the same files, then prints a Markdown table and
 * writes bench/results/latest.json and latest.md.
 *
 *   node bench/run.mjs [--sizes 1,10,100,1000,5000] [--no-yaml-ls] [--quick]
 *                      [--edits 20] [--queries 30] [--yaml-ls-timeout 30000] [--budget 20000]
 *                      [--out bench/results] [--server dist/server.js] [--yaml-ls <entry script>]
 *
 * Build first (`npm run build`): this measures dist/server.js as it is.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measureSession } from './lib/measure.mjs';
import { evaluateTargets, formatMs, renderMarkdown } from './lib/report.mjs';
import { ensureKubernetesSchema } from './lib/schema.mjs';
import { defaultOurServer, defaultYamlLs, ourServer, repoRoot, yamlLanguageServer, yamlLsVersion } from './lib/servers.mjs';
import { generateWorkload } from './lib/workload.mjs';

const benchDir = path.join(repoRoot, 'bench');

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string' },
    'no-yaml-ls': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    edits: { type: 'string' },
    queries: { type: 'string' },
    'yaml-ls-timeout': { type: 'string' },
    budget: { type: 'string' },
    'yaml-ls-budget': { type: 'string' },
    'k8s-schema-dir': { type: 'string' },
    out: { type: 'string' },
    server: { type: 'string' },
    'yaml-ls': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (args.help) {
  console.log(`Usage: node bench/run.mjs [options]
  --sizes 1,10,100      Service counts to run, in increasing order (default 1,10,100,1000,5000; --quick: 1,100)
  --no-yaml-ls          measure only our server
  --quick               fast smoke run: 5 edits, 10 queries per position, short budgets
  --edits N             one-character edits per size (default 20)
  --queries N           completion/hover requests per position (default 30)
  --yaml-ls-timeout MS  yaml-language-server per-step timeout (default 90000: with the whole API
                        schema it takes about 40 s to open the N=1,000 file here)
  --budget MS           time budget per measured loop of our server; a loop stops early once
                        it is spent (default 60000; --quick: 5000)
  --yaml-ls-budget MS   the same for yaml-language-server (default 20000; --quick: 5000)
  --k8s-schema-dir DIR  answer yaml-language-server's Kubernetes schema requests from DIR/all.json +
                        DIR/_definitions.json (the yannh "standalone-strict" layout) instead of the
                        pair generated from kubernetes-models; for reference runs only
  --out DIR             where latest.json / latest.md go (default bench/results)
  --server PATH         our server script (default dist/server.js)
  --yaml-ls PATH        yaml-language-server entry script (default node_modules/yaml-language-server/bin/yaml-language-server)`);
  process.exit(0);
}

const int = (value, fallback) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${value}`);
  return n;
};

const quick = args.quick;
const options = {
  sizes: (args.sizes ?? (quick ? '1,100' : '1,10,100,1000,5000'))
    .split(',')
    .map((s) => int(s.trim().replace(/_/g, '')))
    .filter((n) => n > 0)
    .sort((a, b) => a - b),
  yamlLs: !args['no-yaml-ls'],
  quick,
  edits: int(args.edits, quick ? 5 : 20),
  queries: int(args.queries, quick ? 10 : 30),
  warmup: quick ? 1 : 3,
  yamlLsTimeoutMs: int(args['yaml-ls-timeout'], quick ? 30_000 : 90_000),
  oursTimeoutMs: 120_000,
  oursLoopBudgetMs: int(args.budget, quick ? 5_000 : 60_000),
  yamlLsLoopBudgetMs: int(args['yaml-ls-budget'], quick ? 5_000 : 20_000),
  /** A server whose open → diagnostics took longer than this gets no edit loop at that size. */
  skipEditsAboveMs: 10_000,
};
const outDir = path.resolve(args.out ?? path.join(benchDir, 'results'));
const serverPath = path.resolve(args.server ?? defaultOurServer);
const yamlLsEntry = path.resolve(args['yaml-ls'] ?? defaultYamlLs);
const schemaDir = args['k8s-schema-dir'] ? path.resolve(args['k8s-schema-dir']) : undefined;

if (!existsSync(serverPath)) {
  console.error(`bench: ${path.relative(process.cwd(), serverPath)} not found; run \`npm run build\` first.`);
  process.exit(2);
}
if (schemaDir && !['all.json', '_definitions.json'].every((f) => existsSync(path.join(schemaDir, f)))) {
  console.error(`bench: --k8s-schema-dir ${schemaDir} needs all.json and _definitions.json.`);
  process.exit(2);
}
if (options.yamlLs && !existsSync(yamlLsEntry)) {
  console.error(`bench: yaml-language-server not found at ${yamlLsEntry}; run \`npm install\` or pass --no-yaml-ls.`);
  process.exit(2);
}

function git(...gitArgs) {
  try {
    return execFileSync('git', gitArgs, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const started = performance.now();
const meta = {
  date: new Date().toISOString(),
  node: process.versions.node,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  cpus: os.availableParallelism?.() ?? os.cpus().length,
  cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown CPU',
  totalMemoryBytes: os.totalmem(),
  loadAverage: { start: os.loadavg() },
  commit: git('rev-parse', '--short', 'HEAD'),
  dirty: Boolean(git('status', '--porcelain', '--untracked-files=no')),
  // The loader and the bundle it runs (server/src/start.ts).
  ourServer: {
    path: path.relative(repoRoot, serverPath),
    bytes: [serverPath, path.join(path.dirname(serverPath), 'server-main.js')].filter((f) => existsSync(f)).reduce((sum, f) => sum + statSync(f).size, 0),
    modified: statSync(serverPath).mtime.toISOString(),
  },
};

// Per run (so concurrent runs never share files), removed at the end.
const workloadDir = mkdtempSync(path.join(os.tmpdir(), 'k8s-service-yaml-bench-'));

// The run measures a snapshot of the bundle, so a rebuild during the run (npm run watch, a
// test run) cannot mix two builds. It stays inside the repository so that the bundle's few
// runtime requires still resolve from node_modules.
const snapshotRoot = path.join(benchDir, '.snapshot');
const snapshotDir = path.join(snapshotRoot, String(process.pid));
mkdirSync(snapshotDir, { recursive: true });
// dist/server.js loads dist/server-main.js from its own directory (server/src/start.ts): both go.
const snapshot = path.join(snapshotDir, path.basename(serverPath));
const bundleFiles = [serverPath, path.join(path.dirname(serverPath), 'server-main.js')].filter((file) => existsSync(file));
for (const file of bundleFiles) {
  copyFileSync(file, path.join(snapshotDir, path.basename(file)));
  if (existsSync(`${file}.map`)) copyFileSync(`${file}.map`, path.join(snapshotDir, `${path.basename(file)}.map`));
}
const removeSnapshot = () => {
  rmSync(snapshotDir, { recursive: true, force: true });
  try {
    rmdirSync(snapshotRoot);
  } catch {
    // another run's snapshot is still there
  }
};
process.on('exit', removeSnapshot);
// Interrupted (Ctrl-C, `timeout`): tidy up; the servers exit when their stdin closes with us.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    rmSync(workloadDir, { recursive: true, force: true });
    process.exit(128 + os.constants.signals[signal]);
  });
}
const bundleHash = createHash('sha256');
for (const file of bundleFiles) bundleHash.update(readFileSync(file));
meta.ourServer.sha256 = bundleHash.digest('hex');

const profiles = [ourServer(snapshot)];
if (options.yamlLs) {
  meta.yamlLanguageServer = { entry: path.relative(repoRoot, yamlLsEntry), version: yamlLsVersion(yamlLsEntry) };
  let schema;
  if (schemaDir) {
    schema = { dir: schemaDir };
    meta.yamlLanguageServer.schema = `${schemaDir}/all.json + _definitions.json`;
    meta.yamlLanguageServer.schemaFrom = '--k8s-schema-dir (reference run, not the generated schema)';
  } else {
    const generated = ensureKubernetesSchema();
    if (generated.generatedMs !== undefined) process.stderr.write(`generated the Kubernetes schema in ${path.relative(repoRoot, generated.dir)} in ${(generated.generatedMs / 1000).toFixed(1)} s\n`);
    schema = { dir: generated.dir };
    meta.yamlLanguageServer.schema = `${path.relative(repoRoot, generated.dir)}/all.json + _definitions.json`;
    meta.yamlLanguageServer.schemaFrom = `the whole-API schema, generated from ${generated.generatedFrom}: ${generated.definitions} strict definitions of the GA API versions (${generated.kinds} kinds, List kinds included), each a oneOf branch of all.json as in yannh/kubernetes-json-schema`;
    meta.yamlLanguageServer.schemaCounts = { kinds: generated.kinds, definitions: generated.definitions };
  }
  profiles.push(yamlLanguageServer(yamlLsEntry, schema));
}

const log = (text) => process.stderr.write(`${text}\n`);
const figure = (r) =>
  r.error
    ? `error (${r.error.split('\n')[0]})`
    : `init ${formatMs(r.initializeMs)}, open→diag ${formatMs(r.openToDiagnosticsMs)}, edit ${formatMs(r.edit?.median) ?? '–'}, completion p95 ${formatMs(r.completionKey?.p95)}, hover p95 ${formatMs(r.hoverKey?.p95)}`;


const sizes = [];
for (const n of options.sizes) {
  const workload = generateWorkload(n);
  // The workspace folder holds this file alone, as an editor would have it on disk: our server
  // indexes the YAML files of its workspace folders, so other sizes' files must not be there.
  // (No dot directory: yaml-language-server's `*.yaml` glob does not match paths through one.)
  const folder = path.join(workloadDir, `n-${n}`);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `services-${n}.yaml`);
  writeFileSync(file, workload.text);
  const uri = pathToFileURL(file).href;
  const rootUri = pathToFileURL(folder).href;
  log(`N=${n}: ${workload.documents} documents, ${workload.lines} lines, ${(workload.bytes / 1024).toFixed(0)} KiB`);
  const entry = { n, lines: workload.lines, bytes: workload.bytes, documents: workload.documents, mistakes: workload.mistakes, servers: {} };
  for (const profile of profiles) {
    const ours = profile.id === 'ours';
    const stepTimeoutMs = ours ? options.oursTimeoutMs : options.yamlLsTimeoutMs;
    const loopBudgetMs = ours ? options.oursLoopBudgetMs : options.yamlLsLoopBudgetMs;
    const t0 = performance.now();
    const result = await measureSession(profile, workload, { ...options, uri, rootUri, stepTimeoutMs, loopBudgetMs });
    result.sessionMs = Math.round(performance.now() - t0);
    entry.servers[profile.id] = result;
    log(`  ${profile.id.padEnd(6)} ${figure(result)} (${(result.sessionMs / 1000).toFixed(1)} s)`);
  }
  sizes.push(entry);
}

rmSync(workloadDir, { recursive: true, force: true });

const run = { meta, options, sizes, durationMs: 0, targets: [] };
run.durationMs = Math.round(performance.now() - started);
meta.loadAverage.end = os.loadavg();
run.targets = evaluateTargets(run);
const markdown = renderMarkdown(run);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(run, null, 2)}\n`);
writeFileSync(path.join(outDir, 'latest.md'), markdown);
console.log(markdown);
log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))} and latest.md in ${(run.durationMs / 1000).toFixed(1)} s`);
