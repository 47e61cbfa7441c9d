/**
 * The spec rules: registry pre-checks (rules 10-19), ValidateService (29-33, 47-58), lint warnings
 * and cluster-dependent information. Each test names the rule (service-validation-rules.md) and
 * the Kubernetes function it mirrors. Assertions are on `code@path` lists of the spec rules' own
 * codes (other rule groups are tested in their own files).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problems } from './helpers';
import type { Problem } from '../../server/src/core/index';
import { specRules } from '../../server/src/core/validation/rules/spec-rules';
import { cidrWarnings, formatIP, ipWarning, parseAddr, parseCIDRSloppy, parseIPSloppy, parsePrefix, goTrimSpace, formatNetwork } from '../../server/src/core/validation/ip';

const ours = new Set(specRules.flatMap((rule) => Object.keys(rule.codes)));

const svc = (spec: string, metadata = '  name: web\n') => `apiVersion: v1\nkind: Service\nmetadata:\n${metadata}spec:\n${spec}`;
const PORTS = '  ports:\n  - port: 80\n';

function mine(text: string, settings = {}): Problem[] {
  return problems(text, settings).filter((p) => ours.has(p.code));
}

function codes(text: string): string[] {
  return mine(text).map((p) => `${p.code}@${p.path}`);
}

function find(text: string, code: string): Problem[] {
  return problems(text).filter((p) => p.code === code);
}

/** The text a problem's range covers. */
function covered(text: string, p: Problem): string {
  const lines = text.split('\n');
  const offset = (pos: { line: number; character: number }) => lines.slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
  return text.slice(offset(p.range.start), offset(p.range.end));
}

// ---------------------------------------------------------------------------------------------
// Registry pre-checks (beginCreate): rules 10-15, 18, 19.

test('rule 10 ValidateServiceClusterIPsRelatedFields: clusterIPs[0] must match clusterIP', () => {
  const text = svc(`  clusterIP: 10.96.0.20\n  clusterIPs:\n  - 10.96.0.21\n${PORTS}`);
  const [p] = find(text, 'cluster-ips-mismatch');
  assert.deepEqual([p.path, p.stage, p.severity, covered(text, p), p.data?.rule, p.data?.type, p.data?.suggestion], ['spec.clusterIPs', 'registry', 'error', '10.96.0.21', 10, 'Invalid', '10.96.0.20']);
  assert.match(p.message, /first value must match `clusterIP`/);
});

test('rule 10 normalizeClusterIPs: clusterIPs without clusterIP is not filled in, it is an error', () => {
  const text = svc(`  clusterIPs:\n  - 10.96.0.21\n${PORTS}`);
  const [p] = find(text, 'cluster-ips-mismatch');
  assert.deepEqual([p.path, covered(text, p), p.data?.fix, p.data?.value], ['spec.clusterIPs', 'clusterIPs', 'add-cluster-ip', '10.96.0.21']);
  assert.match(p.message, /must be empty when `clusterIP` is not specified/);
  // An explicit empty clusterIP is "not specified" too.
  assert.deepEqual(codes(svc(`  clusterIP: ""\n  clusterIPs: [10.96.0.21]\n${PORTS}`)).filter((c) => c.startsWith('cluster-ips')), ['cluster-ips-mismatch@spec.clusterIPs']);
});

test('rule 10 normalizeClusterIPs (D11): clusterIP alone, or both equal, is accepted', () => {
  assert.deepEqual(codes(svc(`  clusterIP: None\n  selector:\n    app: web\n${PORTS}`)), []);
  assert.deepEqual(codes(svc(`  clusterIP: 10.96.0.20\n  clusterIPs: [10.96.0.20]\n${PORTS}`)).filter((c) => !c.startsWith('cluster-ip-allocation')), []);
});

test('rule 11 ValidateServiceClusterIPsRelatedFields: clusterIP: bogus is reported on spec.clusterIPs[0], on the clusterIP value', () => {
  const text = svc(`  clusterIP: bogus\n${PORTS}`);
  const found = mine(text);
  assert.deepEqual(found.map((p) => [p.code, p.path, p.stage, covered(text, p)]), [['cluster-ip-invalid', 'spec.clusterIPs[0]', 'registry', 'bogus']]);
  assert.match(found[0].message, /spec\.clusterIPs\[0\]: Invalid value: "bogus": must be a valid IP address, \(e\.g\. 10\.9\.8\.7 or 2001:db8::ffff\)/);
  assert.equal(found[0].data?.reportedFirst, true);
});

test('rule 11 IsValidIPForLegacyField: suggestions for none (case matters) and for a CIDR written as an address', () => {
  assert.deepEqual(find(svc(`  clusterIP: none\n${PORTS}`), 'cluster-ip-invalid').map((p) => p.data?.suggestion), ['None']);
  assert.deepEqual(find(svc(`  clusterIP: 10.96.0.10/32\n${PORTS}`), 'cluster-ip-invalid').map((p) => p.data?.suggestion), ['10.96.0.10']);
  assert.deepEqual(find(svc(`  clusterIP: my-service\n${PORTS}`), 'cluster-ip-invalid').map((p) => p.data?.suggestion), [undefined]);
});

test('rule 11 ParseIPSloppy: leading zeros and IPv4-mapped IPv6 are valid cluster IPs (StrictIPCIDRValidation off in 1.34)', () => {
  assert.deepEqual(codes(svc(`  clusterIP: 010.096.000.020\n${PORTS}`)).filter((c) => c.startsWith('cluster-ip-invalid')), []);
  assert.deepEqual(codes(svc(`  clusterIP: fd00::10\n${PORTS}`)).filter((c) => c.startsWith('cluster-ip-invalid')), []);
});

