/**
 * The registry's checks in `beginCreate`, before ValidateService (service-validation-rules.md
 * section E, rules 10-15, and the decidable parts of 18-19). If any fails, the API server returns
 * only that error list (HTTP 422; 500 for the health-check port) and ValidateService never runs,
 * so these are reported with stage `registry`.
 *
 * The registry runs them in steps and stops at the first step with errors (storage.go
 * beginCreate → alloc.go allocateCreate): initIPFamilyFields first validates the IP fields with
 * ValidateServiceClusterIPsRelatedFields (rules 10-14), then checks ipFamilyPolicy against them
 * (rule 15); then cluster IPs are allocated (rule 17, cluster-dependent), then node ports
 * (initNodePorts, rule 18, which stops at the first failing port), then the health-check node
 * port (rule 19). We report the errors of the first failing step only, as the server does.
 *
 * None of this runs for ExternalName (initIPFamilyFields returns at once, nothing is allocated).
 */
import { familyOf, isIPv6, parseCIDRSloppy, parseIPSloppy, formatIP } from '../ip';
import { effectiveIPFamilyPolicy, finding, needsHealthCheck, serviceViewRule, type At, type Finding, type ServiceView } from './spec-model';


export type RegistryStep = 'ip-fields' | 'ip-family-policy' | 'node-ports' | 'health-check-node-port';


/** A likely intended address for an invalid cluster IP (`none` → `None`, a CIDR → its address). */
function clusterIPSuggestion(value: string): string | undefined {
  if (value.toLowerCase() === 'none') return 'None';
  const trimmed = value.trim();
  if (trimmed !== value && parseIPSloppy(trimmed)) return trimmed;
  const cidr = parseCIDRSloppy(trimmed);
  if (cidr) return formatIP(cidr.ip);
  return undefined;
}

/** ValidateServiceClusterIPsRelatedFields on the object as the registry sees it (rules 10-14). */
function ipFieldErrors(svc: ServiceView): Finding[] {
  const out: Finding[] = [];
  const ips = svc.effectiveClusterIPs;
  const written = svc.clusterIPs ?? [];
  const clusterIPsKey = svc.clusterIPsKey ?? ips[0] ?? svc.anchor;

  // Rule 10: clusterIP and clusterIPs agree (normalizeClusterIPs copied clusterIP when clusterIPs was empty).
  if (svc.clusterIP?.value) {
    if (written.length > 0 && written[0].value !== svc.clusterIP.value) {
      out.push(finding('cluster-ips-mismatch', written[0], 'spec.cluster-ips-mismatch.first', { value: written[0].value, clusterIP: svc.clusterIP.value }, 'spec.clusterIPs', { rule: 10, type: 'Invalid', suggestion: svc.clusterIP.value }));
    }
  } else if (written.length > 0) {
    out.push(finding('cluster-ips-mismatch', clusterIPsKey, 'spec.cluster-ips-mismatch.no-cluster-ip', { suggestion: written[0].value }, 'spec.clusterIPs', { rule: 10, type: 'Invalid', fix: 'add-cluster-ip', value: written[0].value }));
  }

  // Rule 12: no family twice (values outside IPv4/IPv6 are schema-conformance's NotSupported).
  const seen = new Set<string>();
  for (const family of svc.ipFamilies ?? []) {
    if (seen.has(family.value)) {
      const path = `spec.ipFamilies[${family.index}]`;
      out.push(finding('ip-family-duplicate', family, 'spec.ip-family-duplicate', { value: family.value, path }, path, { rule: 12, type: 'Duplicate', fix: 'remove-item' }));
    }
    seen.add(family.value);
  }

  // Rule 11: `None` alone, valid addresses, at most two, one per family.
  let invalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip.value === 'None') {
      if (ips.length > 1) {
        invalid = true;
        out.push(finding('cluster-ips-none-not-alone', ip, 'spec.cluster-ips-none-not-alone', {}, 'spec.clusterIPs', { rule: 11, type: 'Invalid' }));
      }
      return;
    }
    if (!parseIPSloppy(ip.value)) {
      invalid = true;
      const path = `spec.clusterIPs[${i}]`;
      const suggestion = clusterIPSuggestion(ip.value);
      out.push(finding('cluster-ip-invalid', ip, suggestion ? 'spec.cluster-ip-invalid.suggest' : 'spec.cluster-ip-invalid', { value: ip.value, path, suggestion: suggestion ?? '' }, path, { rule: 11, type: 'Invalid', ...(suggestion ? { suggestion } : {}) }));
    }
  });
  if (ips.length > 2) {
    out.push(finding('cluster-ips-too-many', clusterIPsKey, 'spec.cluster-ips-too-many', { count: ips.length }, 'spec.clusterIPs', { rule: 11, type: 'Invalid' }));
  }
  // An invalid address would skew the family checks: the server stops here.
  if (invalid) return out;

  if (ips.length > 1) {
    const families = ips.map((ip) => familyOf(parseIPSloppy(ip.value)!));
    if (!(families.includes('IPv4') && families.includes('IPv6'))) {
      out.push(finding('cluster-ips-same-family', ips[1], 'spec.cluster-ips-same-family', { family: families[0] }, 'spec.clusterIPs', { rule: 11, type: 'Invalid' }));
    }
  }

  // Rule 14: each address matches the family at the same index.
  const families = svc.ipFamilies ?? [];
  if (!svc.headless && ips.length > 0 && families.length > 0) {
    ips.forEach((ip, i) => {
      if (i >= families.length) return;
      const v6 = isIPv6(parseIPSloppy(ip.value)!);
      const expected = families[i].value;
      if ((expected === 'IPv4' && v6) || (expected === 'IPv6' && !v6)) {
        const path = `spec.clusterIPs[${i}]`;
        out.push(finding('cluster-ip-family-mismatch', ip, 'spec.cluster-ip-family-mismatch', { value: ip.value, family: expected, index: i, path }, path, { rule: 14, type: 'Invalid' }));
      }
    });
  }
  return out;
}

