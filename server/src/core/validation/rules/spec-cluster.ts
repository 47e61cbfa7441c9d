/**
 * Information (stage `cluster`) about outcomes the file alone cannot decide, kept sparse: a
 * requested cluster IP must be free and inside the service CIDR (rule 17), dual-stack and IPv6
 * requests need a cluster configured for them (rule 16), and trafficDistribution values newer
 * than PreferClose need Kubernetes 1.34 (rule 58). The reference cluster is single-stack IPv4.
 *
 * Requested node ports (rule 18) get no information when they are inside the default range: the
 * NodePort snippet asks for 30080 and must stay clean; outside the range spec-lint warns.
 *
 * Only reported when the registry's IP-field steps pass (their errors would come first).
 */
import { familyOf, parseIPSloppy } from '../ip';
import { finding, serviceViewRule, type Finding, type ServiceView } from './spec-model';
import { registryFindings } from './spec-registry';



/** initIPFamilyFields' cluster-dependent checks (rule 16), at most one per document. */
function familyInfo(svc: ServiceView): Finding | undefined {
  // Headless without selector may ask for anything: the registry accepts it on any cluster.
  if (svc.clusterIP?.value === 'None' && svc.selectorSize === 0) return undefined;
  const ips = svc.effectiveClusterIPs.filter((ip) => ip.value !== 'None');
  const families = svc.ipFamilies ?? [];
  if (ips.length === 2 && families.length < 2) {
    const path = 'spec.clusterIPs[1]';
    const family = familyOf(parseIPSloppy(ips[1].value)!);
    return finding('ip-family-cluster-dependent', ips[1], 'spec.dual-stack-required.cluster-ips', { path, family }, path, { rule: 16 });
  }
  if (ips.length === 1 && families.length === 0 && familyOf(parseIPSloppy(ips[0].value)!) === 'IPv6') {
    return finding('ip-family-cluster-dependent', ips[0], 'spec.ipv6-required', { path: 'spec.clusterIPs[0]' }, 'spec.clusterIPs[0]', { rule: 16 });
  }
  if (svc.ipFamilyPolicy?.value === 'RequireDualStack') {
    return finding('ip-family-cluster-dependent', svc.ipFamilyPolicy, 'spec.dual-stack-required.policy', {}, 'spec.ipFamilyPolicy', { rule: 16 });
  }
  if (families.length === 2) {
    const path = 'spec.ipFamilies[1]';
    return finding('ip-family-cluster-dependent', families[1], 'spec.dual-stack-required.families', { path, value: families[1].value }, path, { rule: 16 });
  }
  if (families.length === 1 && families[0].value === 'IPv6') {
    return finding('ip-family-cluster-dependent', families[0], 'spec.ipv6-required', { path: 'spec.ipFamilies[0]' }, 'spec.ipFamilies[0]', { rule: 16 });
  }
  return undefined;
}

function clusterFindings(svc: ServiceView): Finding[] {
  const out: Finding[] = [];
  if (svc.type !== undefined && svc.type !== 'ExternalName' && !svc.ipFieldsMalformed) {
    const step = registryFindings(svc).step;
    if (step !== 'ip-fields' && step !== 'ip-family-policy') {
      const family = familyInfo(svc);
      if (family) out.push(family);
      // Rule 17: each requested address must be inside the service CIDR and free.
      for (const ip of svc.effectiveClusterIPs) {
        if (ip.value === 'None' || (family && family.start === ip.start)) continue;
        out.push(finding('cluster-ip-allocation', ip, 'spec.cluster-ip-allocation', { value: ip.value }, 'spec.clusterIPs', { rule: 17 }));
      }
    }
  }
  // Rule 58: PreferSameZone and PreferSameNode are 1.34 values (1.31-1.33 accept only PreferClose).
  const traffic = svc.trafficDistribution;
  if (traffic && (traffic.value === 'PreferSameZone' || traffic.value === 'PreferSameNode')) {
    out.push(finding('traffic-distribution-version', traffic, 'spec.traffic-distribution-version', { value: traffic.value }, 'spec.trafficDistribution', { rule: 58, since: '1.34' }));
  }
  return out;
}

export const specCluster = serviceViewRule(
  {
    codes: {
      'cluster-ip-allocation': 'information',
      'ip-family-cluster-dependent': 'information',
      'traffic-distribution-version': 'information',
    },
    appliesTo: 'service',
    stage: 'cluster',
  },
  clusterFindings,
);