test("rule 11 ValidateServiceClusterIPsRelatedFields: 'None' must be the first and only value", () => {
  const text = svc(`  clusterIP: None\n  clusterIPs: [None, 10.96.0.1]\n${PORTS}`);
  assert.deepEqual(codes(text), ['cluster-ips-none-not-alone@spec.clusterIPs']);
  // None later in the list is simply not an IP.
  assert.deepEqual(codes(svc(`  clusterIP: 10.96.0.1\n  clusterIPs: [10.96.0.1, None]\n${PORTS}`)), ['cluster-ip-invalid@spec.clusterIPs[1]']);
});

test('rule 11 ValidateServiceClusterIPsRelatedFields: at most two, one per family; IPv4-mapped IPv6 counts as IPv4', () => {
  assert.deepEqual(codes(svc(`  clusterIP: 10.96.0.1\n  clusterIPs: [10.96.0.1, fd00::1, 10.96.0.2]\n  ipFamilyPolicy: PreferDualStack\n${PORTS}`)), ['cluster-ips-too-many@spec.clusterIPs']);
  const same = svc(`  clusterIP: 10.96.0.1\n  clusterIPs: [10.96.0.1, 10.96.0.2]\n  ipFamilyPolicy: PreferDualStack\n${PORTS}`);
  assert.deepEqual(codes(same), ['cluster-ips-same-family@spec.clusterIPs']);
  assert.match(find(same, 'cluster-ips-same-family')[0].message, /may specify no more than one IP for each IP family/);
  assert.deepEqual(codes(svc(`  clusterIP: 10.96.0.1\n  clusterIPs: [10.96.0.1, "::ffff:10.96.0.2"]\n  ipFamilyPolicy: PreferDualStack\n${PORTS}`)).filter((c) => c.startsWith('cluster-ips')), ['cluster-ips-same-family@spec.clusterIPs']);
});

test('rule 11 ValidateServiceClusterIPsRelatedFields: an invalid address stops the family checks (rules 11d, 14)', () => {
  assert.deepEqual(codes(svc(`  clusterIP: bad\n  clusterIPs: [bad, also-bad]\n  ipFamilies: [IPv6]\n${PORTS}`)), ['cluster-ip-invalid@spec.clusterIPs[0]', 'cluster-ip-invalid@spec.clusterIPs[1]']);
});

test('rule 12 ValidateServiceClusterIPsRelatedFields: ipFamilies has no repeats (values are schema-conformance\'s NotSupported)', () => {
  const text = svc(`  ipFamilyPolicy: PreferDualStack\n  ipFamilies: [IPv4, IPv4]\n${PORTS}`);
  const [p] = find(text, 'ip-family-duplicate');
  assert.deepEqual([p.path, p.stage, p.data?.type], ['spec.ipFamilies[1]', 'registry', 'Duplicate']);
  // Not double-reported: an unknown value is only schema-conformance's (at the registry stage).
  const all = problems(svc(`  ipFamilies: [ipv4]\n${PORTS}`)).map((q) => `${q.code}@${q.path}@${q.stage}`);
  assert.deepEqual(all, ['unsupported-value@spec.ipFamilies[0]@registry']);
});

test('rule 14 ValidateServiceClusterIPsRelatedFields: clusterIPs[i] must match ipFamilies[i]', () => {
  const text = svc(`  clusterIP: 10.96.0.1\n  ipFamilies: [IPv6]\n${PORTS}`);
  const [p] = find(text, 'cluster-ip-family-mismatch');
  assert.deepEqual([p.path, covered(text, p)], ['spec.clusterIPs[0]', '10.96.0.1']);
  assert.match(p.message, /expected an IPv6 value as indicated by `ipFamilies\[0\]`/);
  assert.deepEqual(codes(svc(`  clusterIP: fd00::1\n  ipFamilies: [IPv4]\n${PORTS}`)), ['cluster-ip-family-mismatch@spec.clusterIPs[0]']);
});

test('rule 15 initIPFamilyFields: SingleStack (set or defaulted) cannot carry two cluster IPs or two families', () => {
  const twoIPs = svc(`  clusterIP: 10.96.0.1\n  clusterIPs: [10.96.0.1, fd00::1]\n${PORTS}`);
  const [p] = find(twoIPs, 'ip-family-policy-single-stack');
  assert.deepEqual([p.path, p.stage, covered(twoIPs, p)], ['spec.ipFamilyPolicy', 'registry', 'clusterIPs']);
  assert.match(p.message, /must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified/);
  const explicit = svc(`  ipFamilyPolicy: SingleStack\n  ipFamilies: [IPv4, IPv6]\n${PORTS}`);
  assert.deepEqual(find(explicit, 'ip-family-policy-single-stack').map((q) => covered(explicit, q)), ['SingleStack']);
  assert.deepEqual(codes(svc(`  ipFamilyPolicy: PreferDualStack\n  ipFamilies: [IPv4, IPv6]\n${PORTS}`)).filter((c) => !c.startsWith('ip-family-cluster')), []);
});

test('rule 15 initIPFamilyFields: only checked once ValidateServiceClusterIPsRelatedFields passed (the server stops at the first failing step)', () => {
  assert.deepEqual(codes(svc(`  clusterIP: 10.96.0.1\n  clusterIPs: [10.96.0.1, 10.96.0.2]\n${PORTS}`)), ['cluster-ips-same-family@spec.clusterIPs']);
});

test('rules 10-15 are skipped for ExternalName (initIPFamilyFields returns early; rules 31-32 apply instead)', () => {
  const text = svc('  type: ExternalName\n  externalName: db.example.com\n  clusterIP: bogus\n  clusterIPs: [other]\n');
  assert.deepEqual(codes(text), ['external-name-cluster-ip@spec.clusterIPs']);
});

