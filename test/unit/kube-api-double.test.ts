/**
 * The Kubernetes API double, driven by the real `kubectl` on PATH.
 *
 * kubectl must be started with the async `spawn`: the double answers from this
 * process's event loop, so `spawnSync` would block it and kubectl would time out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { parse } from 'yaml';
import { KubeApiDouble, humanDuration, type KubeApiDoubleOptions } from '../support/kube-api-double';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: back-end
  labels:
    app: back-end
spec:
  selector:
    app: back-end
    tier: api
  ports:
    - name: http
      port: 80
      targetPort: 8080
`;

const NODE_PORT_ON_CLUSTER_IP = `apiVersion: v1
kind: Service
metadata:
  name: x
spec:
  selector:
    app: x
  ports:
    - port: 80
      nodePort: 30080
`;

const DEPLOYMENT_AND_SERVICE = `# the app
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
# only a comment
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Ctx {
  api: KubeApiDouble;
  dir: string;
  kubeconfig: string;
  /** Writes a file into the temp dir and returns its name (relative to the dir, which is kubectl's cwd). */
  file(name: string, text: string): string;
  kubectl(args: string[], stdin?: string): Promise<Run>;
}

async function withDouble(fn: (ctx: Ctx) => Promise<void>, options?: KubeApiDoubleOptions): Promise<void> {
  const api = new KubeApiDouble(options);
  await api.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-api-double-'));
  try {
    const kubeconfig = api.writeKubeconfig(dir);
    const ctx: Ctx = {
      api,
      dir,
      kubeconfig,
      file(name, text) {
        fs.writeFileSync(path.join(dir, name), text);
        return name;
      },
      kubectl(args, stdin) {
        // A fresh cache and HOME per run: discovery / HTTP caches never leak between runs.
        const cache = fs.mkdtempSync(path.join(dir, 'cache-'));
        const env = { ...process.env, KUBECACHEDIR: cache, HOME: dir, KUBECONFIG: kubeconfig, LANG: 'C.UTF-8' };
        return new Promise<Run>((resolve, reject) => {
          const child = spawn('kubectl', ['--kubeconfig', kubeconfig, ...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
          child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout, stderr }));
          child.stdin.end(stdin ?? '');
        });
      },
    };
    await fn(ctx);
  } finally {
    await api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const IP = /^10\.96\.\d{1,3}\.\d{1,3}$/;

test('kube double: kubectl create -f FILE posts the document with Strict field validation and stores the defaulted Service', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const name = file('svc.yaml', SERVICE);
    const run = await kubectl(['create', '-f', name]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'service/back-end created\n');
    assert.equal(run.stderr, '');

    const posts = api.posts();
    assert.equal(posts.length, 1);
    assert.equal(posts[0].path, '/api/v1/namespaces/default/services');
    assert.deepEqual(posts[0].query, { fieldManager: 'kubectl-create', fieldValidation: 'Strict' });
    const expected = parse(SERVICE) as { metadata: Record<string, unknown> };
    expected.metadata.namespace = 'default';
    assert.deepEqual(posts[0].body, expected);
    assert.match(String(posts[0].headers['user-agent']), /^kubectl\/v1\.32\./);

    // Validation was left to the server: no OpenAPI v2 download.
    const paths = api.requests.map((r) => r.path);
    assert.ok(paths.includes('/openapi/v3/api/v1'), paths.join(' '));
    assert.ok(!paths.includes('/openapi/v2'), paths.join(' '));

    const [stored] = api.services('default') as { metadata: Record<string, unknown>; spec: Record<string, unknown> }[];
    assert.equal(stored.metadata.name, 'back-end');
    assert.match(String(stored.metadata.uid), /^[0-9a-f-]{36}$/);
    assert.match(String(stored.metadata.resourceVersion), /^\d+$/);
    assert.match(String(stored.metadata.creationTimestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(stored.spec.type, 'ClusterIP');
    assert.equal(stored.spec.sessionAffinity, 'None');
    assert.match(String(stored.spec.clusterIP), IP);
    assert.deepEqual(stored.spec.clusterIPs, [stored.spec.clusterIP]);
    assert.deepEqual(stored.spec.ports, [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    assert.deepEqual(api.services('team-a'), []);
  }));

test('kube double: kubectl create -f - reads stdin; targetPort defaults to port', () =>
  withDouble(async ({ api, kubectl }) => {
    const run = await kubectl(['create', '-f', '-'], NODE_PORT_ON_CLUSTER_IP.replace('      nodePort: 30080\n', ''));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'service/x created\n');
    const [stored] = api.services() as { spec: { ports: unknown[] } }[];
    assert.deepEqual(stored.spec.ports, [{ port: 80, targetPort: 80, protocol: 'TCP' }]);
  }));

test('kube double: --dry-run=server sends dryRun=All, prints "(server dry run)" and stores nothing', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const name = file('svc.yaml', SERVICE);
    const run = await kubectl(['create', '--dry-run=server', '-f', name]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'service/back-end created (server dry run)\n');
    assert.deepEqual(api.posts()[0].query, { dryRun: 'All', fieldManager: 'kubectl-create', fieldValidation: 'Strict' });
    assert.deepEqual(api.services(), []);

    // -o yaml shows the would-be object: allocated clusterIP, no resourceVersion.
    const yaml = await kubectl(['create', '--dry-run=server', '-o', 'yaml', '-f', name]);
    assert.equal(yaml.code, 0, yaml.stderr);
    const printed = parse(yaml.stdout) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
    assert.match(String(printed.spec.clusterIP), IP);
    assert.equal(printed.metadata.resourceVersion, undefined);
    assert.equal(printed.metadata.managedFields, undefined);
    assert.deepEqual(api.services(), []);
  }));

