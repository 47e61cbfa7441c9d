/**
 * The workspace index benchmark (issue: 2,000 manifest files indexed in under 2 s, a one-file
 * change taken in under 20 ms), measured through the real server over stdio:
 * - start the server on a generated workspace of N files (a Deployment + its Service each) and
 *   time initialized -> the server's "indexed N YAML files in X ms" log line;
 * - open one Service, then change the Deployment it selects on disk and send the file event:
 *   time from the event to the Service's new diagnostics (re-index of one file + re-check).
 *   node bench/workspace-index.mjs [--files 2000] [--changes 20] [--out bench/results]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const files = Number(option('--files', 2000));
const changes = Number(option('--changes', 20));
const outDir = path.resolve(option('--out', path.join(here, 'results')));

const deployment = (i, tier) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 7}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
        tier: ${tier}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - name: http
          containerPort: 8080
`;
const service = (i) => `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: team-${i % 7}
spec:
  selector:
    app: app-${i}
    tier: back-end
  ports:
  - name: http
    port: 80
    targetPort: http
`;

const workspace = mkdtempSync(path.join(os.tmpdir(), 'k8s-svc-index-bench-'));
for (let i = 0; i < files; i++) {
  const dir = path.join(workspace, `team-${i % 20}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `app-${i}.yaml`), `${deployment(i, 'back-end')}---\n${service(i)}`);
}

const server = spawn(process.execPath, [path.join(here, '..', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const waiters = [];
const logs = [];
const published = [];
const wake = () => waiters.splice(0).forEach((w) => w());
connection.onNotification(LogMessageNotification.type, (p) => {
  logs.push(p.message);
  wake();
});
connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
  published.push({ at: performance.now(), ...p });
  wake();
});
connection.listen();
const until = async (what, test, ms = 60_000) => {
  const deadline = performance.now() + ms;
  for (;;) {
    const found = test();
    if (found) return found;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => {
      waiters.push(r);
      setTimeout(r, 100);
    });
  }
};

await connection.sendRequest(InitializeRequest.type, {
  processId: process.pid,
  rootUri: pathToFileURL(workspace).toString(),
  workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'bench' }],
  capabilities: {},
});
const started = performance.now();
await connection.sendNotification(InitializedNotification.type, {});
const line = await until('the index log line', () => logs.find((l) => /indexed \d+ YAML files/.test(l)));
const wall = performance.now() - started;
const serverMs = Number(/in (\d+) ms/.exec(line)[1]);

// One Service open; its Deployment changes on disk, back and forth.
const target = 7;
const serviceFile = path.join(workspace, `team-${target % 20}`, `app-${target}.yaml`);
const uri = pathToFileURL(serviceFile).toString();
const otherFile = path.join(workspace, 'probe.yaml');
const otherUri = pathToFileURL(otherFile).toString();
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: otherUri, languageId: 'yaml', version: 1, text: service(target) } });
await until('first diagnostics', () => published.find((p) => p.uri === otherUri));
const samples = [];
for (let k = 0; k < changes; k++) {
  const tier = k % 2 === 0 ? 'backend' : 'back-end';
  writeFileSync(serviceFile, `${deployment(target, tier)}---\n${service(target)}`);
  const before = published.length;
  const t0 = performance.now();
  await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
  const wantWarning = tier === 'backend';
  const got = await until('re-check after the change', () =>
    published.slice(before).find((p) => p.uri === otherUri && p.diagnostics.some((d) => d.code === 'selector-matches-nothing') === wantWarning),
  );
  samples.push(got.at - t0);
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))];

await connection.sendRequest(ShutdownRequest.type);
await connection.sendNotification(ExitNotification.type);
rmSync(workspace, { recursive: true, force: true });

const result = {
  files,
  indexWallMs: Math.round(wall),
  indexServerMs: serverMs,
  changeToDiagnosticsMs: { median: Number(median.toFixed(2)), p95: Number(p95.toFixed(2)), samples: samples.length },
  targets: { index2000Under2s: files >= 2000 ? wall < 2000 : null, oneFileUpdateUnder20ms: median < 20 },
};
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'workspace-index.json'), JSON.stringify(result, null, 2) + '\n');
const md = `## Workspace index (${files} files)

| figure | measured | target |
| --- | --- | --- |
| initialized → index built (wall) | ${result.indexWallMs} ms | ≤ 2,000 ms ${result.targets.index2000Under2s ? '✓' : '✗'} |
| the server's own indexing time | ${serverMs} ms | |
| one file changed on disk → re-checked diagnostics, median / p95 | ${result.changeToDiagnosticsMs.median} ms / ${result.changeToDiagnosticsMs.p95} ms | median ≤ 20 ms ${result.targets.oneFileUpdateUnder20ms ? '✓' : '✗'} |
`;
writeFileSync(path.join(outDir, 'workspace-index.md'), md);
console.log(md);