test('rule 18 initNodePorts: a nodePort outside 1-65535 fails allocation on any cluster, before validation', () => {
  const text = svc('  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 70000\n');
  const [p] = find(text, 'node-port-out-of-range');
  assert.deepEqual([p.path, p.stage, covered(text, p), p.data?.rule], ['spec.ports[0].nodePort', 'registry', '70000', 18]);
  assert.match(p.message, /provided port is not in the valid range/);
  // On ExternalName a nodePort is ignored; on ClusterIP it is port-rules' Forbidden (rule 43).
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: db.example.com\n  ports:\n  - port: 80\n    nodePort: 70000\n')), []);
  assert.deepEqual(codes(svc('  ports:\n  - port: 80\n    nodePort: 70000\n')), []);
});

test('rule 18 initNodePorts: two different ports asking for one nodePort fail on the later port; 53/TCP and 53/UDP may share', () => {
  const text = svc('  type: NodePort\n  ports:\n  - name: a\n    port: 80\n    nodePort: 30080\n  - name: b\n    port: 81\n    nodePort: 30080\n');
  const [p] = find(text, 'node-port-already-allocated');
  assert.deepEqual([p.path, p.stage, p.data?.other], ['spec.ports[1].nodePort', 'registry', 'spec.ports[0].nodePort']);
  assert.match(p.message, /provided port is already allocated/);
  const shared = svc('  type: LoadBalancer\n  ports:\n  - name: dns\n    port: 53\n    protocol: UDP\n    nodePort: 30053\n  - name: dns-tcp\n    port: 53\n    nodePort: 30053\n');
  assert.deepEqual(codes(shared), []);
  // A port without nodePort takes the one requested by a later entry with the same port number.
  assert.deepEqual(codes(svc('  type: NodePort\n  ports:\n  - name: a\n    port: 53\n  - name: b\n    port: 53\n    protocol: UDP\n    nodePort: 30053\n')), []);
});

test('rule 18 initNodePorts: the allocator stops at the first failing port', () => {
  const text = svc('  type: NodePort\n  ports:\n  - name: a\n    port: 80\n    nodePort: 0x7FFFFFFF\n  - name: b\n    port: 81\n    nodePort: -5\n');
  assert.deepEqual(codes(text), ['node-port-out-of-range@spec.ports[0].nodePort']);
});

test('rule 18 initNodePorts: LoadBalancer with allocateLoadBalancerNodePorts false still honours explicit nodePorts', () => {
  const text = svc('  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  ports:\n  - name: a\n    port: 80\n    nodePort: 30080\n  - name: b\n    port: 81\n    nodePort: 30080\n');
  assert.deepEqual(codes(text), ['node-port-already-allocated@spec.ports[1].nodePort']);
});

test('rule 18: node ports are allocated after the IP fields, so an IP error hides a node-port error', () => {
  assert.deepEqual(codes(svc('  type: NodePort\n  clusterIP: bogus\n  ports:\n  - port: 80\n    nodePort: 70000\n')), ['cluster-ip-invalid@spec.clusterIPs[0]']);
});

test('rule 19 allocHealthCheckNodePort: LoadBalancer + Local with an impossible or taken healthCheckNodePort is an internal error', () => {
  const text = svc('  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 70000\n' + PORTS);
  const [p] = find(text, 'health-check-node-port-allocation');
  assert.deepEqual([p.path, p.stage, p.data?.type, covered(text, p)], ['spec.healthCheckNodePort', 'registry', 'InternalError', 'healthCheckNodePort: 70000']);
  assert.match(p.message, /failed to allocate requested HealthCheck NodePort 70000/);
  const taken = svc('  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30080\n  ports:\n  - port: 80\n    nodePort: 30080\n');
  assert.deepEqual(codes(taken), ['health-check-node-port-allocation@spec.healthCheckNodePort']);
  assert.deepEqual(codes(svc('  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30100\n' + PORTS)), []);
});

// ---------------------------------------------------------------------------------------------
// ValidateService: rules 29-33, 47-58.

test('rule 29 ValidateService: ports are required unless headless or ExternalName; an empty list counts as missing', () => {
  const text = svc('  selector:\n    app: web\n');
  const [p] = find(text, 'ports-required');
  assert.deepEqual([p.path, p.stage, p.data?.type, covered(text, p)], ['spec.ports', 'validation', 'Required', 'spec']);
  assert.match(p.message, /spec\.ports: Required value/);
  assert.deepEqual(codes(svc('  type: NodePort\n  ports: []\n')), ['ports-required@spec.ports']);
  assert.deepEqual(codes(svc('  clusterIP: None\n  selector:\n    app: web\n')), []);
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: db.example.com\n')), []);
});

test('rule 29 ValidateService: a Service without spec is a ClusterIP without ports (reported on kind)', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
  const [p] = find(text, 'ports-required');
  assert.equal(covered(text, p), 'kind');
});

test('rule 30 ValidateService: headless is not allowed for NodePort / LoadBalancer, reported on spec.clusterIPs[0]', () => {
  const text = svc(`  type: NodePort\n  clusterIP: None\n${PORTS}`);
  const [p] = find(text, 'headless-not-allowed');
  assert.deepEqual([p.path, p.data?.type, p.data?.fix, covered(text, p)], ['spec.clusterIPs[0]', 'Invalid', 'remove-cluster-ip-none', 'None']);
  assert.match(p.message, /may not be set to 'None' for NodePort services/);
  assert.match(find(svc(`  type: LoadBalancer\n  clusterIP: None\n${PORTS}`), 'headless-not-allowed')[0].message, /for LoadBalancer services/);
});