/** initIPFamilyFields after its pre-validation: a SingleStack policy with two of anything (rule 15). */
function policyErrors(svc: ServiceView): Finding[] {
  if (effectiveIPFamilyPolicy(svc) !== 'SingleStack') return [];
  const out: Finding[] = [];
  const data = { rule: 15, type: 'Invalid', allowed: ['PreferDualStack', 'RequireDualStack'] };
  if (svc.effectiveClusterIPs.length === 2) {
    out.push(finding('ip-family-policy-single-stack', svc.ipFamilyPolicy ?? svc.clusterIPsKey ?? svc.anchor, 'spec.ip-family-policy-single-stack.ips', {}, 'spec.ipFamilyPolicy', data));
  }
  if (svc.ipFamilies?.length === 2) {
    out.push(finding('ip-family-policy-single-stack', svc.ipFamilyPolicy ?? svc.ipFamiliesKey ?? svc.anchor, 'spec.ip-family-policy-single-stack.families', {}, 'spec.ipFamilyPolicy', data));
  }
  return out;
}

/** The node ports the registry takes for this Service, in initNodePorts' order: nodePort → index of the port entry. */
interface NodePortSteps {
  errors: Finding[];
  taken: Map<number, number>;
}

/** initNodePorts (rule 18): what fails regardless of the cluster's range and of other Services. */
function nodePortSteps(svc: ServiceView): NodePortSteps {
  const taken = new Map<number, number>();
  if (svc.type !== 'NodePort' && svc.type !== 'LoadBalancer') return { errors: [], taken };
  const ports = svc.ports ?? [];
  const allocate = svc.type === 'NodePort' || svc.allocateLoadBalancerNodePorts?.value !== false;
  // Entries with the same `port` number share one node port (53/TCP and 53/UDP).
  const byPort = new Map<number, number>();
  const take = (value: number, index: number, at: At<number>): Finding | undefined => {
    const path = `spec.ports[${index}].nodePort`;
    if (value < 1 || value > 65535) {
      return finding('node-port-out-of-range', at, 'spec.node-port-out-of-range', { value, path }, path, { rule: 18, type: 'Invalid', fix: 'remove-field', field: path });
    }
    const other = taken.get(value);
    if (other !== undefined) {
      return finding('node-port-already-allocated', at, 'spec.node-port-already-allocated', { value, path, other }, path, { rule: 18, type: 'Invalid', other: `spec.ports[${other}].nodePort` });
    }
    taken.set(value, index);
    return undefined;
  };
  for (const port of ports) {
    const nodePort = port.nodePort?.value ?? 0;
    if (nodePort === 0 && !allocate) continue;
    const shared = byPort.get(port.port);
    if (shared === undefined) {
      const requested = ports.find((p) => p.port === port.port && (p.nodePort?.value ?? 0) !== 0);
      if (requested) {
        const error = take(requested.nodePort!.value, port.index, port.nodePort ?? requested.nodePort!);
        if (error) return { errors: [error], taken };
        byPort.set(port.port, requested.nodePort!.value);
      } else {
        // Allocated by the server from the free ports: never a conflict (-1 marks "some port").
        byPort.set(port.port, -1);
      }
    } else if (nodePort !== 0 && nodePort !== shared) {
      const error = take(nodePort, port.index, port.nodePort!);
      if (error) return { errors: [error], taken };
    }
  }
  return { errors: [], taken };
}

