/**
 * The kubectl module with the real kubectl binary against the local API double: argument
 * arrays (hostile file names stay file names), stdin, field errors, and each way a run fails.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildArgs, parseOutput, runKubectl, type KubectlSettings } from '../../client/src/kubectl';
import { KubeApiDouble } from '../support/kube-api-double';

const service = (name: string, extra = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - port: 80\n${extra}`;

let api: KubeApiDouble;
let dir: string;
let settings: KubectlSettings;
/** A fresh kubectl cache per run, so discovery is really asked for every time. */
const env = () => ({ ...process.env, KUBECACHEDIR: mkdtempSync(path.join(tmpdir(), 'kcache-')), HOME: dir });

before(async () => {
  api = new KubeApiDouble();
  await api.start();
  dir = mkdtempSync(path.join(tmpdir(), 'kubectl-run-'));
  settings = { path: 'kubectl', kubeconfig: api.writeKubeconfig(dir), timeoutSeconds: 20 };
});

after(async () => {
  await api.stop();
});

test('kubectl run: a file name with spaces, quotes, $(...), ; and Korean is one argument and runs nothing else', async () => {
  const name = "my svc $(touch pwned); it's 서비스 `id`.yaml";
  const file = path.join(dir, name);
  writeFileSync(file, service('hostile-name'));
  const result = await runKubectl('kubectl', buildArgs('create', settings, { file }), { timeoutMs: 30_000, env: env(), cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(parseOutput(result.stdout, result.stderr).created, ['service/hostile-name created']);
  assert.equal(existsSync(path.join(dir, 'pwned')), false, 'the $(...) in the name was not executed');
  const post = api.posts().at(-1);
  assert.deepEqual(post?.body, { ...parse(service('hostile-name')), metadata: { name: 'hostile-name', namespace: 'default' } });
});

test('kubectl run: the editor text on standard input (-f -)', async () => {
  const result = await runKubectl('kubectl', buildArgs('create', settings, { stdin: 'x' }), { input: service('from-stdin'), timeoutMs: 30_000, env: env() });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^service\/from-stdin created$/m);
});

test('kubectl run: a server dry run creates nothing', async () => {
  const before = api.services().length;
  const result = await runKubectl('kubectl', buildArgs('dryRun', settings, { stdin: '' }), { input: service('dry'), timeoutMs: 30_000, env: env() });
  assert.deepEqual(parseOutput(result.stdout, result.stderr).created, ['service/dry created (server dry run)']);
  assert.equal(api.services().length, before);
  assert.equal(api.posts().at(-1)?.query.dryRun, 'All');
});

test('kubectl run: a 422 is read back as field errors with the API server path', async () => {
  const result = await runKubectl('kubectl', buildArgs('create', settings, { stdin: '' }), { input: service('bad-node-port', '    nodePort: 30080\n'), timeoutMs: 30_000, env: env() });
  assert.equal(result.code, 1);
  assert.deepEqual(parseOutput(result.stdout, result.stderr).fieldErrors.map((e) => [e.kind, e.name, e.path, e.type]), [['Service', 'bad-node-port', 'spec.ports[0].nodePort', 'Forbidden']]);
});

test('kubectl run: get services -o wide lists what was created', async () => {
  // Its own Service, so the test does not depend on the others having run.
  const created = await runKubectl('kubectl', buildArgs('create', settings, { stdin: 'x' }), { input: service('listed'), timeoutMs: 30_000, env: env() });
  assert.equal(created.code, 0, created.stderr);
  const result = await runKubectl('kubectl', buildArgs('getServices', settings), { timeoutMs: 30_000, env: env() });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR/m);
  assert.match(result.stdout, /^listed\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP/m);
});

test('kubectl run: a missing kubectl is reported as not-found', async () => {
  const result = await runKubectl(path.join(dir, 'no-such-kubectl'), ['version'], { timeoutMs: 5_000 });
  assert.equal(result.failure, 'not-found');
});

test('kubectl run: a path Node refuses to run (a NUL byte) is a spawn-failed result, not a rejection', async () => {
  const result = await runKubectl('kube\u0000ctl', ['version'], { timeoutMs: 5_000 });
  assert.equal(result.failure, 'spawn-failed');
  assert.match(result.detail ?? '', /null bytes|ERR_INVALID_ARG/i);
});

test('kubectl run: a file that is not executable is reported as not-executable', async () => {
  const fake = path.join(dir, 'not-executable');
  writeFileSync(fake, 'plain text');
  chmodSync(fake, 0o644);
  const result = await runKubectl(fake, ['version'], { timeoutMs: 5_000 });
  assert.equal(result.failure, 'not-executable');
});

test('kubectl run: a cluster that does not answer is recognised', async () => {
  const closed = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const kubeconfig = path.join(dir, 'closed.kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${closed}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`);
  const result = await runKubectl('kubectl', buildArgs('getServices', { ...settings, kubeconfig, timeoutSeconds: 5 }), { timeoutMs: 30_000, env: env() });
  assert.equal(result.code, 1);
  assert.equal(parseOutput(result.stdout, result.stderr).unreachable, true, result.stderr);
});

test('kubectl run: our own time limit stops a kubectl that hangs', async () => {
  api.delay = 10_000;
  try {
    const result = await runKubectl('kubectl', buildArgs('getServices', { ...settings, timeoutSeconds: 60 }), { timeoutMs: 1_000, env: env() });
    assert.equal(result.failure, 'timeout');
    assert.equal(result.code, null);
  } finally {
    api.delay = 0;
  }
});

test('kubectl run: cancelling kills kubectl', async () => {
  api.delay = 10_000;
  try {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const result = await runKubectl('kubectl', buildArgs('getServices', settings), { timeoutMs: 30_000, signal: abort.signal, env: env() });
    assert.equal(result.failure, 'cancelled');
  } finally {
    api.delay = 0;
  }
});