test('rule 31 ValidateService: ExternalName may not have cluster IPs, not even None (clusterIP is copied into clusterIPs)', () => {
  const text = svc('  type: ExternalName\n  externalName: db.example.com\n  clusterIP: None\n');
  const [p] = find(text, 'external-name-cluster-ip');
  assert.deepEqual([p.path, p.data?.type, p.data?.field, covered(text, p)], ['spec.clusterIPs', 'Forbidden', 'spec.clusterIP', 'None']);
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: db.example.com\n  clusterIP: ""\n')), []);
});

test('rule 32 ValidateService: ExternalName may not have ipFamilies or ipFamilyPolicy', () => {
  const text = svc('  type: ExternalName\n  externalName: db.example.com\n  ipFamilies: [IPv4]\n  ipFamilyPolicy: SingleStack\n');
  assert.deepEqual(codes(text), ['external-name-ip-family@spec.ipFamilies', 'external-name-ip-family@spec.ipFamilyPolicy']);
});

test('rule 33 ValidateService: externalName is required (absent, empty or just a dot)', () => {
  assert.deepEqual(codes(svc('  type: ExternalName\n')), ['external-name-required@spec.externalName']);
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: ""\n')), ['external-name-required@spec.externalName']);
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: .\n')), ['external-name-required@spec.externalName']);
});

test('rule 33 ValidateDNS1123Subdomain: externalName is a lowercase DNS name; a trailing dot and IP-looking names pass', () => {
  const text = svc('  type: ExternalName\n  externalName: DB.Example.com\n');
  const [p] = find(text, 'external-name-invalid');
  assert.deepEqual([p.path, p.data?.type, p.data?.suggestion], ['spec.externalName', 'Invalid', 'db.example.com']);
  assert.match(p.message, /a lowercase RFC 1123 subdomain must consist of/);
  assert.deepEqual(find(svc('  type: ExternalName\n  externalName: https://db.example.com:5432/app\n'), 'external-name-invalid').map((q) => q.data?.suggestion), ['db.example.com']);
  assert.deepEqual(find(svc('  type: ExternalName\n  externalName: my_db.example.com\n'), 'external-name-invalid').map((q) => q.data?.suggestion), [undefined]);
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: db.example.com.\n')), []);
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: 10.1.2.3\n')), []);
});