/** allocHealthCheckNodePort (rule 19): an InternalError (HTTP 500) when a requested port cannot be had. */
function healthCheckErrors(svc: ServiceView, taken: Map<number, number>): Finding[] {
  const hc = svc.healthCheckNodePort;
  if (!needsHealthCheck(svc) || !hc || hc.value === 0) return [];
  const span = svc.healthCheckNodePortKey ?? hc;
  if (hc.value < 1 || hc.value > 65535) {
    return [finding('health-check-node-port-allocation', span, 'spec.health-check-node-port-allocation.range', { value: hc.value }, 'spec.healthCheckNodePort', { rule: 19, type: 'InternalError', fix: 'remove-field', field: 'spec.healthCheckNodePort' })];
  }
  const other = taken.get(hc.value);
  if (other !== undefined) {
    return [finding('health-check-node-port-allocation', span, 'spec.health-check-node-port-allocation.allocated', { value: hc.value, other }, 'spec.healthCheckNodePort', { rule: 19, type: 'InternalError', fix: 'remove-field', field: 'spec.healthCheckNodePort' })];
  }
  return [];
}

/** The registry's errors for a Service: those of the first failing step, as the server returns them. */
export function registryFindings(svc: ServiceView): { step?: RegistryStep; findings: Finding[] } {
  if (svc.type === undefined || svc.type === 'ExternalName') return { findings: [] };
  if (!svc.ipFieldsMalformed) {
    const ipFields = ipFieldErrors(svc);
    if (ipFields.length) return { step: 'ip-fields', findings: ipFields };
    // Values outside the enums fail the same step; schema-conformance reports them (stage registry).
    const badFamily = (svc.ipFamilies ?? []).some((f) => f.value !== 'IPv4' && f.value !== 'IPv6');
    const badPolicy = svc.ipFamilyPolicy !== undefined && !['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(svc.ipFamilyPolicy.value);
    if (badFamily || badPolicy) return { step: 'ip-fields', findings: [] };
    const policy = policyErrors(svc);
    if (policy.length) return { step: 'ip-family-policy', findings: policy };
  }
  const nodePorts = nodePortSteps(svc);
  if (nodePorts.errors.length) return { step: 'node-ports', findings: nodePorts.errors };
  const healthCheck = healthCheckErrors(svc, nodePorts.taken);
  if (healthCheck.length) return { step: 'health-check-node-port', findings: healthCheck };
  return { findings: [] };
}

export const specRegistry = serviceViewRule(
  {
    codes: {
      'cluster-ips-mismatch': 'error',
      'cluster-ip-invalid': 'error',
      'cluster-ips-none-not-alone': 'error',
      'cluster-ips-too-many': 'error',
      'cluster-ips-same-family': 'error',
      'ip-family-duplicate': 'error',
      'cluster-ip-family-mismatch': 'error',
      'ip-family-policy-single-stack': 'error',
      'node-port-out-of-range': 'error',
      'node-port-already-allocated': 'error',
      'health-check-node-port-allocation': 'error',
    },
    appliesTo: 'service',
    stage: 'registry',
  },
  (svc) => registryFindings(svc).findings,
);
