/**
 * The spec of a Service document as the API server sees it for rules 10-19 and 29-58: values
 * read as kubectl sends them (fields.ts: last duplicate wins, merge keys followed), only values of
 * the right JSON type (wrong types are decode errors, rule 8, reported by schema-conformance), and
 * the defaults of SetDefaults_Service (D1-D9) and the registry's normalizeClusterIPs (D11)
 * applied, each value keeping the offsets of what the user wrote.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { lookup, listAt, entriesAt, type Found } from '../fields';
import type { ProblemInput, Rule } from '../context';

/** A value with the offsets to report on. */
export interface At<T> {
  value: T;
  start: number;
  end: number;
}

/** A list item with its index. */
export interface Item<T> extends At<T> {
  index: number;
}

export interface Span {
  start: number;
  end: number;
}

export interface PortView {
  index: number;
  /** The `port` number (0 when absent, as Go decodes it). */
  port: number;
  protocol: string;
  nodePort?: At<number>;
  /** targetPort as written, when it is an integer or a string. */
  targetPort?: At<number | string>;
  span: Span;
}

export interface ServiceView {
  doc: Document.Parsed;
  /** Where to report about the Service as a whole (the `spec` key, else `kind`). */
  anchor: Span;
  /** `spec.type` after D4, or undefined when it has the wrong JSON type. */
  type: string | undefined;
  typeAt?: At<string>;
  /** `spec.clusterIP` as written (a string). */
  clusterIP?: At<string>;
  /** `spec.clusterIPs` as written: undefined when absent/null, or when not a list of strings. */
  clusterIPs?: Item<string>[];
  clusterIPsKey?: Span;
  /** clusterIPs after normalizeClusterIPs (D11): `[clusterIP]` when only clusterIP is set. */
  effectiveClusterIPs: Item<string>[];
  /** isHeadlessService: clusterIPs is exactly `[None]`. */
  headless: boolean;
  /** clusterIP, clusterIPs, ipFamilies or ipFamilyPolicy has the wrong JSON type (a decode error). */
  ipFieldsMalformed: boolean;
  ipFamilies?: Item<string>[];
  ipFamiliesKey?: Span;
  /** `spec.ipFamilyPolicy` when set (a string, possibly empty). */
  ipFamilyPolicy?: At<string>;
  ipFamilyPolicyKey?: Span;
  /** Number of selector entries (0 when absent or empty). */
  selectorSize: number;
  /** The ports list: undefined when absent/null, [] when empty; `portsMalformed` when not a list. */
  ports?: PortView[];
  portsMalformed: boolean;
  portsKey?: Span;
  /** sessionAffinity after D1 (absent or "" is None). */
  sessionAffinity: string;
  sessionAffinityAt?: At<string>;
  /** sessionAffinityConfig when it is a mapping. */
  sessionAffinityConfigKey?: Span;
  timeoutSeconds?: At<number>;
  externalIPs?: Item<string>[];
  externalIPsKey?: Span;
  externalName?: At<string>;
  externalNameKey?: Span;
  /** externalName is set but not a string (a decode error). */
  externalNameMalformed: boolean;
  loadBalancerIP?: At<string>;
  sourceRanges?: Item<string>[];
  sourceRangesKey?: Span;
  allocateLoadBalancerNodePorts?: At<boolean>;
  allocateKey?: Span;
  loadBalancerClass?: At<string>;
  loadBalancerClassKey?: Span;
  /** externalTrafficPolicy as written (a string). */
  externalTrafficPolicy?: At<string>;
  healthCheckNodePort?: At<number>;
  healthCheckNodePortKey?: Span;
  trafficDistribution?: At<string>;
  annotations: { key: string; pair: Pair; value: unknown }[];
}

function keySpan(found: Found | undefined): Span | undefined {
  const key = found?.pair?.key as Node | null | undefined;
  return key?.range ? { start: key.range[0], end: key.range[1] } : undefined;
}

/** The span of a pair from its key to the end of its value. */
function pairSpan(found: Found | undefined): Span | undefined {
  const key = keySpan(found);
  if (!key || !found) return undefined;
  return { start: key.start, end: Math.max(key.end, found.end) };
}

function isNull(found: Found | undefined): boolean {
  return !found || found.node === null || (isScalar(found.node) && found.node.value === null);
}

function stringOf(found: Found | undefined): At<string> | undefined {
  if (!found || !isScalar(found.node) || typeof found.node.value !== 'string') return undefined;
  return { value: found.node.value, start: found.start, end: found.end };
}

