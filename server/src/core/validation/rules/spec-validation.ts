/**
 * ValidateService for the spec outside the ports (service-validation-rules.md rules 29-33 and
 * 47-58), all reported together with stage `validation` (HTTP 422 "The Service "x" is invalid").
 * Paths are the server's, including its quirks: `clusterIP: None` on a NodePort is reported on
 * `spec.clusterIPs[0]`, source ranges on `spec.LoadBalancerSourceRanges`.
 *
 * Enum values outside the schema (type, sessionAffinity, externalTrafficPolicy, internalTrafficPolicy,
 * ipFamilies, ipFamilyPolicy) are schema-conformance's; rules 46, 50 and 57 are only that. Rule 48
 * (sessionAffinityConfig with affinity None) is unreachable: SetDefaults_Service drops the config
 * (D2); spec-lint warns instead.
 *
 * trafficDistribution is checked as Kubernetes 1.34 does (PreferClose, PreferSameZone,
 * PreferSameNode; the last two need PreferSameTrafficDistribution, beta and on from 1.34).
 */
import { closest } from '../../schema';
import { formatIP, goTrimSpace, isLinkLocalMulticast, isLinkLocalUnicast, isLoopback, isUnspecified, parseCIDRSloppy, parseIPSloppy } from '../ip';
import { dns1123SubdomainErrors, qualifiedNameErrors, toQualifiedName } from '../names';
import { annotation, externallyAccessible, finding, needsHealthCheck, serviceViewRule, type Finding, type ServiceView } from './spec-model';


const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** trafficDistribution values accepted by Kubernetes 1.34. */
const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameNode', 'PreferSameZone'];


/** A host name that passes rule 33, derived from a URL or a mixed-case name; undefined when none. */
function externalNameSuggestion(value: string): string | undefined {
  const host = value
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d*$/, '')
    .toLowerCase();
  if (!host || host === value) return undefined;
  return dns1123SubdomainErrors(host.replace(/\.$/, '')).length === 0 ? host : undefined;
}

/** `1.2.3.4` for a source range written without a prefix length. */
function cidrSuggestion(value: string): string | undefined {
  const ip = parseIPSloppy(value);
  if (!ip) return undefined;
  const text = formatIP(ip);
  return `${text}/${text.includes(':') ? 128 : 32}`;
}

function externalIPSuggestion(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed !== value && parseIPSloppy(trimmed)) return trimmed;
  const cidr = parseCIDRSloppy(trimmed);
  return cidr ? formatIP(cidr.ip) : undefined;
}

function sourceRangeErrors(svc: ServiceView): Finding[] {
  const out: Finding[] = [];
  const ranges = svc.sourceRanges ?? [];
  const typeArg = svc.type ?? '';
  if (ranges.length > 0) {
    // Rule 51. The server names the field with a capital L.
    if (svc.type !== undefined && svc.type !== 'LoadBalancer') {
      out.push(finding('source-ranges-not-load-balancer', svc.sourceRangesKey ?? ranges[0], 'spec.source-ranges-not-load-balancer', { type: typeArg, path: 'spec.LoadBalancerSourceRanges' }, 'spec.LoadBalancerSourceRanges', { rule: 51, type: 'Forbidden', fix: 'remove-field', field: 'spec.loadBalancerSourceRanges' }));
    }
    for (const range of ranges) {
      // Space padding is tolerated (a leftover of the annotation).
      const value = goTrimSpace(range.value);
      if (parseCIDRSloppy(value)) continue;
      const path = `spec.LoadBalancerSourceRanges[${range.index}]`;
      const suggestion = cidrSuggestion(value);
      out.push(finding('source-range-invalid', range, suggestion ? 'spec.source-range-invalid.suggest' : 'spec.source-range-invalid', { value, path, suggestion: suggestion ?? '' }, path, { rule: 51, type: 'Invalid', ...(suggestion ? { suggestion } : {}) }));
    }
    return out;
  }
  // Rule 52: the annotation is looked at only when the field is empty.
  const note = annotation(svc, SOURCE_RANGES_ANNOTATION);
  if (!note) return out;
  const path = `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`;
  if (svc.type !== undefined && svc.type !== 'LoadBalancer') {
    out.push(finding('source-ranges-not-load-balancer', note.keySpan, 'spec.source-ranges-not-load-balancer', { type: typeArg, path }, path, { rule: 52, type: 'Forbidden', fix: 'remove-field', field: path }));
  }
  const value = goTrimSpace(note.value);
  if (value === '') return out;
  for (const part of value.split(',')) {
    const entry = goTrimSpace(part);
    if (parseCIDRSloppy(entry)) continue;
    out.push(finding('source-range-invalid', note.valueSpan, 'spec.source-range-invalid', { value: entry, path, suggestion: '' }, path, { rule: 52, type: 'Invalid' }));
  }
  return out;
}

