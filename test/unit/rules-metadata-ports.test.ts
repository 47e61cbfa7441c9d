/**
 * Metadata, port and selector rules (service-validation-rules.md rules 20-28, 34-45, 59, 60),
 * each test citing its rule number and the Kubernetes function it mirrors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { backEnd, codes as allCodes, problems as allProblems } from './helpers';
import { createLanguageCore, type Problem } from '../../server/src/core/index';
import {
  dns1035LabelErrors,
  dns1123LabelErrors,
  ianaServiceNameErrors,
  labelValueErrors,
  qualifiedNameErrors,
  serviceNameErrors,
  toDns1035Label,
  toIanaServiceName,
  toQualifiedName,
} from '../../server/src/core/validation/names';
import { yamlString } from '../../server/src/core/kubectl-yaml';

/** A Service with the given metadata lines (under `metadata:`) and spec lines (under `spec:`). */
const service = (metadata: string, spec = '  ports:\n  - port: 80\n') => `apiVersion: v1\nkind: Service\nmetadata:\n${metadata}spec:\n${spec}`;
const named = (spec: string) => service('  name: web\n', spec);

const ours = new Set([
  'name-required', 'name-invalid', 'generate-name-invalid', 'namespace-invalid', 'label-invalid', 'annotation-invalid', 'annotations-too-long',
  'finalizer-invalid', 'finalizer-conflict', 'topology-annotations-conflict', 'name-already-used', 'resource-version-set', 'port-name-required',
  'port-name-invalid', 'port-name-duplicate', 'port-out-of-range', 'target-port-out-of-range', 'target-port-name-invalid', 'app-protocol-invalid',
  'port-duplicate', 'node-port-on-cluster-ip', 'node-port-duplicate', 'selector-invalid',
]);

/** The decode-stage codes that share fields with these rules (schema-conformance). */
const decode = new Set(['type-mismatch', 'required-field', 'unknown-field', 'unsupported-value']);
const relevant = (code: string) => ours.has(code) || decode.has(code);

/** `code@path` of these rules and of decoding only, so the spec rules others write do not interfere. */
function codes(text: string): string[] {
  return allCodes(text).filter((c) => relevant(c.split('@')[0]));
}

function problems(text: string, settings: { locale?: 'en' | 'ko' } = {}): Problem[] {
  return allProblems(text, settings).filter((p) => relevant(p.code));
}

function find(text: string, code: string): Problem[] {
  return problems(text).filter((p) => p.code === code);
}

/** The text covered by a problem's range. */
function covered(text: string, problem: Problem): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(problem.range.start), offset(problem.range.end));
}

/** Replaces a problem's range with its suggestion. */
function applySuggestion(text: string, problem: Problem): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(problem.range.start)) + String(problem.data?.suggestion) + text.slice(offset(problem.range.end));
}

// ---------------------------------------------------------------------------------------------
// names.ts: the server's texts

