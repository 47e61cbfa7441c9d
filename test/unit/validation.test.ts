import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { backEnd, codes, problems } from './helpers';

const svc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n${spec}`;

test('validation: the seed back-end Service is clean', () => {
  assert.deepEqual(problems(backEnd), []);
});

test('validation: every example file but mistakes.yaml is clean', () => {
  const dir = `${__dirname}/../../../examples`;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'mistakes.yaml')) {
    assert.deepEqual(codes(readFileSync(`${dir}/${name}`, 'utf8')), [], name);
  }
});

test('validation: YAML syntax error with a precise range (rule 1)', () => {
  const found = problems('apiVersion: v1\nkind: Service\nspec:\n  type: a: b\n  ports: []\n');
  assert.deepEqual(found.map((p) => [p.code, p.severity, p.range]), [['yaml-syntax', 'error', { start: { line: 3, character: 8 }, end: { line: 3, character: 9 } }]]);
});

test('validation: tabs in indentation are a syntax error (rule 1)', () => {
  assert.ok(codes('apiVersion: v1\nkind: Service\nspec:\n\ttype: ClusterIP\n').some((c) => c.startsWith('yaml-syntax')));
});

test('validation: duplicate keys warn on the ignored occurrence (rule 2, kubectl keeps the last)', () => {
  const found = problems(svc('  ports:\n  - port: 80\n    port: 81\n'));
  assert.deepEqual(found.map((p) => [p.code, p.severity, p.path, p.range.start.line]), [['duplicate-key', 'warning', 'spec.ports[0].port', 6]]);
});

test('validation: unknown field with did-you-mean, targetport -> targetPort (rule 6, strict decoding)', () => {
  const found = problems(svc('  ports:\n  - port: 80\n    targetport: 8080\n'));
  assert.equal(found.length, 1);
  assert.equal(found[0].code, 'unknown-field');
  assert.equal(found[0].path, 'spec.ports[0].targetport');
  assert.equal(found[0].data?.suggestion, 'targetPort');
  assert.deepEqual(found[0].range, { start: { line: 7, character: 4 }, end: { line: 7, character: 14 } });
});

test('validation: unknown fields in metadata and at the root too (rule 6)', () => {
  assert.deepEqual(codes('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  label:\n    a: b\nspecs: {}\nspec:\n  ports:\n  - port: 80\n'), ['unknown-field@metadata.label', 'unknown-field@specs']);
});

test('validation: keys named like JavaScript object members are unknown fields too (rule 6, strict decoding)', () => {
  const found = problems('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  constructor: x\nspec:\n  toString: 1\n  ports:\n  - port: 80\n    __proto__: 2\n');
  assert.deepEqual(found.map((p) => `${p.code}@${p.path}`).sort(), ['unknown-field@metadata.constructor', 'unknown-field@spec.ports[0].__proto__', 'unknown-field@spec.toString']);
});

test('validation: wrong JSON type, port: "80" is a string (rule 8)', () => {
  const found = problems(svc('  ports:\n  - port: "80"\n'));
  assert.deepEqual(found.map((p) => `${p.code}@${p.path}`), ['type-mismatch@spec.ports[0].port']);
  assert.equal(found[0].data?.suggestion, '80');
});

test('validation: YAML 1.1 booleans as kubectl reads them: a label value "yes" unquoted is a boolean (rule 8)', () => {
  // Go's JSON decoder names the map, not the key inside it.
  assert.deepEqual(codes(svc('  selector:\n    enabled: yes\n    on: x\n  ports:\n  - port: 80\n')), ['type-mismatch@spec.selector']);
});

test('validation: numbers in YAML 1.1 forms are integers (0x50 is 80) (rule 8)', () => {
  assert.deepEqual(codes(svc('  ports:\n  - port: 0x50\n')), []);
  assert.deepEqual(codes(svc('  ports:\n  - port: 80.5\n')), ['type-mismatch@spec.ports[0].port']);
});

test('validation: targetPort takes an integer or a string (int-or-string)', () => {
  assert.deepEqual(codes(svc('  ports:\n  - port: 80\n    targetPort: http\n  - port: 81\n    targetPort: 8081\n    name: b\n')).filter((c) => c.startsWith('type')), []);
  assert.deepEqual(codes(svc('  ports:\n  - port: 80\n    targetPort: true\n')), ['type-mismatch@spec.ports[0].targetPort']);
});

test('validation: lists and maps must be lists and maps (rule 8)', () => {
  assert.deepEqual(codes(svc('  ports:\n    port: 80\n')), ['type-mismatch@spec.ports']);
  assert.deepEqual(codes(svc('  selector: app\n  ports:\n  - port: 80\n')), ['type-mismatch@spec.selector']);
});

test('validation: missing required field spec.ports[].port, null counts as missing', () => {
  assert.deepEqual(codes(svc('  ports:\n  - targetPort: 80\n')), ['required-field@spec.ports[0].port']);
  assert.deepEqual(codes(svc('  ports:\n  - port:\n')), ['required-field@spec.ports[0].port']);
});

test('validation: enum values outside the set, case-sensitive, with a suggestion (ValidateService NotSupported)', () => {
  const found = problems(svc('  type: ClusterIp\n  ports:\n  - port: 80\n    protocol: tcp\n'));
  assert.deepEqual(found.map((p) => `${p.code}@${p.path}`), ['unsupported-value@spec.type', 'unsupported-value@spec.ports[0].protocol']);
  assert.deepEqual(found.map((p) => p.data?.suggestion), ['ClusterIP', 'TCP']);
});

test('validation: an empty type/protocol is defaulted, not rejected (SetDefaults_Service)', () => {
  assert.deepEqual(codes(svc('  type: ""\n  ports:\n  - port: 80\n    protocol: ""\n')), []);
  assert.deepEqual(codes(svc('  ipFamilyPolicy: ""\n  ports:\n  - port: 80\n')), ['unsupported-value@spec.ipFamilyPolicy']);
});

test('validation: ipFamilies items are IPv4 or IPv6 exactly', () => {
  assert.deepEqual(codes(svc('  ipFamilies: [ipv4]\n  ports:\n  - port: 80\n')), ['unsupported-value@spec.ipFamilies[0]']);
});

test('validation: wrong apiVersion for kind: Service (rule 4, no kind match)', () => {
  const found = problems('apiVersion: apps/v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n');
  assert.deepEqual(found.map((p) => `${p.code}@${p.path}`), ['api-version@apiVersion']);
  assert.equal(found[0].range.start.character, 12);
  assert.deepEqual(codes('kind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n'), ['api-version@apiVersion']);
});

test('validation: a misspelt kind: service is flagged (rule 4)', () => {
  assert.deepEqual(codes('apiVersion: v1\nkind: service\n'), ['unknown-kind@kind']);
  assert.deepEqual(codes('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n'), []);
});

test('validation: every diagnostic carries a stable code and the API server field path', () => {
  const found = problems(svc('  type: ClusterIp\n  ports:\n  - port: "80"\n    targetport: 1\n'));
  assert.equal(found.length, 3, found.map((p) => p.code).join(' '));
  for (const p of found) {
    assert.match(p.code, /^[a-z-]+$/);
    assert.match(p.path, /^spec\./);
  }
});

test('validation: YAML that is not a Kubernetes manifest gets no diagnostics at all', () => {
  const workflow = 'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n      - run: [broken\n';
  assert.deepEqual(problems(workflow), []);
  const compose = 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n    ports: []\n';
  assert.deepEqual(problems(compose), []);
});

test('validation: other Kubernetes kinds get syntax and duplicate-key checks only', () => {
  assert.deepEqual(codes('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: "3"\n  replicas: 2\n'), ['duplicate-key@spec.replicas']);
});

test('validation: each document of a multi-document file is checked on its own', () => {
  const text = `${svc('  ports:\n  - port: 80\n')}---\n${svc('  ports:\n  - port: "81"\n').replace('name: web', 'name: api')}`;
  const found = problems(text);
  assert.deepEqual(found.map((p) => `${p.code}@${p.path}`), ['type-mismatch@spec.ports[0].port']);
  assert.equal(found[0].range.start.line, 14);
});

test('validation: messages come in Korean with locale ko', () => {
  const [en] = problems(svc('  type: ClusterIp\n  ports:\n  - port: 80\n'));
  const [ko] = problems(svc('  type: ClusterIp\n  ports:\n  - port: 80\n'), { locale: 'ko' });
  assert.equal(en.code, ko.code);
  assert.match(ko.message, /쓸 수 없는 값/);
  assert.doesNotMatch(en.message, /[가-힣]/);
});

test('validation: numbers that do not fit an int32 are a decode error (rule 8)', () => {
  assert.deepEqual(codes(svc('  ports:\n  - port: 99999999999\n')), ['type-mismatch@spec.ports[0].port']);
});

test('validation: a bare - under ports is an empty port, whose port is missing (Go decodes null into a zero ServicePort)', () => {
  for (const item of ['  -\n', '  - ~\n']) {
    assert.deepEqual(codes(`apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n${item}`), ['required-field@spec.ports[0].port'], JSON.stringify(item));
  }
});

test('validation: << merge keys are followed as kubectl does, not reported as unknown fields', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - &http\n    port: 80\n    name: http\n  - <<: *http\n    name: http2\n    port: 81\n';
  assert.deepEqual(codes(text), []);
  // The merged item overrides port, so only the anchor's own "80" is a string.
  assert.deepEqual(codes(text.replace('    port: 80\n', '    port: "80"\n')), ['type-mismatch@spec.ports[0].port']);
  // A value given through an alias is judged by what it stands for (kubectl sends the value).
  const aliased = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    tier: &t Nodeport\nspec:\n  type: *t\n  ports:\n  - port: 80\n';
  assert.deepEqual(problems(aliased).map((p) => [p.code, p.path, p.data?.suggestion]), [['unsupported-value', 'spec.type', 'NodePort']]);
  // Only a plain << merges (go-yaml v2); a quoted "<<" is a key of its own, unknown to the API.
  assert.deepEqual(codes(text.replace('  - <<: *http\n', '  - "<<": *http\n')), ['unknown-field@spec.ports[1].<<']);
});

test('validation: every problem says at which stage of kubectl create it would be reported', () => {
  const found = problems(svc('  type: ClusterIp\n  ports:\n  - port: "80"\n    targetport: 1\n'));
  assert.deepEqual(found.map((p) => `${p.code}:${p.stage}`).sort(), ['type-mismatch:decode', 'unknown-field:decode', 'unsupported-value:validation']);
});