/** ValidateService's spec rules, in the server's order. */
function validationFindings(svc: ServiceView): Finding[] {
  const out: Finding[] = [];
  const type = svc.type;

  if (type !== undefined) {
    // Rule 29.
    if (!svc.portsMalformed && (svc.ports?.length ?? 0) === 0 && !svc.headless && type !== 'ExternalName') {
      out.push(finding('ports-required', svc.portsKey ?? svc.anchor, 'spec.ports-required', { type }, 'spec.ports', { rule: 29, type: 'Required', fix: 'add-ports' }));
    }
    // Rule 30.
    if ((type === 'NodePort' || type === 'LoadBalancer') && svc.headless) {
      out.push(finding('headless-not-allowed', svc.effectiveClusterIPs[0], 'spec.headless-not-allowed', { type }, 'spec.clusterIPs[0]', { rule: 30, type: 'Invalid', fix: 'remove-cluster-ip-none' }));
    }
    if (type === 'ExternalName') {
      // Rule 31: clusterIP was copied into clusterIPs (D11), so either field counts.
      if (svc.effectiveClusterIPs.length > 0) {
        const field = svc.clusterIP?.value ? 'clusterIP' : 'clusterIPs';
        const span = svc.clusterIP?.value ? svc.clusterIP : (svc.clusterIPsKey ?? svc.effectiveClusterIPs[0]);
        const fields = [svc.clusterIP ? 'spec.clusterIP' : '', svc.clusterIPs ? 'spec.clusterIPs' : ''].filter(Boolean);
        out.push(finding('external-name-cluster-ip', span, 'spec.external-name-cluster-ip', { key: field }, 'spec.clusterIPs', { rule: 31, type: 'Forbidden', fix: 'remove-field', field: `spec.${field}`, fields }));
      }
      // Rule 32.
      if ((svc.ipFamilies?.length ?? 0) > 0) {
        out.push(finding('external-name-ip-family', svc.ipFamiliesKey ?? svc.anchor, 'spec.external-name-ip-family', { key: 'ipFamilies', path: 'spec.ipFamilies' }, 'spec.ipFamilies', { rule: 32, type: 'Forbidden', fix: 'remove-field', field: 'spec.ipFamilies' }));
      }
      if (svc.ipFamilyPolicy) {
        out.push(finding('external-name-ip-family', svc.ipFamilyPolicy, 'spec.external-name-ip-family', { key: 'ipFamilyPolicy', path: 'spec.ipFamilyPolicy' }, 'spec.ipFamilyPolicy', { rule: 32, type: 'Forbidden', fix: 'remove-field', field: 'spec.ipFamilyPolicy' }));
      }
      // Rule 33: one trailing dot (a fully qualified name) is allowed.
      const written = svc.externalName;
      const cname = (written?.value ?? '').replace(/\.$/, '');
      if (svc.externalNameMalformed) {
        // A decode error (rule 8), reported by schema-conformance.
      } else if (cname === '') {
        out.push(finding('external-name-required', written ?? svc.externalNameKey ?? svc.typeAt ?? svc.anchor, 'spec.external-name-required', {}, 'spec.externalName', { rule: 33, type: 'Required', fix: 'add-external-name' }));
      } else {
        const suggestion = externalNameSuggestion(written!.value);
        for (const detail of dns1123SubdomainErrors(cname)) {
          out.push(finding('external-name-invalid', written!, suggestion ? 'spec.external-name-invalid.suggest' : 'spec.external-name-invalid', { value: cname, detail, suggestion: suggestion ?? '' }, 'spec.externalName', { rule: 33, type: 'Invalid', ...(suggestion ? { suggestion } : {}) }));
        }
      }
    }
  }

  // Rule 47: with ClientIP affinity the timeout (10800 when absent, D3) must be 1..86400.
  const timeout = svc.timeoutSeconds;
  if (svc.sessionAffinity === 'ClientIP' && timeout && (timeout.value <= 0 || timeout.value > 86400) && Math.abs(timeout.value) < 2 ** 31) {
    const suggestion = timeout.value > 86400 ? '86400' : '10800';
    out.push(finding('session-affinity-timeout', timeout, 'spec.session-affinity-timeout', { value: timeout.value, suggestion }, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', { rule: 47, type: 'Invalid', suggestion }));
  }

  // Rule 49: external IPs are addresses, and not special ones (duplicates are fine).
  for (const ip of svc.externalIPs ?? []) {
    const path = `spec.externalIPs[${ip.index}]`;
    const parsed = parseIPSloppy(ip.value);
    if (!parsed) {
      const suggestion = externalIPSuggestion(ip.value);
      out.push(finding('external-ip-invalid', ip, 'spec.external-ip-invalid', { value: ip.value, path }, path, { rule: 49, type: 'Invalid', ...(suggestion ? { suggestion } : {}) }));
      continue;
    }
    const details: string[] = [];
    if (isUnspecified(parsed)) details.push(`may not be unspecified (${ip.value})`);
    if (isLoopback(parsed)) details.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
    if (isLinkLocalUnicast(parsed)) details.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
    if (isLinkLocalMulticast(parsed)) details.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
    for (const detail of details) out.push(finding('external-ip-special', ip, 'spec.external-ip-special', { value: ip.value, path, detail }, path, { rule: 49, type: 'Invalid' }));
  }

  // Rules 51-52.
  out.push(...sourceRangeErrors(svc));

  if (type !== undefined) {
    // Rule 53.
    if (svc.allocateLoadBalancerNodePorts && type !== 'LoadBalancer') {
      out.push(finding('allocate-node-ports-not-load-balancer', svc.allocateKey ?? svc.allocateLoadBalancerNodePorts, 'spec.allocate-node-ports-not-load-balancer', { type }, 'spec.allocateLoadBalancerNodePorts', { rule: 53, type: 'Forbidden', fix: 'remove-field', field: 'spec.allocateLoadBalancerNodePorts' }));
    }
    // Rule 54.
    const lbClass = svc.loadBalancerClass;
    if (lbClass && type === 'LoadBalancer') {
      const suggestion = toQualifiedName(lbClass.value);
      const useful = suggestion && suggestion !== lbClass.value ? suggestion : undefined;
      for (const detail of qualifiedNameErrors(lbClass.value)) {
        out.push(finding('load-balancer-class-invalid', lbClass, 'spec.load-balancer-class-invalid', { value: lbClass.value, detail }, 'spec.loadBalancerClass', { rule: 54, type: 'Invalid', ...(useful ? { suggestion: useful } : {}) }));
      }
    } else if (lbClass) {
      out.push(finding('load-balancer-class-not-load-balancer', svc.loadBalancerClassKey ?? lbClass, 'spec.load-balancer-class-not-load-balancer', { type }, 'spec.loadBalancerClass', { rule: 54, type: 'Forbidden', fix: 'remove-field', field: 'spec.loadBalancerClass' }));
    }
    // Rule 55: a valid policy on a Service nobody reaches from outside (other values are schema-conformance's).
    const policy = svc.externalTrafficPolicy;
    if (policy && (policy.value === 'Cluster' || policy.value === 'Local') && !externallyAccessible(svc)) {
      out.push(finding('external-traffic-policy-not-allowed', policy, 'spec.external-traffic-policy-not-allowed', { value: policy.value, type }, 'spec.externalTrafficPolicy', { rule: 55, type: 'Invalid', fix: 'remove-field', field: 'spec.externalTrafficPolicy' }));
    }
    // Rule 56 (for LoadBalancer + Local a bad port already failed in the registry, rule 19).
    const hc = svc.healthCheckNodePort;
    if (hc && hc.value !== 0 && !needsHealthCheck(svc)) {
      out.push(finding('health-check-node-port-not-allowed', svc.healthCheckNodePortKey ?? hc, 'spec.health-check-node-port-not-allowed', { value: hc.value }, 'spec.healthCheckNodePort', { rule: 56, type: 'Invalid', fix: 'remove-field', field: 'spec.healthCheckNodePort' }));
    }
  }

  // Rule 58 (Kubernetes 1.34).
  const traffic = svc.trafficDistribution;
  if (traffic && !TRAFFIC_DISTRIBUTIONS.includes(traffic.value)) {
    const suggestion = TRAFFIC_DISTRIBUTIONS.find((v) => v.toLowerCase() === traffic.value.toLowerCase()) ?? closest(traffic.value, TRAFFIC_DISTRIBUTIONS);
    out.push(finding('traffic-distribution-unsupported', traffic, suggestion ? 'spec.traffic-distribution-unsupported.suggest' : 'spec.traffic-distribution-unsupported', { value: traffic.value, suggestion: suggestion ?? '' }, 'spec.trafficDistribution', { rule: 58, type: 'NotSupported', allowed: TRAFFIC_DISTRIBUTIONS, ...(suggestion ? { suggestion } : {}) }));
  }
  return out;
}

export const specValidation = serviceViewRule(
  {
    codes: {
      'ports-required': 'error',
      'headless-not-allowed': 'error',
      'external-name-cluster-ip': 'error',
      'external-name-ip-family': 'error',
      'external-name-required': 'error',
      'external-name-invalid': 'error',
      'session-affinity-timeout': 'error',
      'external-ip-invalid': 'error',
      'external-ip-special': 'error',
      'source-ranges-not-load-balancer': 'error',
      'source-range-invalid': 'error',
      'allocate-node-ports-not-load-balancer': 'error',
      'load-balancer-class-not-load-balancer': 'error',
      'load-balancer-class-invalid': 'error',
      'external-traffic-policy-not-allowed': 'error',
      'health-check-node-port-not-allowed': 'error',
      'traffic-distribution-unsupported': 'error',
    },
    appliesTo: 'service',
    stage: 'validation',
  },
  validationFindings,
);