function integerOf(found: Found | undefined): At<number> | undefined {
  if (!found || !isScalar(found.node)) return undefined;
  const value = found.node.value;
  if ((typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint') return { value: Number(value), start: found.start, end: found.end };
  return undefined;
}

function booleanOf(found: Found | undefined): At<boolean> | undefined {
  if (!found || !isScalar(found.node) || typeof found.node.value !== 'boolean') return undefined;
  return { value: found.node.value, start: found.start, end: found.end };
}

/** A list of strings; undefined when absent/null or when any item is not a string (a decode error). */
function stringList(doc: Document.Parsed, keys: (string | number)[]): Item<string>[] | undefined {
  const found = lookup(doc, keys);
  if (isNull(found) || !isSeq(found!.node)) return undefined;
  const items: Item<string>[] = [];
  for (const item of listAt(doc, keys)) {
    if (!isScalar(item.node) || typeof item.node.value !== 'string') return undefined;
    items.push({ value: item.node.value, start: item.start, end: item.end, index: item.index });
  }
  return items;
}

/**
 * Four rule groups read the same view of a Service: it is read once per syntax tree, and again
 * only if the tree was moved since (the view holds offsets).
 */
const views = new WeakMap<Document.Parsed, { at: number | undefined; view: ServiceView | undefined }>();

export function readService(doc: Document.Parsed): ServiceView | undefined {
  const at = doc.range?.[0];
  const kept = views.get(doc);
  if (kept && kept.at === at) return kept.view;
  const view = readServiceView(doc);
  views.set(doc, { at, view });
  return view;
}

function readServiceView(doc: Document.Parsed): ServiceView | undefined {
  const spec = lookup(doc, ['spec']);
  // A spec that is not a mapping is a decode error; nothing below would mean anything.
  if (!isNull(spec) && !isMap(spec!.node)) return undefined;
  const at = (...keys: (string | number)[]) => lookup(doc, ['spec', ...keys]);
  const kindKey = keySpan(lookup(doc, ['kind']));
  const anchor = keySpan(spec) ?? kindKey ?? { start: 0, end: 0 };

  const typeFound = at('type');
  const typeAt = stringOf(typeFound);
  const type = isNull(typeFound) ? 'ClusterIP' : typeAt ? typeAt.value || 'ClusterIP' : undefined;

  const clusterIPFound = at('clusterIP');
  const clusterIP = stringOf(clusterIPFound);
  const clusterIPsFound = at('clusterIPs');
  const clusterIPs = stringList(doc, ['spec', 'clusterIPs']);
  const effectiveClusterIPs = clusterIP?.value && !clusterIPs?.length ? [{ ...clusterIP, index: 0 }] : (clusterIPs ?? []);

  const selector = at('selector');
  const selectorSize = isMap(selector?.node) ? entriesAt(doc, ['spec', 'selector']).length : 0;

  const portsFound = at('ports');
  let ports: PortView[] | undefined;
  const portsMalformed = !isNull(portsFound) && !isSeq(portsFound!.node);
  if (!isNull(portsFound) && isSeq(portsFound!.node)) {
    ports = listAt(doc, ['spec', 'ports']).map((item) => {
      const p = (key: string) => lookup(doc, ['spec', 'ports', item.index, key]);
      const targetFound = p('targetPort');
      const targetString = stringOf(targetFound);
      const targetInt = integerOf(targetFound);
      return {
        index: item.index,
        port: integerOf(p('port'))?.value ?? 0,
        protocol: stringOf(p('protocol'))?.value || 'TCP',
        nodePort: integerOf(p('nodePort')),
        targetPort: targetInt ?? targetString,
        span: { start: item.start, end: item.end },
      };
    });
  }

  const sessionAffinityAt = stringOf(at('sessionAffinity'));
  const configFound = at('sessionAffinityConfig');
  const clientIPFound = at('sessionAffinityConfig', 'clientIP');

  const ipFamilyPolicyFound = at('ipFamilyPolicy');
  const ipFamiliesFound = at('ipFamilies');
  const ipFamilies = stringList(doc, ['spec', 'ipFamilies']);
  const trafficFound = at('trafficDistribution');
  const ipFieldsMalformed =
    (!isNull(clusterIPFound) && !clusterIP) ||
    (!isNull(clusterIPsFound) && !clusterIPs) ||
    (!isNull(ipFamiliesFound) && !ipFamilies) ||
    (!isNull(ipFamilyPolicyFound) && !stringOf(ipFamilyPolicyFound));

  return {
    doc,
    anchor,
    type,
    typeAt,
    clusterIP,
    clusterIPs,
    clusterIPsKey: isNull(clusterIPsFound) ? undefined : keySpan(clusterIPsFound),
    effectiveClusterIPs,
    headless: effectiveClusterIPs.length === 1 && effectiveClusterIPs[0].value === 'None',
    ipFieldsMalformed,
    ipFamilies,
    ipFamiliesKey: keySpan(ipFamiliesFound),
    ipFamilyPolicy: stringOf(ipFamilyPolicyFound),
    ipFamilyPolicyKey: keySpan(ipFamilyPolicyFound),
    selectorSize,
    ports,
    portsMalformed,
    portsKey: keySpan(portsFound),
    sessionAffinity: sessionAffinityAt?.value || 'None',
    sessionAffinityAt,
    sessionAffinityConfigKey: isMap(configFound?.node) ? keySpan(configFound) : undefined,
    timeoutSeconds: isMap(configFound?.node) && isMap(clientIPFound?.node) ? integerOf(at('sessionAffinityConfig', 'clientIP', 'timeoutSeconds')) : undefined,
    externalIPs: stringList(doc, ['spec', 'externalIPs']),
    externalIPsKey: keySpan(at('externalIPs')),
    externalName: stringOf(at('externalName')),
    externalNameKey: keySpan(at('externalName')),
    externalNameMalformed: !isNull(at('externalName')) && !stringOf(at('externalName')),
    loadBalancerIP: stringOf(at('loadBalancerIP')),
    sourceRanges: stringList(doc, ['spec', 'loadBalancerSourceRanges']),
    sourceRangesKey: keySpan(at('loadBalancerSourceRanges')),
    allocateLoadBalancerNodePorts: booleanOf(at('allocateLoadBalancerNodePorts')),
    allocateKey: pairSpan(at('allocateLoadBalancerNodePorts')),
    loadBalancerClass: stringOf(at('loadBalancerClass')),
    loadBalancerClassKey: pairSpan(at('loadBalancerClass')),
    externalTrafficPolicy: stringOf(at('externalTrafficPolicy')),
    healthCheckNodePort: integerOf(at('healthCheckNodePort')),
    healthCheckNodePortKey: pairSpan(at('healthCheckNodePort')),
    trafficDistribution: isNull(trafficFound) ? undefined : stringOf(trafficFound),
    annotations: isMap(lookup(doc, ['metadata', 'annotations'])?.node) ? entriesAt(doc, ['metadata', 'annotations']) : [],
  };
}

/** apiservice.ExternallyAccessible (after defaulting). */
export function externallyAccessible(svc: ServiceView): boolean {
  return svc.type === 'LoadBalancer' || svc.type === 'NodePort' || (svc.type === 'ClusterIP' && (svc.externalIPs?.length ?? 0) > 0);
}

/** externalTrafficPolicy after D7 (empty on an externally accessible Service becomes Cluster). */
function effectiveExternalTrafficPolicy(svc: ServiceView): string {
  const value = svc.externalTrafficPolicy?.value ?? '';
  return value === '' && externallyAccessible(svc) ? 'Cluster' : value;
}

/** apiservice.NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local. */
export function needsHealthCheck(svc: ServiceView): boolean {
  return svc.type === 'LoadBalancer' && effectiveExternalTrafficPolicy(svc) === 'Local';
}

/** ipFamilyPolicy after the registry's defaulting (D12): headless without selector is RequireDualStack. */
export function effectiveIPFamilyPolicy(svc: ServiceView): string {
  if (svc.ipFamilyPolicy) return svc.ipFamilyPolicy.value;
  return svc.clusterIP?.value === 'None' && svc.selectorSize === 0 ? 'RequireDualStack' : 'SingleStack';
}

/** The value of an annotation when it is a string. */
export function annotation(svc: ServiceView, key: string): { value: string; keySpan: Span; valueSpan: Span } | undefined {
  const entry = svc.annotations.find((e) => e.key === key);
  // `key:` with no value is the empty string to the server (map[string]string), as `key: ""` is.
  const value = entry?.value === null || entry?.value === undefined ? '' : entry.value;
  if (!entry || typeof value !== 'string') return undefined;
  const keyNode = entry.pair.key as Node | null;
  const valueNode = entry.pair.value as Node | null;
  const keyRange = keyNode?.range ? { start: keyNode.range[0], end: keyNode.range[1] } : { start: 0, end: 0 };
  const valueRange = valueNode?.range ? { start: valueNode.range[0], end: valueNode.range[1] } : keyRange;
  return { value, keySpan: keyRange, valueSpan: valueRange };
}

/** What the spec rule groups find, before the rule's stage is added. */
export type Finding = Omit<ProblemInput, 'stage'>;

export function finding(code: string, span: Span, messageKey: ProblemInput['messageKey'], args: Record<string, string | number>, path: string, data: Record<string, unknown>): Finding {
  return { code, start: span.start, end: span.end, messageKey, args, path, data };
}

/** A rule group that reports what `findings` says of a Service's view (spec-validation, -registry, -lint, -cluster). */
export function serviceViewRule(rule: Omit<Rule, 'check'>, findings: (svc: ServiceView) => Iterable<Finding>): Rule {
  return {
    ...rule,
    check(context) {
      const svc = readService(context.document.yaml);
      if (svc) for (const problem of findings(svc)) context.report(problem);
    },
  };
}