test('kube double: a second create answers 409 AlreadyExists', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const name = file('svc.yaml', SERVICE);
    assert.equal((await kubectl(['create', '-f', name])).code, 0);
    const run = await kubectl(['create', '-f', name]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'Error from server (AlreadyExists): error when creating "svc.yaml": services "back-end" already exists\n');
    assert.equal(api.services().length, 1);
  }));

test('kube double: nodePort on a ClusterIP Service answers 422 with a Forbidden cause', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const run = await kubectl(['create', '-f', file('x.yaml', NODE_PORT_ON_CLUSTER_IP)]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, "The Service \"x\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'\n");
    assert.deepEqual(api.services(), []);
  }));

test('kube double: rejectNext answers 422 once, with each cause on its own "* field: message" line', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const name = file('svc.yaml', SERVICE);
    api.rejectNext('back-end', [
      { field: 'spec.ports[0].name', reason: 'FieldValueInvalid', message: 'Invalid value: "HTTP": a lowercase RFC 1123 label must consist of lower case alphanumeric characters' },
      { field: 'spec.selector', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
    const run = await kubectl(['create', '-f', name]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      'The Service "back-end" is invalid: \n' +
        '* spec.ports[0].name: Invalid value: "HTTP": a lowercase RFC 1123 label must consist of lower case alphanumeric characters\n' +
        '* spec.selector: Required value\n',
    );
    const again = await kubectl(['create', '-f', name]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'service/back-end created\n');
  }));

test('kube double: unknown fields fail strict decoding with 400 BadRequest', () =>
  withDouble(async ({ file, kubectl }) => {
    const text = SERVICE.replace('targetPort: 8080', 'targetport: 8080').replace('  selector:', '  selectors:');
    // kubectl leaves the check to the server, so the POST happens and the server's words are printed.
    const run = await kubectl(['create', '-f', file('typo.yaml', text)]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      'Error from server (BadRequest): error when creating "typo.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetport", unknown field "spec.selectors"\n',
    );
  }));

test('kube double: a lower-case kind is validated against OpenAPI v2 (which checks nothing) and rejected by the server', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const run = await kubectl(['create', '-f', file('lower.yaml', SERVICE.replace('kind: Service', 'kind: service'))]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      'Error from server (BadRequest): error when creating "lower.yaml": service in version "v1" cannot be handled as a Service: ' +
        'no kind "service" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"\n',
    );
    assert.ok(api.requests.some((r) => r.path === '/openapi/v2'));
    assert.equal((api.posts()[0].body as { kind: string }).kind, 'service');
  }));