test('names: qualifiedNameErrors keeps its signature and returns the apimachinery texts (IsQualifiedName)', () => {
  assert.deepEqual(qualifiedNameErrors('app.kubernetes.io/name'), []);
  assert.deepEqual(qualifiedNameErrors('MyName'), []);
  assert.deepEqual(qualifiedNameErrors('/x'), ['prefix part must be non-empty']);
  assert.deepEqual(qualifiedNameErrors('x/'), ['name part must be non-empty', "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]);
  assert.match(qualifiedNameErrors('Example.com/x')[0], /^prefix part a lowercase RFC 1123 subdomain must consist of/);
  assert.match(qualifiedNameErrors('a/b/c')[0], /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
  assert.deepEqual(qualifiedNameErrors('a'.repeat(64)).slice(0, 1), ['name part must be no more than 63 characters']);
});

test('names: DNS-1035 / DNS-1123 labels, label values, IANA port names (IsDNS1035Label, IsDNS1123Label, IsValidLabelValue, IsValidPortName)', () => {
  assert.equal(dns1035LabelErrors('my-name').length, 0);
  assert.match(dns1035LabelErrors('1abc')[0], /^a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character \(e\.g\. 'my-name',  or 'abc-123', regex used for validation is '\[a-z\]\(\[-a-z0-9\]\*\[a-z0-9\]\)\?'\)$/);
  assert.deepEqual(dns1035LabelErrors('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(dns1123LabelErrors('9http'), []);
  assert.deepEqual(dns1123LabelErrors('a.b'), ['must not contain dots']);
  assert.match(dns1123LabelErrors('A')[0], /^a lowercase RFC 1123 label must consist of/);
  assert.deepEqual(labelValueErrors(''), []);
  assert.match(labelValueErrors('-x')[0], /^a valid label must be an empty string or consist of/);
  assert.deepEqual(ianaServiceNameErrors('-Bad_Name--name-x'), [
    'must be no more than 15 characters',
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must not contain consecutive hyphens',
    'must not begin or end with a hyphen',
  ]);
  assert.deepEqual(ianaServiceNameErrors('8080'), ['must contain at least one letter (a-z)']);
  // NameIsDNS1035Label(prefix=true): maskTrailingDash tolerates the final '-'.
  assert.deepEqual(serviceNameErrors('web-', true), []);
  assert.equal(serviceNameErrors('web-').length, 1);
});

test('names: derived values pass their own check, and YAML text for them reads back as a string', () => {
  for (const value of ['My_Service.v2', '123', '-x-', 'Ünïcödé Näme', 'a'.repeat(80), '_', 'UPPER']) {
    const label = toDns1035Label(value);
    assert.ok(label && dns1035LabelErrors(label).length === 0, `${value} -> ${label}`);
  }
  assert.equal(toIanaServiceName('-Http_Port-Name--'), 'http-port-name');
  assert.equal(toIanaServiceName('8080'), undefined);
  assert.equal(toQualifiedName('example.com/x/y'), 'example.com/x-y');
  assert.equal(yamlString('http'), 'http');
  for (const risky of ['80', 'on', 'yes', 'null', '1e3', '0x1f', '2024-01-02', 'y']) assert.equal(yamlString(risky), JSON.stringify(risky), risky);
});

// ---------------------------------------------------------------------------------------------
// Metadata (rules 20-28)

test('rule 20 ValidateObjectMetaAccessor: name or generateName is required (absent, empty, null)', () => {
  assert.deepEqual(codes('apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - port: 80\n'), ['name-required@metadata.name']);
  assert.deepEqual(codes(service('  labels: {a: b}\n')), ['name-required@metadata.name']);
  assert.deepEqual(codes(service('  name: ""\n')), ['name-required@metadata.name']);
  assert.deepEqual(codes(service('  name:\n')), ['name-required@metadata.name']);
  const [p] = find(service('  labels: {a: b}\n'), 'name-required');
  assert.equal(covered(service('  labels: {a: b}\n'), p), 'metadata');
  assert.deepEqual(p.data && [p.data.rule, p.data.type, p.data.server], [20, 'Required', 'metadata.name: Required value: name or generateName is required']);
  // A name of the wrong JSON type is a decode error only.
  assert.deepEqual(codes(service('  name: 123\n')), ['type-mismatch@metadata.name']);
});

test('rule 21 ValidateServiceName (NameIsDNS1035Label): invalid names, one error per broken sub-rule, with a valid suggestion', () => {
  for (const name of ['Web', 'my.svc', 'my_svc', '1web', 'web-', '"-web"']) {
    assert.deepEqual(codes(service(`  name: ${name}\n`)), ['name-invalid@metadata.name'], name);
  }
  const long = `W${'a'.repeat(63)}`;
  assert.deepEqual(codes(service(`  name: ${long}\n`)), ['name-invalid@metadata.name', 'name-invalid@metadata.name']);
  const text = service('  name: My_Service.v2\n');
  const [p] = find(text, 'name-invalid');
  assert.equal(covered(text, p), 'My_Service.v2');
  assert.equal(p.data?.suggestion, 'my-service-v2');
  assert.equal(p.data?.type, 'Invalid');
  assert.match(String(p.data?.server), /^metadata\.name: Invalid value: "My_Service\.v2": a DNS-1035 label must/);
  assert.match(p.message, /DNS-1035/);
});

test('rule 21 NameIsDNS1035Label accepts 1- to 63-character labels; lengths are counted in bytes like Go len()', () => {
  for (const name of ['a', 'abc-123', 'a'.repeat(63), 'back-end']) assert.deepEqual(codes(service(`  name: ${name}\n`)), [], name);
  assert.deepEqual(codes(service(`  name: ${'é'.repeat(32)}\n`)), ['name-invalid@metadata.name', 'name-invalid@metadata.name']);
});

test('rule 22 ValidateObjectMetaAccessor: generateName is a DNS-1035 prefix, and the name generated from it is checked too', () => {
  assert.deepEqual(codes(service('  generateName: web-\n')), []);
  assert.deepEqual(codes(service('  generateName: web\n')), []);
  const text = service('  generateName: Web-\n');
  const found = problems(text);
  assert.deepEqual(found.map((p) => `${p.code}@${p.path}`), ['generate-name-invalid@metadata.generateName', 'name-invalid@metadata.name']);
  for (const p of found) {
    assert.equal(covered(text, p), 'Web-');
    assert.equal(p.data?.suggestion, 'web-');
  }
  assert.equal(found[1].data?.generated, true);
  // With a name as well, only generateName is judged for itself; the name is the name.
  assert.deepEqual(codes(service('  name: web\n  generateName: Web-\n')), ['generate-name-invalid@metadata.generateName']);
  // Cut at 58 bytes, not characters: 29 two-byte é plus 5 make 63 bytes, which is not too long.
  const wide = problems(service(`  generateName: ${'é'.repeat(40)}\n`)).filter((p) => p.code === 'name-invalid');
  assert.equal(wide.length, 1, wide.map((p) => String(p.data?.server)).join('\n'));
  assert.match(String(wide[0].data?.server), new RegExp(`"${'é'.repeat(29)}xxxxx": a DNS-1035 label must consist`));
});

test('rule 23 (via rule 9 NamespaceLifecycle): a namespace that is not a DNS-1123 label cannot exist → NotFound', () => {
  const text = service('  name: web\n  namespace: Team_A\n');
  const [p] = problems(text);
  assert.deepEqual([p.code, p.path, p.stage, p.data?.type, p.data?.server, p.data?.suggestion], ['namespace-invalid', 'metadata.namespace', 'registry', 'NotFound', 'namespaces "Team_A" not found', 'team-a']);
  assert.deepEqual(codes(service('  name: web\n  namespace: team-a\n')), []);
  assert.deepEqual(codes(service('  name: web\n  namespace: ""\n')), []);
});

test('rule 24 ValidateLabels: label keys are qualified names, reported on metadata.labels with the range on the key', () => {
  const text = service('  name: web\n  labels:\n    "-bad": x\n    example.com/x/y: z\n    /empty-prefix: v\n    app.kubernetes.io/name: web\n    MyKey: v\n    1: v\n');
  const found = find(text, 'label-invalid');
  assert.deepEqual(found.map((p) => [p.path, covered(text, p), p.data?.rule, p.data?.part]), [
    ['metadata.labels', '"-bad"', 24, 'key'],
    ['metadata.labels', 'example.com/x/y', 24, 'key'],
    ['metadata.labels', '/empty-prefix', 24, 'key'],
  ]);
  assert.deepEqual(codes(text).filter((c) => !c.startsWith('label-invalid')), []);
});

test('rule 25 ValidateLabels / IsValidLabelValue: values; empty or null is fine; a YAML boolean is a decode error only', () => {
  const text = service('  name: web\n  labels:\n    a: "my app"\n    b: -x\n    c: ""\n    d:\n    e: My_Value.1\n    f: "12345"\n');
  assert.deepEqual(find(text, 'label-invalid').map((p) => [covered(text, p), p.data?.rule, p.data?.part]), [['"my app"', 25, 'value'], ['-x', 25, 'value']]);
  assert.deepEqual(codes(service(`  name: web\n  labels:\n    a: ${'v'.repeat(63)}\n`)), []);
  assert.deepEqual(codes(service(`  name: web\n  labels:\n    a: ${'v'.repeat(64)}\n`)), ['label-invalid@metadata.labels']);
  assert.deepEqual(codes(service('  name: web\n  labels:\n    enabled: yes\n')), ['type-mismatch@metadata.labels']);
});

test('rule 25 field.ErrorList.ToAggregate: identical server errors are printed once (two keys with the same bad value)', () => {
  assert.deepEqual(codes(service('  name: web\n  labels:\n    a: -x\n    b: -x\n')), ['label-invalid@metadata.labels']);
});

test('rule 26 ValidateAnnotations: keys are checked lowercased; values are free text', () => {
  const text = service('  name: web\n  annotations:\n    Example.COM/Thing: "any value at all: yes"\n    "bad key": x\n    kubectl.kubernetes.io/last-applied-configuration: "{}"\n');
  assert.deepEqual(find(text, 'annotation-invalid').map((p) => [p.path, covered(text, p), p.data?.suggestion]), [['metadata.annotations', '"bad key"', 'bad-key']]);
  assert.deepEqual(codes(text), ['annotation-invalid@metadata.annotations']);
});

test('rule 26 ValidateAnnotationsSize: more than 256 KiB of annotations is TooLong', () => {
  const big = 'x'.repeat(262_144);
  const [p] = problems(service(`  name: web\n  annotations:\n    a: ${big}\n`));
  assert.deepEqual([p.code, p.path, p.data?.type, p.data?.server], ['annotations-too-long', 'metadata.annotations', 'TooLong', 'metadata.annotations: Too long: must have at most 262144 bytes']);
  assert.deepEqual(codes(service(`  name: web\n  annotations:\n    a: ${'x'.repeat(262_143)}\n`)), []);
});

test('rule 27 ValidateFinalizers + validateKubeFinalizerName: qualified names on metadata.finalizers, standard names on [i]', () => {
  const text = service('  name: web\n  finalizers:\n  - kubernetes\n  - example.com/cleanup\n  - Kubernetes\n  - a/b/c\n');
  assert.deepEqual(codes(text), ['finalizer-invalid@metadata.finalizers', 'finalizer-invalid@metadata.finalizers[2]']);
  const standard = find(text, 'finalizer-invalid').find((p) => p.path === 'metadata.finalizers[2]')!;
  assert.equal(standard.data?.server, 'metadata.finalizers[2]: Invalid value: "Kubernetes": name is neither a standard finalizer name nor is it fully qualified');
  assert.equal(standard.data?.suggestion, 'kubernetes');
  assert.deepEqual(codes(service('  name: web\n  finalizers: [orphan, foregroundDeletion]\n')), ['finalizer-conflict@metadata.finalizers']);
});

test('rule 28 ValidateService: topology-mode must match topology-aware-hints when both are set', () => {
  const both = (hints: string, mode: string) => service(`  name: web\n  annotations:\n    service.kubernetes.io/topology-aware-hints: ${hints}\n    service.kubernetes.io/topology-mode: ${mode}\n`);
  const text = both('auto', 'Auto');
  const [p] = problems(text);
  assert.deepEqual([p.code, p.path, covered(text, p), p.data?.suggestion], ['topology-annotations-conflict', 'metadata.annotations[service.kubernetes.io/topology-mode]', 'Auto', 'auto']);
  assert.deepEqual(codes(both('auto', 'auto')), []);
  assert.deepEqual(codes(service('  name: web\n  annotations:\n    service.kubernetes.io/topology-mode: Auto\n')), []);
  // An empty topology-mode is set (""), so it must match too; its range is the key: no suggestion.
  const [empty] = problems(both('auto', ''));
  assert.deepEqual([empty.code, empty.data?.suggestion], ['topology-annotations-conflict', undefined]);
});

// ---------------------------------------------------------------------------------------------
// Ports (rules 34-44) and selector (45)

test('rule 34 validateServicePort: every port needs a name when there are several, one Required per unnamed port', () => {
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n')), []);
  const text = named('  ports:\n  - port: 80\n  - port: 443\n  - port: 8080\n    name: http\n');
  const found = find(text, 'port-name-required');
  assert.deepEqual(found.map((p) => [p.path, covered(text, p), p.data?.missing, p.data?.suggestion]), [
    ['spec.ports[0].name', 'port', true, 'tcp-80'],
    ['spec.ports[1].name', 'port', true, 'https'],
  ]);
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    name: ""\n  - port: 81\n    name: b\n')), ['port-name-required@spec.ports[0].name']);
  // `name:` with no value: the range is the key, so the suggestion is a value to add (missing + keyPresent).
  const empty = named('  ports:\n  - port: 80\n    name:\n  - port: 81\n    name: b\n');
  const [p] = find(empty, 'port-name-required');
  assert.deepEqual([covered(empty, p), p.data?.missing, p.data?.keyPresent, p.data?.suggestion], ['name', true, true, 'http']);
});

test('rule 34 suggestions are unique DNS-1123 labels, taken from appProtocol or a named targetPort first', () => {
  const text = named('  ports:\n  - port: 80\n  - port: 80\n    protocol: UDP\n  - port: 9000\n    appProtocol: kubernetes.io/h2c\n  - port: 9001\n    targetPort: metrics\n  - port: 8080\n    name: http\n');
  const names = find(text, 'port-name-required').map((p) => p.data?.suggestion);
  // 80 would be `http`, but a later port already has that name.
  assert.deepEqual(names, ['tcp-80', 'udp-80', 'h2c', 'metrics']);
});

test('rule 35 validateServicePort / ValidateDNS1123Label: port names; longer than 15 or starting with a digit is fine (section I)', () => {
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    name: HTTP\n')), ['port-name-invalid@spec.ports[0].name']);
  const dotted = find(named('  ports:\n  - port: 80\n    name: a.b\n'), 'port-name-invalid');
  assert.deepEqual(dotted.map((p) => p.data?.server), ['spec.ports[0].name: Invalid value: "a.b": must not contain dots']);
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    name: a-very-long-port-name-over-15\n  - port: 81\n    name: 9http\n')), []);
});

test('rule 36 validateServicePort: port names are unique; one shared suggestion for an invalid duplicate', () => {
  const text = named('  ports:\n  - port: 53\n    name: dns\n  - port: 53\n    name: dns\n    protocol: UDP\n');
  const [p] = problems(text);
  assert.deepEqual([p.code, p.path, p.data?.type, p.data?.server, p.data?.suggestion, p.data?.first], ['port-name-duplicate', 'spec.ports[1].name', 'Duplicate', 'spec.ports[1].name: Duplicate value: "dns"', 'dns-udp', 0]);
  const both = problems(named('  ports:\n  - port: 80\n    name: HTTP\n  - port: 81\n    name: HTTP\n')).filter((x) => x.path === 'spec.ports[1].name');
  assert.deepEqual(both.map((x) => x.code), ['port-name-invalid', 'port-name-duplicate']);
  assert.equal(new Set(both.map((x) => x.data?.suggestion)).size, 1);
});

test('rule 37 validateServicePort / IsValidPortNum: port 1..65535; with no targetPort D6 makes the server report targetPort too', () => {
  const text = named('  ports:\n  - port: 70000\n');
  const found = problems(text);
  assert.deepEqual(found.map((p) => `${p.code}@${p.path}`), ['port-out-of-range@spec.ports[0].port', 'target-port-out-of-range@spec.ports[0].targetPort']);
  assert.deepEqual(found.map((p) => p.data?.server), [
    'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
  ]);
  assert.equal(found[1].data?.defaulted, true);
  assert.deepEqual(codes(named('  ports:\n  - port: 0\n    targetPort: 80\n')), ['port-out-of-range@spec.ports[0].port']);
  assert.deepEqual(codes(named('  ports:\n  - port: -1\n    targetPort: 0\n')), ['port-out-of-range@spec.ports[0].port', 'target-port-out-of-range@spec.ports[0].targetPort']);
  assert.deepEqual(codes(named('  ports:\n  - port: 65535\n')), []);
});

test('rule 37 respects decoding: a missing port is only required-field, a quoted port only type-mismatch', () => {
  assert.deepEqual(codes(named('  ports:\n  - targetPort: 80\n')), ['required-field@spec.ports[0].port']);
  assert.deepEqual(codes(named('  ports:\n  - port:\n')), ['required-field@spec.ports[0].port']);
  assert.deepEqual(codes(named('  ports:\n  - port: "80"\n')), ['type-mismatch@spec.ports[0].port']);
  assert.deepEqual(codes(named('  ports:\n  - port: 99999999999\n')), ['type-mismatch@spec.ports[0].port']);
});

test('rule 39 ValidatePortNumOrName: a numeric targetPort is 1..65535; 0 and "" are defaulted to port (D6, section I)', () => {
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    targetPort: 70000\n')), ['target-port-out-of-range@spec.ports[0].targetPort']);
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    targetPort: -1\n')), ['target-port-out-of-range@spec.ports[0].targetPort']);
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    targetPort: 0\n')), []);
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    targetPort: ""\n')), []);
  assert.deepEqual(codes(named('  clusterIP: None\n  ports:\n  - port: 80\n    targetPort: 8080\n')), []);
});

test('rule 40 ValidatePortNumOrName / IsValidPortName: a quoted number is a name; the fix is the number', () => {
  const text = named('  ports:\n  - port: 80\n    targetPort: "8080"\n');
  const [p] = problems(text);
  assert.deepEqual([p.code, p.path, covered(text, p), p.data?.server, p.data?.suggestion, p.data?.suggestionType], [
    'target-port-name-invalid', 'spec.ports[0].targetPort', '"8080"', 'spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)', '8080', 'integer',
  ]);
  assert.deepEqual(codes(applySuggestion(text, p)), []);
});

test('rule 40 IsValidPortName: one error per broken sub-rule, all on targetPort; IANA names are accepted', () => {
  const found = problems(named('  ports:\n  - port: 80\n    targetPort: -Http_Port-Name--\n'));
  assert.deepEqual(found.map((p) => p.data?.server), [
    'spec.ports[0].targetPort: Invalid value: "-Http_Port-Name--": must be no more than 15 characters',
    'spec.ports[0].targetPort: Invalid value: "-Http_Port-Name--": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'spec.ports[0].targetPort: Invalid value: "-Http_Port-Name--": must not contain consecutive hyphens',
    'spec.ports[0].targetPort: Invalid value: "-Http_Port-Name--": must not begin or end with a hyphen',
  ]);
  assert.ok(found.every((p) => p.data?.suggestion === 'http-port-name'));
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    targetPort: http\n  - port: 81\n    name: b\n    targetPort: web-8080\n')).filter((c) => c !== 'port-name-required@spec.ports[0].name'), []);
});

test('rule 41 validateServicePort / ValidateQualifiedName: appProtocol; uppercase and prefixes are fine', () => {
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    appProtocol: HTTP 2\n')), ['app-protocol-invalid@spec.ports[0].appProtocol']);
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    appProtocol: ""\n')), ['app-protocol-invalid@spec.ports[0].appProtocol', 'app-protocol-invalid@spec.ports[0].appProtocol']);
  for (const value of ['HTTP', 'kubernetes.io/h2c', 'grpc', 'example.com/MyProto']) {
    assert.deepEqual(codes(named(`  ports:\n  - port: 80\n    appProtocol: ${value}\n`)), [], value);
  }
});

test('rule 42 ValidateService: (protocol, port) pairs are unique, reported on spec.ports[i] after D5 (empty protocol is TCP)', () => {
  const text = named('  ports:\n  - port: 80\n    name: a\n  - port: 80\n    name: b\n    protocol: ""\n');
  const [p] = problems(text);
  assert.deepEqual([p.code, p.path, p.data?.type, covered(text, p)], ['port-duplicate', 'spec.ports[1]', 'Duplicate', '80']);
  assert.equal(p.data?.server, 'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}');
  assert.deepEqual(codes(named('  ports:\n  - port: 53\n    name: dns\n  - port: 53\n    name: dns-udp\n    protocol: UDP\n')), []);
});

test('rule 43 ValidateService: nodePort is forbidden when the defaulted type is ClusterIP (absent, "" or ClusterIP)', () => {
  for (const type of ['', '  type: ""\n', '  type: ClusterIP\n']) {
    const text = named(`${type}  ports:\n  - port: 80\n    nodePort: 30080\n`);
    const [p] = problems(text);
    assert.deepEqual([p.code, p.path, p.data?.type, p.data?.server, covered(text, p)], ['node-port-on-cluster-ip', 'spec.ports[0].nodePort', 'Forbidden', "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'", '30080'], type);
  }
});

test('rule 43: not on NodePort, LoadBalancer or ExternalName (ignored there, section I), and nodePort 0 is no nodePort', () => {
  for (const type of ['NodePort', 'LoadBalancer']) assert.deepEqual(codes(named(`  type: ${type}\n  ports:\n  - port: 80\n    nodePort: 30080\n`)), [], type);
  assert.deepEqual(codes(named('  type: ExternalName\n  externalName: db.example.com\n  ports:\n  - port: 80\n    nodePort: 30080\n')), []);
  assert.deepEqual(codes(named('  ports:\n  - port: 80\n    nodePort: 0\n')), []);
});

test('rule 44 ValidateService: (protocol, nodePort) pairs are unique (ExternalName, ClusterIP)', () => {
  const text = named('  type: ExternalName\n  externalName: db.example.com\n  ports:\n  - {name: a, port: 80, nodePort: 30080}\n  - {name: b, port: 81, nodePort: 30080}\n  - {name: c, port: 82, nodePort: 30080, protocol: UDP}\n');
  const found = problems(text);
  assert.deepEqual(found.map((p) => [`${p.code}@${p.path}`, p.data?.type, p.data?.server, p.stage]), [['node-port-duplicate@spec.ports[1].nodePort', 'Duplicate', 'spec.ports[1].nodePort: Duplicate value: 30080', 'validation']]);
  assert.deepEqual(codes(named('  ports:\n  - {name: a, port: 80, nodePort: 30080}\n  - {name: b, port: 81, nodePort: 30080}\n')), [
    'node-port-on-cluster-ip@spec.ports[0].nodePort', 'node-port-on-cluster-ip@spec.ports[1].nodePort', 'node-port-duplicate@spec.ports[1].nodePort',
  ]);
});

test('rule 44 with rule 18 initNodePorts: on NodePort, another port asking for the same nodePort fails allocation first (not a Duplicate here)', () => {
  // spec-registry reports `node-port-already-allocated` (rule 18); ValidateService never runs, so no Duplicate.
  assert.deepEqual(codes(named('  type: NodePort\n  ports:\n  - {name: a, port: 80, nodePort: 30080}\n  - {name: b, port: 81, protocol: UDP, nodePort: 30080}\n')), []);
  assert.deepEqual(codes(named('  type: NodePort\n  ports:\n  - {name: a, port: 80, nodePort: 30080}\n  - {name: b, port: 81, nodePort: 30080}\n')), []);
  // The same port number over TCP and UDP shares one nodePort: accepted.
  assert.deepEqual(codes(named('  type: NodePort\n  ports:\n  - {name: dns, port: 53, nodePort: 30053}\n  - {name: dns-udp, port: 53, protocol: UDP, nodePort: 30053}\n')), []);
});

test('rule 44 with initNodePorts: a port without nodePort shares the one requested for its port number, then ValidateService sees the Duplicate', () => {
  assert.deepEqual(codes(named('  type: LoadBalancer\n  ports:\n  - {name: a, port: 80}\n  - {name: b, port: 80, nodePort: 30080}\n')), ['port-duplicate@spec.ports[1]', 'node-port-duplicate@spec.ports[1].nodePort']);
  // Two ports with the same number and protocol share one random node port: a Duplicate too.
  const [p] = problems(named('  type: NodePort\n  ports:\n  - {name: a, port: 80}\n  - {name: b, port: 80}\n')).filter((x) => x.code === 'node-port-duplicate');
  assert.deepEqual([p.path, p.data?.allocated], ['spec.ports[1].nodePort', true]);
  // Without node port allocation (allocateLoadBalancerNodePorts: false) nothing is shared.
  assert.deepEqual(codes(named('  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  ports:\n  - {name: a, port: 80}\n  - {name: b, port: 80, protocol: UDP}\n')), []);
});

test('rule 45 ValidateService / ValidateLabels: selector keys and values on spec.selector; an empty selector is fine', () => {
  const text = named('  selector:\n    app: "-x"\n    "bad key": web\n  ports:\n  - port: 80\n');
  assert.deepEqual(find(text, 'selector-invalid').map((p) => [p.path, covered(text, p), p.data?.part, p.data?.rule]), [['spec.selector', '"-x"', 'value', 45], ['spec.selector', '"bad key"', 'key', 45]]);
  assert.deepEqual(codes(named('  selector: {}\n  ports:\n  - port: 80\n')), []);
  assert.deepEqual(codes(backEnd), []);
});

// ---------------------------------------------------------------------------------------------
// After validation (rules 59, 60)

test('rule 59 Store.Create (AlreadyExists): a later Service with the same name and namespace in one file', () => {
  const doc = (name: string, ns = '') => service(`  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}`);
  const text = `${doc('web')}---\n${doc('web', 'default')}---\n${doc('web', 'team-a')}---\n${doc('web-2')}`;
  const found = problems(text);
  assert.deepEqual(found.map((p) => [`${p.code}@${p.path}`, p.range.start.line, p.data?.type, p.data?.server, p.data?.suggestion]), [
    ['name-already-used@metadata.name', 11, 'AlreadyExists', 'services "web" already exists', 'web-3'],
  ]);
  assert.match(found[0].message, /line 4/);
  // Other kinds do not clash with a Service.
  assert.deepEqual(codes(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\n${doc('web')}`), []);
});

test('rule 60 etcd3 store.Create: a parseable non-zero resourceVersion is refused; "0", "" and unparseable ones slip through', () => {
  const [p] = problems(service('  name: web\n  resourceVersion: "12345"\n'));
  assert.deepEqual([p.code, p.path, p.data?.type, p.data?.server], ['resource-version-set', 'metadata.resourceVersion', 'InternalError', 'resourceVersion should not be set on objects to be created']);
  for (const value of ['"0"', '""', '"-1"', '"abc"']) assert.deepEqual(codes(service(`  name: web\n  resourceVersion: ${value}\n`)), [], value);
});

// ---------------------------------------------------------------------------------------------
// Cross-cutting

test('every problem of these rules carries rule, type and server text; suggestions applied make their problem go away', () => {
  const fixtures = [
    service('  name: My_Service.v2\n'),
    service('  generateName: Web-\n'),
    service('  name: web\n  namespace: Team_A\n'),
    service('  name: web\n  labels:\n    "-bad": "my app"\n    example.com/x/y: z\n'),
    service('  name: web\n  annotations:\n    "bad key": x\n'),
    service('  name: web\n  finalizers:\n  - Kubernetes\n  - a/b/c\n'),
    service('  name: web\n  annotations:\n    service.kubernetes.io/topology-aware-hints: auto\n    service.kubernetes.io/topology-mode: Auto\n'),
    named('  ports:\n  - port: 80\n    name: HTTP\n  - port: 81\n    name: HTTP\n    targetPort: -Http_Port-Name--\n    appProtocol: HTTP 2\n'),
    named('  selector:\n    app: "-x"\n  ports:\n  - port: 80\n    targetPort: "8080"\n'),
    `${service('  name: web\n')}---\n${service('  name: web\n')}`,
  ];
  for (const text of fixtures) {
    const found = problems(text).filter((p) => ours.has(p.code));
    assert.ok(found.length > 0, text);
    for (const p of found) {
      assert.equal(typeof p.data?.rule, 'number', p.code);
      assert.match(String(p.data?.type), /^(Required|Invalid|Forbidden|Duplicate|NotSupported|TooLong|NotFound|AlreadyExists|InternalError)$/);
      assert.ok(String(p.data?.server).length > 0);
      assert.doesNotMatch(p.message, /\{\w+\}/, p.message);
      if (p.data?.suggestion === undefined || p.data?.missing) continue;
      const fixed = applySuggestion(text, p);
      const still = problems(fixed).filter((q) => q.code === p.code && q.path === p.path && q.range.start.line === p.range.start.line && q.range.start.character === p.range.start.character);
      assert.deepEqual(still.map((q) => q.data?.server), [], `${p.code} ${String(p.data?.suggestion)} in\n${fixed}`);
    }
  }
});

test('messages: English quotes the server, Korean is complete and has no unresolved placeholders', () => {
  const text = named('  ports:\n  - port: 80\n    nodePort: 30080\n  - port: 70000\n    targetPort: "8080"\n');
  const en = problems(text);
  const ko = problems(text, { locale: 'ko' });
  assert.deepEqual(ko.map((p) => p.code), en.map((p) => p.code));
  assert.ok(en.length >= 3, `${en.length} problems to compare`);
  for (const p of ko) {
    assert.match(p.message, /[가-힣]/);
    assert.doesNotMatch(p.message, /\{\w+\}/);
  }
  assert.ok(en.every((p) => p.message.includes(String(p.data?.server))));
});

test('section I: the example files and the seed Service stay clean; merge keys are read as kubectl does', () => {
  const dir = `${__dirname}/../../../examples`;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'mistakes.yaml')) {
    assert.deepEqual(codes(readFileSync(`${dir}/${name}`, 'utf8')).filter((c) => ours.has(c.split('@')[0])), [], name);
  }
  const merged = named('  ports:\n  - &http\n    port: 80\n    name: http\n  - <<: *http\n    name: http2\n    port: 81\n');
  assert.deepEqual(codes(merged), []);
  assert.deepEqual(codes(merged.replace('    port: 81\n', '')), ['port-duplicate@spec.ports[1]']);
  const core = createLanguageCore();
  assert.deepEqual(core.validate(core.parse(backEnd)).filter((p) => relevant(p.code)), []);
});
