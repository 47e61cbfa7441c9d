/**
 * Warnings (stage `lint`) for what the API server accepts but is almost certainly a mistake or
 * has no effect. Where the server itself warns (pkg/api/service/warnings.go GetWarningsForService,
 * printed by kubectl as `Warning: ...`), the message quotes it: externalName on a non-ExternalName
 * Service, externalIPs on ExternalName or headless Services, loadBalancerIP and sessionAffinity on
 * headless Services, and IP / CIDR values in non-standard forms (GetWarningsForIP /
 * GetWarningsForCIDR). The others come from defaulting (sessionAffinityConfig dropped, D2), the
 * node-port allocator's default range (rule 18, cluster-dependent) and fields with no effect.
 */
import { cidrWarnings, ipWarning, parseIPSloppy } from '../ip';
import { finding, needsHealthCheck, serviceViewRule, type At, type Finding, type ServiceView, type Span } from './spec-model';



/** The server's isHeadlessService for warnings: type ClusterIP and `clusterIP: None`. */
function headlessForWarnings(svc: ServiceView): boolean {
  return svc.type === 'ClusterIP' && svc.clusterIP?.value === 'None';
}

function ipFormatWarnings(value: At<string>, path: string, rule: number): Finding[] {
  const warning = ipWarning(value.value);
  if (!warning) return [];
  const key = warning.kind === 'non-standard' ? 'spec.ip-non-standard' : 'spec.ip-non-canonical';
  return [finding('ip-non-standard', value, key, { value: value.value, path, suggestion: warning.preferred }, path, { rule, suggestion: warning.preferred })];
}

function nodePortRange(at: At<number> | undefined, key: string, path: string, span?: Span): Finding[] {
  if (!at || at.value < 1 || at.value > 65535 || (at.value >= 30000 && at.value <= 32767)) return [];
  return [finding('node-port-outside-default-range', span ?? at, 'spec.node-port-outside-default-range', { key, value: at.value, path }, path, { rule: key === 'nodePort' ? 18 : 19, range: '30000-32767' })];
}