test('rule 47 validateAffinityTimeout: timeoutSeconds 1..86400 with ClientIP affinity; absent is defaulted (D3)', () => {
  const text = svc(`  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 86401\n${PORTS}`);
  const [p] = find(text, 'session-affinity-timeout');
  assert.deepEqual([p.path, p.data?.type, p.data?.suggestion, covered(text, p)], ['spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'Invalid', '86400', '86401']);
  assert.match(p.message, /must be greater than 0 and less than 86400/);
  assert.deepEqual(find(svc(`  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 0\n${PORTS}`), 'session-affinity-timeout').map((q) => q.data?.suggestion), ['10800']);
  assert.deepEqual(codes(svc(`  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 86400\n${PORTS}`)), []);
  assert.deepEqual(codes(svc(`  sessionAffinity: ClientIP\n  sessionAffinityConfig: {}\n${PORTS}`)), []);
});

test('rule 48 SetDefaults_Service (D2): sessionAffinityConfig without ClientIP is dropped, a warning with two fixes', () => {
  const absent = svc(`  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 600\n${PORTS}`);
  const [p] = find(absent, 'session-affinity-config-ignored');
  assert.deepEqual([p.severity, p.stage, p.path, p.data?.fix, covered(absent, p)], ['warning', 'lint', 'spec.sessionAffinityConfig', 'set-session-affinity-client-ip', 'sessionAffinityConfig']);
  assert.deepEqual(p.data?.fixes, ['set-session-affinity-client-ip', 'remove-session-affinity-config']);
  const none = svc(`  sessionAffinity: None\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 600\n${PORTS}`);
  assert.deepEqual(find(none, 'session-affinity-config-ignored').map((q) => q.data?.fix), ['remove-session-affinity-config']);
  // Accepted by the server (section I): no error. The timeout is not checked either, the config is gone.
  const bad = svc(`  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 0\n${PORTS}`);
  assert.deepEqual(mine(bad).filter((q) => q.severity === 'error'), []);
});

test('rule 49 ValidateService: externalIPs must be IP addresses', () => {
  const text = svc(`  externalIPs: [1.2.3.4/32, my-host]\n${PORTS}`);
  assert.deepEqual(find(text, 'external-ip-invalid').map((p) => [p.path, p.data?.suggestion]), [['spec.externalIPs[0]', '1.2.3.4'], ['spec.externalIPs[1]', undefined]]);
});

test('rule 49 ValidateNonSpecialIP: unspecified, loopback, link-local and link-local multicast are rejected', () => {
  const text = svc(`  externalIPs: [0.0.0.0, 127.0.0.1, 169.254.169.254, 224.0.0.1, "::1", "fe80::1", "ff02::1", "::"]\n${PORTS}`);
  const found = find(text, 'external-ip-special');
  assert.deepEqual(found.map((p) => p.path), [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `spec.externalIPs[${i}]`));
  assert.match(found[0].message, /may not be unspecified \(0\.0\.0\.0\)/);
  assert.match(found[7].message, /may not be unspecified \(::\)/);
  assert.match(found[1].message, /may not be in the loopback range \(127\.0\.0\.0\/8, ::1\/128\)/);
  assert.match(found[2].message, /link-local range/);
  assert.match(found[3].message, /link-local multicast range/);
});

test('rule 49 (section I): duplicate externalIPs and either family are accepted', () => {
  assert.deepEqual(codes(svc(`  externalIPs: [203.0.113.10, 203.0.113.10, "2001:db8::10"]\n${PORTS}`)), []);
});

test("rule 51 ValidateService: loadBalancerSourceRanges only on LoadBalancer, reported as spec.LoadBalancerSourceRanges", () => {
  const text = svc(`  type: NodePort\n  loadBalancerSourceRanges: [10.0.0.0/8]\n${PORTS}`);
  const [p] = find(text, 'source-ranges-not-load-balancer');
  assert.deepEqual([p.path, p.data?.type, p.data?.fix, covered(text, p)], ['spec.LoadBalancerSourceRanges', 'Forbidden', 'remove-field', 'loadBalancerSourceRanges']);
  assert.match(p.message, /may only be used when `type` is 'LoadBalancer'/);
});

test('rule 51 IsValidCIDRForLegacyField: each range is a CIDR; space padding and host bits are accepted', () => {
  const text = svc(`  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.7, bogus, " 10.0.0.0/8 "]\n${PORTS}`);
  assert.deepEqual(find(text, 'source-range-invalid').map((p) => [p.path, p.data?.suggestion]), [
    ['spec.LoadBalancerSourceRanges[0]', '203.0.113.7/32'],
    ['spec.LoadBalancerSourceRanges[1]', undefined],
  ]);
  assert.deepEqual(codes(svc(`  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.1/8]\n${PORTS}`)), ['cidr-non-standard@spec.loadBalancerSourceRanges[0]']);
});

test('rule 52 ValidateService: the source-ranges annotation is checked only when the field is empty', () => {
  const meta = '  name: web\n  annotations:\n    service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8, bad"\n';
  const path = 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]';
  assert.deepEqual(codes(svc(PORTS, meta)), [`source-ranges-not-load-balancer@${path}`, `source-range-invalid@${path}`]);
  assert.deepEqual(codes(svc(`  type: LoadBalancer\n${PORTS}`, meta)), [`source-range-invalid@${path}`]);
  assert.deepEqual(codes(svc(`  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]\n${PORTS}`, meta)), []);
  // The annotation is there even when empty (map[string]string: `key:` and `key: ""` are both "").
  for (const empty of ['', ' ""']) {
    const bare = `  name: web\n  annotations:\n    service.beta.kubernetes.io/load-balancer-source-ranges:${empty}\n`;
    assert.deepEqual(codes(svc(PORTS, bare)), [`source-ranges-not-load-balancer@${path}`], JSON.stringify(empty));
  }
});

test('rule 53 ValidateService: allocateLoadBalancerNodePorts only on LoadBalancer', () => {
  const text = svc(`  type: NodePort\n  allocateLoadBalancerNodePorts: false\n${PORTS}`);
  const [p] = find(text, 'allocate-node-ports-not-load-balancer');
  assert.deepEqual([p.path, p.data?.type, covered(text, p)], ['spec.allocateLoadBalancerNodePorts', 'Forbidden', 'allocateLoadBalancerNodePorts: false']);
  assert.deepEqual(codes(svc(`  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n${PORTS}`)), []);
});

test('rule 54 validateLoadBalancerClassField: only on LoadBalancer, and a qualified name there', () => {
  assert.deepEqual(codes(svc(`  loadBalancerClass: example.com/lb\n${PORTS}`)), ['load-balancer-class-not-load-balancer@spec.loadBalancerClass']);
  assert.deepEqual(codes(svc(`  type: LoadBalancer\n  loadBalancerClass: example.com/lb\n${PORTS}`)), []);
  const bad = find(svc(`  type: LoadBalancer\n  loadBalancerClass: "my lb!"\n${PORTS}`), 'load-balancer-class-invalid');
  assert.ok(bad.length >= 1);
  assert.ok(bad.every((p) => p.path === 'spec.loadBalancerClass' && p.data?.type === 'Invalid'));
});

test('rule 55 validateServiceExternalTrafficPolicy: a valid policy may only be set for externally-accessible services', () => {
  const text = svc(`  externalTrafficPolicy: Local\n${PORTS}`);
  const [p] = find(text, 'external-traffic-policy-not-allowed');
  assert.deepEqual([p.path, p.data?.type, p.data?.fix, covered(text, p)], ['spec.externalTrafficPolicy', 'Invalid', 'remove-field', 'Local']);
  assert.match(p.message, /may only be set for externally-accessible services/);
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: db.example.com\n  externalTrafficPolicy: Cluster\n')), ['external-traffic-policy-not-allowed@spec.externalTrafficPolicy']);
  // ExternallyAccessible: NodePort, LoadBalancer, ClusterIP with externalIPs; "" is fine everywhere.
  assert.deepEqual(codes(svc(`  externalIPs: [203.0.113.10]\n  externalTrafficPolicy: Local\n${PORTS}`)), []);
  assert.deepEqual(codes(svc(`  type: NodePort\n  externalTrafficPolicy: Local\n${PORTS}`)), []);
  assert.deepEqual(codes(svc(`  externalTrafficPolicy: ""\n${PORTS}`)), []);
  // A value outside the enum is schema-conformance's, not reported twice.
  assert.deepEqual(problems(svc(`  type: NodePort\n  externalTrafficPolicy: local\n${PORTS}`)).map((q) => q.code), ['unsupported-value']);
});

test('rule 56 validateServiceExternalTrafficPolicy: healthCheckNodePort only for LoadBalancer with Local', () => {
  const text = svc(`  type: NodePort\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30100\n${PORTS}`);
  assert.deepEqual(codes(text), ['health-check-node-port-not-allowed@spec.healthCheckNodePort']);
  assert.match(find(text, 'health-check-node-port-not-allowed')[0].message, /may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'/);
  // LoadBalancer defaults to Cluster (D7).
  assert.deepEqual(codes(svc(`  type: LoadBalancer\n  healthCheckNodePort: 30100\n${PORTS}`)), ['health-check-node-port-not-allowed@spec.healthCheckNodePort']);
  assert.deepEqual(codes(svc(`  type: LoadBalancer\n  healthCheckNodePort: 0\n${PORTS}`)), []);
});

test('rule 58 validateServiceTrafficDistribution (1.34): unsupported values, with a case fix', () => {
  const text = svc(`  trafficDistribution: preferClose\n${PORTS}`);
  const [p] = find(text, 'traffic-distribution-unsupported');
  assert.deepEqual([p.path, p.data?.type, p.data?.suggestion], ['spec.trafficDistribution', 'NotSupported', 'PreferClose']);
  assert.deepEqual(codes(svc(`  trafficDistribution: Nearest\n${PORTS}`)), ['traffic-distribution-unsupported@spec.trafficDistribution']);
  assert.deepEqual(codes(svc(`  trafficDistribution: ""\n${PORTS}`)), ['traffic-distribution-unsupported@spec.trafficDistribution']);
  assert.deepEqual(codes(svc(`  trafficDistribution: PreferClose\n${PORTS}`)), []);
});

test('rule 58 (cluster): PreferSameZone / PreferSameNode need Kubernetes 1.34; older servers answer Unsupported value', () => {
  const [p] = mine(svc(`  trafficDistribution: PreferSameNode\n${PORTS}`));
  assert.deepEqual([p.code, p.severity, p.stage], ['traffic-distribution-version', 'information', 'cluster']);
});

// ---------------------------------------------------------------------------------------------
// Warnings: accepted but ignored, deprecated or in non-standard form.

test('lint (GetWarningsForService): externalName on a non-ExternalName Service is ignored; without type the fix adds it', () => {
  const text = svc('  externalName: db.example.com\n  ports:\n  - port: 5432\n');
  const [p] = find(text, 'external-name-ignored');
  assert.deepEqual([p.severity, p.stage, p.data?.fix], ['warning', 'lint', 'set-type-external-name']);
  assert.match(p.message, /spec\.externalName is ignored when spec\.type is not "ExternalName"/);
  assert.deepEqual(find(svc('  type: ClusterIP\n  externalName: db.example.com\n' + PORTS), 'external-name-ignored').map((q) => q.data?.fix), ['remove-field']);
});

test('lint (GetWarningsForService): externalIPs on ExternalName and headless Services are ignored', () => {
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: db.example.com\n  externalIPs: [203.0.113.1]\n')), ['external-ips-ignored@spec.externalIPs']);
  assert.deepEqual(codes(svc(`  clusterIP: None\n  selector:\n    app: web\n  externalIPs: [203.0.113.1]\n${PORTS}`)), ['external-ips-ignored@spec.externalIPs']);
});

test('lint (GetWarningsForService): sessionAffinity ClientIP on a headless Service is ignored', () => {
  assert.deepEqual(codes(svc(`  clusterIP: None\n  sessionAffinity: ClientIP\n  selector:\n    app: web\n${PORTS}`)), ['session-affinity-ignored-headless@spec.sessionAffinity']);
});

test('lint (section I): loadBalancerIP takes any string; deprecated on LoadBalancer, ignored elsewhere', () => {
  const lb = svc(`  type: LoadBalancer\n  loadBalancerIP: anything-at-all\n${PORTS}`);
  assert.deepEqual(mine(lb).map((p) => [p.code, p.severity]), [['load-balancer-ip-deprecated', 'warning']]);
  assert.deepEqual(codes(svc(`  loadBalancerIP: 203.0.113.5\n${PORTS}`)), ['load-balancer-ip-ignored@spec.loadBalancerIP']);
  assert.match(find(svc(`  clusterIP: None\n  selector:\n    app: web\n  loadBalancerIP: 203.0.113.5\n${PORTS}`), 'load-balancer-ip-ignored')[0].message, /spec\.loadBalancerIP is ignored for headless services/);
});

test('lint rule 18: nodePort outside the default range 30000-32767 fails unless the cluster range includes it', () => {
  const text = svc('  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 8080\n');
  const [p] = find(text, 'node-port-outside-default-range');
  assert.deepEqual([p.severity, p.path, covered(text, p)], ['warning', 'spec.ports[0].nodePort', '8080']);
  assert.deepEqual(codes(svc('  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30080\n')), []);
  assert.deepEqual(codes(svc('  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 10256\n' + PORTS)), ['node-port-outside-default-range@spec.healthCheckNodePort']);
});

test('lint (section I): targetPort on a headless Service without selector is ignored; differing from port is not an error', () => {
  const text = svc('  clusterIP: None\n  ports:\n  - port: 3306\n    targetPort: 3307\n');
  const [p] = find(text, 'target-port-ignored-headless');
  assert.deepEqual([p.severity, p.path, p.data?.fix, covered(text, p)], ['warning', 'spec.ports[0].targetPort', 'remove-field', '3307']);
  assert.deepEqual(codes(svc('  clusterIP: None\n  selector:\n    app: db\n  ports:\n  - port: 3306\n    targetPort: 3307\n')), []);
  assert.deepEqual(codes(svc('  clusterIP: None\n  ports:\n  - port: 3306\n')), []);
});

test('lint (GetWarningsForIP / GetWarningsForCIDR): non-standard IP and CIDR forms, with the preferred form', () => {
  const found = mine(svc(`  externalIPs: ["010.000.000.001", "::ffff:203.0.113.1", "2001:DB8::1"]\n${PORTS}`));
  assert.deepEqual(found.map((p) => [p.code, p.path, p.data?.suggestion]), [
    ['ip-non-standard', 'spec.externalIPs[0]', '10.0.0.1'],
    ['ip-non-standard', 'spec.externalIPs[1]', '203.0.113.1'],
    ['ip-non-standard', 'spec.externalIPs[2]', '2001:db8::1'],
  ]);
  assert.match(found[0].message, /non-standard IP address "010\.000\.000\.001" will be considered invalid in a future Kubernetes release: use "10\.0\.0\.1"/);
  assert.match(found[2].message, /should be in RFC 5952 canonical format \("2001:db8::1"\)/);
  const ranges = mine(svc(`  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.1/8, 010.0.0.0/8, "2001:DB8::/32"]\n${PORTS}`));
  assert.deepEqual(ranges.map((p) => [p.path, p.data?.suggestion]), [
    ['spec.loadBalancerSourceRanges[0]', '10.0.0.0/8'],
    ['spec.loadBalancerSourceRanges[1]', '10.0.0.0/8'],
    ['spec.loadBalancerSourceRanges[2]', '2001:db8::/32'],
  ]);
  assert.match(ranges[0].message, /CIDR value "10\.0\.0\.1\/8" is ambiguous in this context \(should be "10\.0\.0\.0\/8" or "10\.0\.0\.1\/32"\?\)/);
});

// ---------------------------------------------------------------------------------------------
// Information: cluster-dependent outcomes.

test('rule 17 allocClusterIPs (cluster): a requested clusterIP must be in the service CIDR and free', () => {
  const text = svc(`  clusterIP: 10.96.0.20\n${PORTS}`);
  const [p] = mine(text);
  assert.deepEqual([p.code, p.severity, p.stage, p.path, covered(text, p)], ['cluster-ip-allocation', 'information', 'cluster', 'spec.clusterIPs', '10.96.0.20']);
  assert.match(p.message, /failed to allocate IP 10\.96\.0\.20/);
  // Not for headless, and not when the registry rejects the IP fields first.
  assert.deepEqual(codes(svc(`  clusterIP: None\n  selector:\n    app: web\n${PORTS}`)), []);
  assert.deepEqual(codes(svc(`  clusterIP: 10.96.0.20\n  clusterIPs: [10.96.0.21]\n${PORTS}`)), ['cluster-ips-mismatch@spec.clusterIPs']);
});

test('rule 16 initIPFamilyFields (cluster): dual-stack and IPv6 requests depend on the cluster, one note per Service', () => {
  assert.deepEqual(codes(svc(`  ipFamilyPolicy: RequireDualStack\n${PORTS}`)), ['ip-family-cluster-dependent@spec.ipFamilyPolicy']);
  assert.deepEqual(codes(svc(`  ipFamilyPolicy: PreferDualStack\n  ipFamilies: [IPv4, IPv6]\n${PORTS}`)), ['ip-family-cluster-dependent@spec.ipFamilies[1]']);
  assert.deepEqual(codes(svc(`  ipFamilies: [IPv6]\n${PORTS}`)), ['ip-family-cluster-dependent@spec.ipFamilies[0]']);
  assert.deepEqual(codes(svc(`  clusterIP: fd00::10\n${PORTS}`)), ['ip-family-cluster-dependent@spec.clusterIPs[0]']);
  assert.deepEqual(codes(svc(`  ipFamilyPolicy: PreferDualStack\n${PORTS}`)), []);
  // Headless without selector is accepted with any families on any cluster.
  assert.deepEqual(codes(svc(`  clusterIP: None\n  ipFamilyPolicy: RequireDualStack\n${PORTS}`)), []);
});

// ---------------------------------------------------------------------------------------------
// Accepted as written, section I and defaulting.

test('section I / defaulting: empty type and sessionAffinity, publishNotReadyAddresses, a plain LoadBalancer are clean', () => {
  assert.deepEqual(codes(svc(`  type: ""\n  sessionAffinity: ""\n  publishNotReadyAddresses: true\n${PORTS}`)), []);
  assert.deepEqual(codes(svc(`  type: LoadBalancer\n  externalTrafficPolicy: Local\n${PORTS}  selector:\n    app: web\n`)), []);
  assert.deepEqual(codes(svc('  type: ExternalName\n  externalName: db.example.com\n  ports:\n  - port: 5432\n    nodePort: 12\n')), []);
});

test('wrong JSON types are decode errors reported elsewhere: the spec rules do not judge them', () => {
  assert.deepEqual(codes(svc(`  type: 5\n  externalName: 7\n  clusterIP: 10\n  externalIPs: [1]\n${PORTS}`)), []);
  assert.deepEqual(codes(svc(`  type: ExternalName\n  externalName: 7\n`)), []);
  assert.deepEqual(codes('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec: []\n'), []);
});

test('merge keys and duplicate keys are read as kubectl reads them', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nbase: &base\n  type: NodePort\nspec:\n  <<: *base\n  clusterIP: None\n  ports:\n  - port: 80\n';
  assert.ok(codes(text).includes('headless-not-allowed@spec.clusterIPs[0]'));
  const dup = svc(`  type: NodePort\n  type: ClusterIP\n  externalTrafficPolicy: Local\n${PORTS}`);
  assert.deepEqual(codes(dup), ['external-traffic-policy-not-allowed@spec.externalTrafficPolicy']);
});

test('messages: Korean texts, no placeholder left unfilled in either language', () => {
  const fixtures = [
    svc(`  clusterIP: 10.96.0.20\n  clusterIPs: [10.96.0.21]\n${PORTS}`),
    svc(`  clusterIPs: [10.96.0.21]\n${PORTS}`),
    svc(`  type: NodePort\n  clusterIP: None\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 1\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 5}}\n  loadBalancerIP: x\n  ports:\n  - port: 80\n    nodePort: 80\n`),
    svc('  type: ExternalName\n  externalName: Bad_Name\n  clusterIP: None\n  ipFamilies: [IPv4]\n  externalIPs: [127.0.0.1, nope]\n  loadBalancerSourceRanges: [x]\n  trafficDistribution: close\n  loadBalancerClass: a\n  allocateLoadBalancerNodePorts: true\n'),
    svc(`  clusterIP: fd00::1\n  trafficDistribution: PreferSameZone\n  externalName: x.example\n${PORTS}`),
    svc(`  ipFamilyPolicy: SingleStack\n  ipFamilies: [IPv4, IPv4]\n${PORTS}`),
  ];
  const seen = new Set<string>();
  for (const text of fixtures) {
    for (const locale of ['en', 'ko'] as const) {
      for (const p of problems(text, { locale }).filter((q) => ours.has(q.code))) {
        assert.doesNotMatch(p.message, /\{\w+\}/, `${p.code}: ${p.message}`);
        if (locale === 'ko') assert.match(p.message, /[가-힣]/, `${p.code}: ${p.message}`);
        seen.add(p.code);
      }
    }
  }
  assert.ok(seen.size >= 20, [...seen].join(', '));
});

// ---------------------------------------------------------------------------------------------
// ip.ts: Go's parsers.

test('ip.ts ParseIPSloppy (Go 1.16 net.ParseIP): leading zeros, long hex groups, embedded IPv4; no zones or ports', () => {
  const ok = ['1.2.3.4', '010.001.002.003', '0000255.0.0.1', '::', '::1', '2001:db8::1', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '00001::', '::1.2.3.4', '1:2:3:4:5:6:1.2.3.4'];
  const bad = ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1.2.3.4:80', 'fe80::1%eth0', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', ':1::', '1.2.3.4/32', ' 1.2.3.4', 'None', '1:2:3:4:5:1.2.3.4', '::10000'];
  for (const s of ok) assert.ok(parseIPSloppy(s), s);
  for (const s of bad) assert.equal(parseIPSloppy(s), null, s);
  assert.equal(formatIP(parseIPSloppy('010.001.002.003')!), '10.1.2.3');
  assert.equal(formatIP(parseIPSloppy('::ffff:1.2.3.4')!), '1.2.3.4');
  assert.equal(formatIP(parseIPSloppy('2001:0DB8:0:0:1:0:0:1')!), '2001:db8::1:0:0:1');
  assert.equal(formatIP(parseIPSloppy('::1.2.3.4')!), '::102:304');
});

