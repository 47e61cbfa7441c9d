import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArgs, commandLine, parseOutput, type KubectlSettings } from '../../client/src/kubectl';

const settings: KubectlSettings = { path: 'kubectl', timeoutSeconds: 30 };

test('kubectl args: create, dry run and get, with kubeconfig, context and namespace as separate arguments', () => {
  assert.deepEqual(buildArgs('create', settings, { file: '/w/my svc.yaml' }), ['create', '-f', '/w/my svc.yaml', '--request-timeout=30s']);
  assert.deepEqual(buildArgs('dryRun', settings, { stdin: 'x' }), ['create', '--dry-run=server', '-f', '-', '--request-timeout=30s']);
  const full = { ...settings, kubeconfig: '/k/config', context: 'kind-kind', namespace: 'team-a' };
  assert.deepEqual(buildArgs('getServices', full), ['get', 'services', '-o', 'wide', '--kubeconfig', '/k/config', '--context', 'kind-kind', '--namespace', 'team-a', '--request-timeout=30s']);
});

test('kubectl args: the displayed command line quotes what a shell would split', () => {
  assert.equal(commandLine('kubectl', ['create', '-f', "/w/it's $(rm -rf) ; x.yaml"]), `kubectl create -f '/w/it'\\''s $(rm -rf) ; x.yaml'`);
});

test('kubectl output: created objects, including dry runs', () => {
  const report = parseOutput('deployment.apps/api created\nservice/back-end created\n', '');
  assert.deepEqual(report.created, ['deployment.apps/api created', 'service/back-end created']);
  assert.deepEqual(parseOutput('service/x created (server dry run)\n', '').created, ['service/x created (server dry run)']);
});

test('kubectl output: a single 422 cause', () => {
  const report = parseOutput('', "The Service \"x\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'\n");
  assert.deepEqual(report.fieldErrors, [{ kind: 'Service', name: 'x', path: 'spec.ports[0].nodePort', type: 'Forbidden', message: "Forbidden: may not be used when `type` is 'ClusterIP'" }]);
});

test('kubectl output: several 422 causes as a * list', () => {
  const stderr = 'The Service "x" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n* spec.type: Unsupported value: "clusterip": supported values: "ClusterIP", "ExternalName"\n';
  const report = parseOutput('', stderr);
  assert.deepEqual(report.fieldErrors.map((e) => [e.path, e.type]), [['spec.ports[0].name', 'Required value'], ['spec.ports[1].name', 'Required value'], ['spec.type', 'Unsupported value']]);
});

test('kubectl output: the [a, b] form of a multi-document run', () => {
  const stderr = 'Error from server (Invalid): error when creating "svc.yaml": Service "x" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]\n';
  const report = parseOutput('', stderr);
  assert.deepEqual(report.fieldErrors.map((e) => [e.name, e.path, e.type]), [['x', 'spec.ports[0].port', 'Invalid value'], ['x', 'spec.ports[0].targetPort', 'Invalid value']]);
  assert.match(report.fieldErrors[0].message, /inclusive$/);
});

test('kubectl output: strict decoding errors name the unknown fields', () => {
  const stderr = 'Error from server (BadRequest): error when creating "svc.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetport", unknown field "spec.selectors"\n';
  assert.deepEqual(parseOutput('', stderr).fieldErrors.map((e) => e.path), ['spec.ports[0].targetport', 'spec.selectors']);
});

test('kubectl output: an unreachable cluster and refused credentials are recognised', () => {
  assert.equal(parseOutput('', 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n').unreachable, true);
  assert.equal(parseOutput('', 'error: You must be logged in to the server (Unauthorized)\n').unauthorized, true);
  assert.equal(parseOutput('', 'Error from server (AlreadyExists): error when creating "s.yaml": services "web" already exists\n').unreachable, false);
});