function lintFindings(svc: ServiceView): Finding[] {
  const out: Finding[] = [];
  const type = svc.type;

  // externalName is ignored unless type is ExternalName (server warning).
  if (type !== undefined && type !== 'ExternalName' && svc.externalName?.value) {
    const typeWritten = Boolean(svc.typeAt?.value);
    out.push(finding('external-name-ignored', svc.externalName, 'spec.external-name-ignored', { type }, 'spec.externalName', { rule: 61, fix: typeWritten ? 'remove-field' : 'set-type-external-name', field: 'spec.externalName' }));
  }

  // externalIPs ignored on ExternalName and headless Services (server warnings).
  if ((svc.externalIPs?.length ?? 0) > 0 && svc.externalIPsKey) {
    if (type === 'ExternalName') {
      out.push(finding('external-ips-ignored', svc.externalIPsKey, 'spec.external-ips-ignored.external-name', {}, 'spec.externalIPs', { rule: 61, fix: 'remove-field', field: 'spec.externalIPs' }));
    } else if (headlessForWarnings(svc)) {
      out.push(finding('external-ips-ignored', svc.externalIPsKey, 'spec.external-ips-ignored.headless', {}, 'spec.externalIPs', { rule: 61, fix: 'remove-field', field: 'spec.externalIPs' }));
    }
  }

  // sessionAffinityConfig without ClientIP affinity is dropped by SetDefaults_Service (D2, rule 48).
  if (svc.sessionAffinityConfigKey && svc.sessionAffinity === 'None') {
    const explicitNone = svc.sessionAffinityAt?.value === 'None';
    out.push(finding('session-affinity-config-ignored', svc.sessionAffinityConfigKey, 'spec.session-affinity-config-ignored', { value: 'None' }, 'spec.sessionAffinityConfig', {
      rule: 48,
      fix: explicitNone ? 'remove-session-affinity-config' : 'set-session-affinity-client-ip',
      fixes: ['set-session-affinity-client-ip', 'remove-session-affinity-config'],
    }));
  }
  // ClientIP affinity on a headless Service (server warning).
  if (headlessForWarnings(svc) && svc.sessionAffinity === 'ClientIP' && svc.sessionAffinityAt) {
    out.push(finding('session-affinity-ignored-headless', svc.sessionAffinityAt, 'spec.session-affinity-ignored-headless', { value: 'ClientIP' }, 'spec.sessionAffinity', { rule: 61, fix: 'remove-field', field: 'spec.sessionAffinity' }));
  }

  // loadBalancerIP: any string is accepted (rule 61), deprecated since 1.24, ignored off LoadBalancer.
  const lbIP = svc.loadBalancerIP;
  if (lbIP?.value && type !== undefined) {
    if (headlessForWarnings(svc)) {
      out.push(finding('load-balancer-ip-ignored', lbIP, 'spec.load-balancer-ip-ignored.headless', {}, 'spec.loadBalancerIP', { rule: 61, fix: 'remove-field', field: 'spec.loadBalancerIP' }));
    } else if (type !== 'LoadBalancer') {
      out.push(finding('load-balancer-ip-ignored', lbIP, 'spec.load-balancer-ip-ignored', { type }, 'spec.loadBalancerIP', { rule: 61, fix: 'remove-field', field: 'spec.loadBalancerIP' }));
    } else {
      out.push(finding('load-balancer-ip-deprecated', lbIP, 'spec.load-balancer-ip-deprecated', {}, 'spec.loadBalancerIP', { rule: 61 }));
    }
  }

  // Node ports outside the default range fail unless the cluster's range includes them (rules 18-19).
  if (type === 'NodePort' || type === 'LoadBalancer') {
    for (const port of svc.ports ?? []) out.push(...nodePortRange(port.nodePort, 'nodePort', `spec.ports[${port.index}].nodePort`));
  }
  if (needsHealthCheck(svc)) out.push(...nodePortRange(svc.healthCheckNodePort, 'healthCheckNodePort', 'spec.healthCheckNodePort', svc.healthCheckNodePortKey));

  // targetPort of a headless Service without selector: no Endpoints are derived from it.
  if (type === 'ClusterIP' && svc.headless && svc.selectorSize === 0) {
    for (const port of svc.ports ?? []) {
      const target = port.targetPort;
      if (!target || target.value === 0 || target.value === '') continue;
      const path = `spec.ports[${port.index}].targetPort`;
      out.push(finding('target-port-ignored-headless', target, 'spec.target-port-ignored-headless', {}, path, { rule: 61, fix: 'remove-field', field: path }));
    }
  }

  // Non-standard IP and CIDR forms (server warnings); only for values the server accepted.
  if (svc.clusterIP?.value && svc.clusterIP.value !== 'None') {
    for (const ip of svc.effectiveClusterIPs) if (parseIPSloppy(ip.value)) out.push(...ipFormatWarnings(ip, `spec.clusterIPs[${ip.index}]`, 11));
  }
  for (const ip of svc.externalIPs ?? []) out.push(...ipFormatWarnings(ip, `spec.externalIPs[${ip.index}]`, 49));
  if (lbIP?.value) out.push(...ipFormatWarnings(lbIP, 'spec.loadBalancerIP', 61));
  for (const range of svc.sourceRanges ?? []) {
    const path = `spec.loadBalancerSourceRanges[${range.index}]`;
    for (const warning of cidrWarnings(range.value)) {
      if (warning.kind === 'ambiguous') {
        out.push(finding('cidr-non-standard', range, 'spec.cidr-ambiguous', { value: range.value, path, network: warning.network, single: warning.single }, path, { rule: 51, suggestion: warning.network, alternatives: [warning.network, warning.single] }));
      } else {
        const key = warning.kind === 'non-standard' ? 'spec.cidr-non-standard' : 'spec.cidr-non-canonical';
        out.push(finding('cidr-non-standard', range, key, { value: range.value, path, suggestion: warning.preferred }, path, { rule: 51, suggestion: warning.preferred }));
      }
    }
  }
  return out;
}

export const specLint = serviceViewRule(
  {
    codes: {
      'external-name-ignored': 'warning',
      'external-ips-ignored': 'warning',
      'session-affinity-config-ignored': 'warning',
      'session-affinity-ignored-headless': 'warning',
      'load-balancer-ip-deprecated': 'warning',
      'load-balancer-ip-ignored': 'warning',
      'node-port-outside-default-range': 'warning',
      'target-port-ignored-headless': 'warning',
      'ip-non-standard': 'warning',
      'cidr-non-standard': 'warning',
    },
    appliesTo: 'service',
    stage: 'lint',
  },
  lintFindings,
);