test('ip.ts netip.ParseAddr / ParsePrefix: strict forms, zones on addresses only', () => {
  assert.ok(parseAddr('fe80::1%eth0'));
  for (const s of ['010.0.0.1', '00001::', '1.2.3.4%x', 'fe80::1%']) assert.equal(parseAddr(s), null, s);
  assert.ok(parsePrefix('10.0.0.0/8'));
  for (const s of ['10.0.0.0/08', '10.0.0.0/+8', '10.0.0.0/33', 'fe80::%eth0/64', '10.0.0.0']) assert.equal(parsePrefix(s), null, s);
});

test('ip.ts ParseCIDRSloppy and the CIDR warnings: masks, IPv4-mapped networks, leading zeros in the length', () => {
  for (const s of ['10.0.0.0/8', '10.0.0.1/8', '10.0.0.0/008', '::/0', '::ffff:1.2.3.0/120']) assert.ok(parseCIDRSloppy(s), s);
  for (const s of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/a', '::/129', '10.0.0.0/8/8']) assert.equal(parseCIDRSloppy(s), null, s);
  assert.equal(formatNetwork(parseCIDRSloppy('::ffff:1.2.3.4/120')!), '1.2.3.0/24');
  assert.deepEqual(cidrWarnings('10.0.0.0/8'), []);
  assert.deepEqual(cidrWarnings('10.0.0.0/008'), [{ kind: 'non-standard', preferred: '10.0.0.0/8' }]);
  assert.deepEqual(cidrWarnings('::ffff:1.2.3.4/120'), [
    { kind: 'ambiguous', network: '1.2.3.0/24', single: '1.2.3.4/128' },
    { kind: 'non-standard', preferred: '1.2.3.0/24' },
  ]);
  assert.deepEqual(ipWarning('2001:db8::1'), undefined);
  assert.deepEqual(ipWarning('2001:db8:0:0:0:0:0:1'), { kind: 'non-canonical', preferred: '2001:db8::1' });
  assert.equal(goTrimSpace('\u00a0 10.0.0.0/8\t\u0085'), '10.0.0.0/8');
  assert.equal(goTrimSpace('\ufeff10.0.0.0/8'), '\ufeff10.0.0.0/8');
});

test('rules 12-13: an ipFamilies / ipFamilyPolicy value outside the enum fails the same registry step, so later steps stay silent', () => {
  const text = svc('  type: NodePort\n  clusterIP: 10.96.0.20\n  ipFamilyPolicy: ""\n  ports:\n  - port: 80\n    nodePort: 70000\n');
  assert.deepEqual(problems(text).map((p) => `${p.code}@${p.path}@${p.stage}`), ['unsupported-value@spec.ipFamilyPolicy@registry']);
});