test('kube double: get services -o wide lists the Service with a SELECTOR column; empty namespaces say so', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const empty = await kubectl(['get', 'services']);
    assert.equal(empty.code, 0);
    assert.equal(empty.stdout, '');
    assert.equal(empty.stderr, 'No resources found in default namespace.\n');

    assert.equal((await kubectl(['create', '-f', file('svc.yaml', SERVICE)])).code, 0);
    const run = await kubectl(['get', 'services', '-o', 'wide']);
    assert.equal(run.code, 0, run.stderr);
    const [header, row, ...rest] = run.stdout.trimEnd().split('\n').map((l) => l.trim().split(/\s{2,}/));
    assert.deepEqual(header, ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    assert.deepEqual(rest, []);
    const [stored] = api.services() as { spec: { clusterIP: string } }[];
    assert.deepEqual([row[0], row[1], row[2], row[3], row[4], row[6]], ['back-end', 'ClusterIP', stored.spec.clusterIP, '<none>', '80/TCP', 'app=back-end,tier=api']);
    assert.match(row[5], /^\d+s$/);
    const get = api.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/namespaces/default/services').at(-1);
    assert.match(String(get?.headers.accept), /as=Table/);

    const json = await kubectl(['get', 'services', '-o', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const list = JSON.parse(json.stdout) as { items: { metadata: { name: string } }[] };
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['back-end']);
  }));

test('kube double: a Deployment + Service file creates both, in order', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const run = await kubectl(['create', '-f', file('app.yaml', DEPLOYMENT_AND_SERVICE)]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'deployment.apps/web created\nservice/web created\n');
    assert.deepEqual(
      api.posts().map((p) => p.path),
      ['/apis/apps/v1/namespaces/default/deployments', '/api/v1/namespaces/default/services'],
    );
    assert.equal(api.services().length, 1);
  }));

test('kube double: a namespace that does not exist answers 404 (from --namespace and from the context)', () =>
  withDouble(async ({ api, file, kubectl }) => {
    const name = file('svc.yaml', SERVICE);
    const run = await kubectl(['create', '--namespace', 'team-a', '-f', name]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'Error from server (NotFound): error when creating "svc.yaml": namespaces "team-a" not found\n');
    assert.equal(api.posts()[0].path, '/api/v1/namespaces/team-a/services');

    const viaContext = await kubectl(['--context', 'double-team', 'create', '-f', '-'], SERVICE);
    assert.equal(viaContext.stderr, 'Error from server (NotFound): error when creating "STDIN": namespaces "team-a" not found\n');
  }));

test('kube double: extra namespaces can be configured', () =>
  withDouble(
    async ({ api, file, kubectl }) => {
      const run = await kubectl(['--context', 'double-team', 'create', '-f', file('svc.yaml', SERVICE)]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(api.services('team-a').length, 1);
      assert.equal(api.services('default').length, 0);
    },
    { namespaces: ['default', 'team-a'] },
  ));

function request(url: string, method = 'GET'): Promise<{ status: number; contentType: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('kube double: unknown paths answer a 404 Status; /version says 1.32 and must not be cached', async () => {
  const api = new KubeApiDouble();
  const base = await api.start();
  try {
    assert.equal(api.url, base);
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    const missing = await request(`${base}/apis/nope/v9/things`);
    assert.equal(missing.status, 404);
    assert.equal(missing.contentType, 'application/json');
    assert.deepEqual(missing.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
    const version = await request(`${base}/version`);
    assert.equal((version.body as { minor: string }).minor, '32');
    assert.deepEqual(api.requests.map((r) => `${r.method} ${r.path}`), ['GET /apis/nope/v9/things', 'GET /version']);
  } finally {
    await api.stop();
  }
});

test('kube double: delay holds every answer, and stop() does not wait for held answers', { timeout: 10_000 }, async () => {
  const api = new KubeApiDouble();
  const base = await api.start();
  /** Waits until the double has recorded `count` requests (bounded: the test's timeout). */
  const recorded = async (count: number) => {
    while (api.requests.length < count) await new Promise((r) => setTimeout(r, 5));
  };
  api.delay = 150;
  let answered = false;
  const first = request(`${base}/version`).then(() => (answered = true));
  await recorded(1);
  assert.equal(answered, false, 'the answer is held once the request has arrived');
  await first;
  assert.equal(answered, true);
  // Held for a minute: stop() drops it (the test's 10 s timeout fails if stop() waited).
  api.delay = 60_000;
  const pending = request(`${base}/version`).then(
    () => 'answered',
    () => 'dropped',
  );
  await recorded(2);
  await api.stop();
  assert.equal(await pending, 'dropped');
});

test('kube double: ages are formatted like the API server', () => {
  assert.deepEqual(
    [5_000, 119_000, 125_000, 600_000, 3 * 3600_000 + 5 * 60_000, 30 * 3600_000, 3 * 86400_000 + 3600_000, 40 * 86400_000].map(humanDuration),
    ['5s', '119s', '2m5s', '10m', '3h5m', '30h', '3d1h', '40d'],
  );
});
