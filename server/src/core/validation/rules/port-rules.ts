/**
 * ValidateService, ports and selector (service-validation-rules.md rules 34-45).
 *
 * - validateServicePort: a name for every port when there are several (34), port names are
 *   DNS-1123 labels (35) and unique (36), port 1..65535 (37), targetPort 1..65535 (39) or an
 *   IANA service name (40), appProtocol a qualified name (41). Rule 38 (protocol) is the enum
 *   check of schema-conformance (`unsupported-value`).
 * - Defaulting first (SetDefaults_Service): protocol "" → TCP; targetPort 0, "" or absent → port,
 *   so an out-of-range port without targetPort is reported on both fields. A missing port is
 *   schema-conformance's `required-field`; its consequences (port 0, targetPort 0, duplicates of
 *   port 0) are not reported again here.
 * - (protocol, port) pairs unique → `spec.ports[i]` Duplicate (42).
 * - nodePort forbidden when the (defaulted) type is ClusterIP (43); (protocol, nodePort) pairs
 *   unique (44). For NodePort/LoadBalancer the registry allocates node ports before validation
 *   (initNodePorts, simulated here): ports with the same port number share one node port (so a
 *   port without nodePort can end up with a Duplicate), and ports with different numbers asking
 *   for the same nodePort fail there (rule 18, reported by spec-registry, not here).
 * - Selector keys and values follow the label rules (45), reported on `spec.selector`.
 *
 * Values of the wrong JSON type are decode errors (schema-conformance) and are not judged here.
 */
import { isMap, type Node, type YAMLMap } from 'yaml';
import type { Rule, RuleContext } from '../context';
import { resolve, type Found } from '../fields';
import {
  dns1123LabelErrors,
  ianaServiceNameErrors,
  numberedName,
  portNumberErrors,
  qualifiedNameErrors,
  toDns1123Label,
  toIanaServiceName,
  toQualifiedName,
} from '../names';
import { yamlString } from '../../kubectl-yaml';
import { checkLabelMap } from './metadata-rules';
import { booleanField, goQuote, intField, intOrStringField, nodeRange, reporter, seqAt, spanOf, stringField, type Typed } from './metadata-ports-support';

interface PortEntry {
  index: number;
  node: YAMLMap;
  /** Where to report something missing from the entry: its first key. */
  anchor: [number, number];
  name: Typed<string>;
  port: Typed<number>;
  targetPort: Typed<number | string>;
  protocol: Typed<string>;
  appProtocol: Typed<string>;
  nodePort: Typed<number>;
}

interface Ports {
  /** The length of the list as the server decodes it. */
  count: number;
  entries: PortEntry[];
}

function readPorts(context: RuleContext): Ports {
  const found = seqAt(context, ['spec', 'ports']);
  if (!found || found === 'wrong') return { count: 0, entries: [] };
  const items = (found.node as { items: unknown[] }).items;
  const entries: PortEntry[] = [];
  items.forEach((raw, index) => {
    const node = resolve(context.document.yaml, raw);
    if (!isMap(node)) return;
    const at = (key: string) => ['spec', 'ports', index, key] as const;
    const firstKey = node.items[0]?.key as Node | null | undefined;
    const anchor = nodeRange(firstKey, nodeRange(node, spanOf(found, context.document.start)));
    entries.push({
      index,
      node,
      anchor,
      name: stringField(context, at('name')),
      port: intField(context, at('port')),
      targetPort: intOrStringField(context, at('targetPort')),
      protocol: stringField(context, at('protocol')),
      appProtocol: stringField(context, at('appProtocol')),
      nodePort: intField(context, at('nodePort')),
    });
  });
  return { count: items.length, entries };
}

function rangeOf(typed: Typed<unknown>, fallback: [number, number]): [number, number] {
  const found: Found | undefined = typed.found;
  return found ? [found.start, found.end] : fallback;
}

/** The protocol after defaulting, or undefined when it cannot be read (a decode error). */
function protocolOf(entry: PortEntry): string | undefined {
  if (entry.protocol.kind === 'wrong') return undefined;
  return entry.protocol.kind === 'ok' && entry.protocol.value !== '' ? entry.protocol.value : 'TCP';
}

const wellKnownPorts: Record<number, string> = { 21: 'ftp', 22: 'ssh', 25: 'smtp', 53: 'dns', 80: 'http', 443: 'https', 3306: 'mysql', 5432: 'postgres', 6379: 'redis', 8080: 'http', 8443: 'https', 9090: 'metrics', 27017: 'mongodb' };

/** A name for a port that has none: from appProtocol, a named targetPort, a well-known port, else `<protocol>-<port>`. */
function nameCandidates(entry: PortEntry): string[] {
  const out: string[] = [];
  if (entry.appProtocol.kind === 'ok') {
    const last = entry.appProtocol.value.split('/').pop() ?? '';
    const label = toDns1123Label(last);
    if (label) out.push(label);
  }
  if (entry.targetPort.kind === 'ok' && typeof entry.targetPort.value === 'string' && ianaServiceNameErrors(entry.targetPort.value).length === 0) out.push(entry.targetPort.value);
  const port = entry.port.kind === 'ok' ? entry.port.value : undefined;
  if (port !== undefined && wellKnownPorts[port]) out.push(wellKnownPorts[port]);
  const protocol = (protocolOf(entry) ?? 'TCP').toLowerCase();
  if (port !== undefined && port > 0) out.push(toDns1123Label(`${protocol}-${port}`) ?? `port-${port}`);
  out.push(`port-${entry.index + 1}`);
  return out;
}

/** The first candidate (or a numbered variant of it) that is a valid, unused DNS-1123 label. */
function uniqueName(candidates: readonly string[], taken: Set<string>): string | undefined {
  for (const candidate of candidates) {
    if (candidate && dns1123LabelErrors(candidate).length === 0 && !taken.has(candidate)) return candidate;
  }
  const base = candidates.find((c) => c && dns1123LabelErrors(c).length === 0);
  return base ? numberedName(base, taken, (name) => dns1123LabelErrors(name).length === 0) : undefined;
}

/** Rules 34-41: validateServicePort for each port. */
export const servicePortRule: Rule = {
  codes: {
    'port-name-required': 'error',
    'port-name-invalid': 'error',
    'port-name-duplicate': 'error',
    'port-out-of-range': 'error',
    'target-port-out-of-range': 'error',
    'target-port-name-invalid': 'error',
    'app-protocol-invalid': 'error',
  },
  appliesTo: 'service',
  stage: 'validation',
  check(context) {
    const { count, entries } = readPorts(context);
    if (entries.length === 0) return;
    const report = reporter(context);
    const requireName = count > 1;
    // Names a suggestion must not take: every name written, and every name already suggested.
    const taken = new Set(entries.flatMap((e) => (e.name.kind === 'ok' && e.name.value !== '' ? [e.name.value] : [])));
    const firstWithName = new Map<string, PortEntry>();
    const suggest = (candidates: string[]): string | undefined => {
      const name = uniqueName(candidates, taken);
      if (name) taken.add(name);
      return name && yamlString(name);
    };
    for (const entry of entries) {
      const base = `spec.ports[${entry.index}]`;
      // Rules 34-36: name.
      if (entry.name.kind !== 'wrong') {
        const name = entry.name.kind === 'ok' ? entry.name.value : '';
        if (requireName && name === '') {
          // No `name` key, or `name:` with no value (the range is then the key): the suggestion is the value to add.
          const missing = entry.name.kind === 'absent';
          report({ code: 'port-name-required', rule: 34, type: 'Required', path: `${base}.name`, range: rangeOf(entry.name, entry.anchor), messageKey: 'port-name-required', args: { count, index: entry.index }, suggestion: suggest(nameCandidates(entry)), data: missing ? { missing: true, field: 'name', ...(entry.name.found ? { keyPresent: true } : {}) } : undefined });
        } else if (name !== '') {
          const errors = dns1123LabelErrors(name);
          const first = firstWithName.get(name);
          if (!first) firstWithName.set(name, entry);
          // One suggestion per name, valid and unique, shared by its Invalid and Duplicate errors.
          let suggestion: string | undefined;
          if (first) {
            const clean = toDns1123Label(name) ?? '';
            const protocol = (protocolOf(entry) ?? 'TCP').toLowerCase();
            suggestion = suggest([protocolOf(first) !== protocolOf(entry) && clean ? `${clean}-${protocol}` : '', clean && entry.port.kind === 'ok' ? `${clean}-${entry.port.value}` : '', clean, ...nameCandidates(entry)]);
          } else if (errors.length > 0) {
            suggestion = suggest([toDns1123Label(name) ?? '', ...nameCandidates(entry)]);
          }
          for (const detail of errors) report({ code: 'port-name-invalid', rule: 35, type: 'Invalid', path: `${base}.name`, range: rangeOf(entry.name, entry.anchor), messageKey: 'port-name-invalid', args: { value: name }, value: goQuote(name), detail, suggestion });
          if (first) {
            report({ code: 'port-name-duplicate', rule: 36, type: 'Duplicate', path: `${base}.name`, range: rangeOf(entry.name, entry.anchor), messageKey: 'port-name-duplicate', args: { value: name, first: first.index }, value: goQuote(name), suggestion, data: { first: first.index } });
          }
        }
      }
      // Rule 37: port.
      if (entry.port.kind === 'ok') {
        for (const detail of portNumberErrors(entry.port.value)) {
          report({ code: 'port-out-of-range', rule: 37, type: 'Invalid', path: `${base}.port`, range: rangeOf(entry.port, entry.anchor), messageKey: 'port-out-of-range', args: { value: entry.port.value }, value: String(entry.port.value), detail });
        }
      }
      // Rules 39-40: targetPort, after D6 defaulting.
      const target = entry.targetPort;
      const defaulted = target.kind === 'absent' || (target.kind === 'ok' && (target.value === 0 || target.value === ''));
      if (defaulted) {
        if (entry.port.kind === 'ok') {
          const range = target.found ? rangeOf(target, entry.anchor) : rangeOf(entry.port, entry.anchor);
          for (const detail of portNumberErrors(entry.port.value)) {
            report({ code: 'target-port-out-of-range', rule: 39, type: 'Invalid', path: `${base}.targetPort`, range, messageKey: 'target-port-out-of-range.defaulted', args: { value: entry.port.value }, value: String(entry.port.value), detail, data: { defaulted: true } });
          }
        }
      } else if (target.kind === 'ok' && typeof target.value === 'number') {
        for (const detail of portNumberErrors(target.value)) {
          report({ code: 'target-port-out-of-range', rule: 39, type: 'Invalid', path: `${base}.targetPort`, range: rangeOf(target, entry.anchor), messageKey: 'target-port-out-of-range', args: { value: target.value }, value: String(target.value), detail });
        }
      } else if (target.kind === 'ok' && typeof target.value === 'string') {
        const value = target.value;
        const numeric = /^\s*\d+\s*$/.test(value) ? Number(value.trim()) : undefined;
        const asNumber = numeric !== undefined && portNumberErrors(numeric).length === 0;
        const named = toIanaServiceName(value);
        const suggestion = asNumber ? String(numeric) : named && yamlString(named);
        for (const detail of ianaServiceNameErrors(value)) {
          report({
            code: 'target-port-name-invalid',
            rule: 40,
            type: 'Invalid',
            path: `${base}.targetPort`,
            range: rangeOf(target, entry.anchor),
            messageKey: asNumber ? 'target-port-name-invalid.numeric' : 'target-port-name-invalid',
            args: { value: asNumber ? String(numeric) : value },
            value: goQuote(value),
            detail,
            suggestion,
            data: asNumber ? { suggestionType: 'integer' } : undefined,
          });
        }
      }
      // Rule 41: appProtocol.
      if (entry.appProtocol.kind === 'ok') {
        const value = entry.appProtocol.value;
        const fixed = toQualifiedName(value);
        for (const detail of qualifiedNameErrors(value)) {
          report({ code: 'app-protocol-invalid', rule: 41, type: 'Invalid', path: `${base}.appProtocol`, range: rangeOf(entry.appProtocol, entry.anchor), messageKey: 'app-protocol-invalid', args: { value }, value: goQuote(value), detail, suggestion: fixed && yamlString(fixed) });
        }
      }
    }
  },
};

/** Go's %#v of the key ValidateService compares: core.ServicePort{Protocol, Port}. */
function servicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

/** Rule 42: (protocol, port) pairs unique. */
export const portDuplicateRule: Rule = {
  codes: { 'port-duplicate': 'error' },
  appliesTo: 'service',
  stage: 'validation',
  check(context) {
    const { entries } = readPorts(context);
    const report = reporter(context);
    const seen = new Map<string, PortEntry>();
    for (const entry of entries) {
      const protocol = protocolOf(entry);
      if (entry.port.kind !== 'ok' || protocol === undefined) continue;
      const key = `${protocol}/${entry.port.value}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, entry);
        continue;
      }
      report({ code: 'port-duplicate', rule: 42, type: 'Duplicate', path: `spec.ports[${entry.index}]`, range: rangeOf(entry.port, entry.anchor), messageKey: 'port-duplicate', args: { port: entry.port.value, protocol, first: first.index }, value: servicePortKey(protocol, entry.port.value), data: { first: first.index } });
    }
  },
};

/** The defaulted type (absent or "" is ClusterIP), or undefined when it cannot be read. */
function serviceType(context: RuleContext): string | undefined {
  const type = stringField(context, ['spec', 'type']);
  if (type.kind === 'wrong') return undefined;
  return type.kind === 'ok' && type.value !== '' ? type.value : 'ClusterIP';
}

/** A node port after allocation: the number written or shared, or a random one (shared by one port number). */
type NodePortValue = number | { random: number };

interface Allocation {
  /** The first port whose requested nodePort the registry refuses (rule 18). */
  conflict?: { entry: PortEntry; nodePort: number; holder: PortEntry };
  /** nodePort of each entry after allocation (0: none). */
  nodePorts: Map<PortEntry, NodePortValue>;
}

/**
 * initNodePorts (registry, NodePort/LoadBalancer): each distinct port number gets one node port,
 * the first one requested for it anywhere in the list, else a random one; a port asking for a
 * different node port gets it too. Requesting a node port already taken fails the create at once.
 */
function allocateNodePorts(entries: PortEntry[], shouldAllocate: boolean): Allocation {
  const byPortNumber = new Map<number, NodePortValue>();
  const allocated = new Map<number, PortEntry>();
  const nodePorts = new Map<PortEntry, NodePortValue>();
  const requested = (entry: PortEntry) => (entry.nodePort.kind === 'ok' ? entry.nodePort.value : 0);
  const portNumber = (entry: PortEntry) => (entry.port.kind === 'ok' ? entry.port.value : 0);
  for (const entry of entries) {
    const own = requested(entry);
    if (own === 0 && !shouldAllocate) {
      nodePorts.set(entry, 0);
      continue;
    }
    const shared = byPortNumber.get(portNumber(entry));
    let wanted = own;
    if (shared === undefined) {
      // findRequestedNodePort: the first port of the list with this number and a nodePort.
      const first = entries.find((e) => portNumber(e) === portNumber(entry) && requested(e) !== 0);
      wanted = first ? requested(first) : 0;
      const value: NodePortValue = wanted !== 0 ? wanted : { random: portNumber(entry) };
      byPortNumber.set(portNumber(entry), value);
      nodePorts.set(entry, value);
      if (wanted === 0) continue;
    } else if (own === 0 || own === shared) {
      nodePorts.set(entry, shared);
      continue;
    } else {
      nodePorts.set(entry, own);
    }
    const holder = allocated.get(wanted);
    if (holder) return { conflict: { entry, nodePort: wanted, holder }, nodePorts };
    allocated.set(wanted, entry);
  }
  return { nodePorts };
}

/** Rules 43-44: nodePort on ClusterIP, duplicate node ports after the registry's allocation. */
export const nodePortRule: Rule = {
  codes: { 'node-port-on-cluster-ip': 'error', 'node-port-duplicate': 'error' },
  appliesTo: 'service',
  stage: 'validation',
  check(context) {
    const { entries } = readPorts(context);
    const type = serviceType(context);
    if (entries.length === 0 || type === undefined) return;
    const report = reporter(context);
    if (type === 'ClusterIP') {
      for (const entry of entries) {
        if (entry.nodePort.kind !== 'ok' || entry.nodePort.value === 0) continue;
        report({ code: 'node-port-on-cluster-ip', rule: 43, type: 'Forbidden', path: `spec.ports[${entry.index}].nodePort`, range: rangeOf(entry.nodePort, entry.anchor), messageKey: 'node-port-on-cluster-ip', args: { value: entry.nodePort.value }, detail: "may not be used when `type` is 'ClusterIP'" });
      }
    }
    if (entries.some((e) => e.nodePort.kind === 'wrong' || e.port.kind === 'wrong')) return;
    let nodePorts = new Map<PortEntry, NodePortValue>(entries.map((e) => [e, e.nodePort.kind === 'ok' ? e.nodePort.value : 0]));
    const rangeFor = (entry: PortEntry) => (entry.nodePort.kind === 'ok' ? rangeOf(entry.nodePort, entry.anchor) : rangeOf(entry.port, entry.anchor));
    if (type === 'NodePort' || type === 'LoadBalancer') {
      const allocateFlag = booleanField(context, ['spec', 'allocateLoadBalancerNodePorts']);
      const shouldAllocate = type === 'NodePort' || allocateFlag.kind !== 'ok' || allocateFlag.value;
      const allocation = allocateNodePorts(entries, shouldAllocate);
      // A requested node port taken by a port with another number fails initNodePorts (rule 18,
      // reported by spec-registry's `node-port-already-allocated`); ValidateService never runs.
      if (allocation.conflict) return;
      nodePorts = allocation.nodePorts;
    }
    // ValidateService: (protocol, nodePort) pairs unique, after the registry filled shared node ports in.
    const seen = new Map<string, PortEntry>();
    for (const entry of entries) {
      const nodePort = nodePorts.get(entry) ?? 0;
      const protocol = protocolOf(entry);
      if (nodePort === 0 || protocol === undefined) continue;
      const key = `${protocol}/${typeof nodePort === 'number' ? nodePort : `random:${nodePort.random}`}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, entry);
        continue;
      }
      const shown = typeof nodePort === 'number' ? String(nodePort) : '<allocated>';
      report({ code: 'node-port-duplicate', rule: 44, type: 'Duplicate', path: `spec.ports[${entry.index}].nodePort`, range: rangeFor(entry), messageKey: 'node-port-duplicate', args: { value: shown, protocol, first: first.index }, value: shown, data: { first: first.index, ...(typeof nodePort === 'number' ? {} : { allocated: true }) } });
    }
  },
};

/** Rule 45: selector keys and values follow the label rules. */
export const selectorRule: Rule = {
  codes: { 'selector-invalid': 'error' },
  appliesTo: 'service',
  stage: 'validation',
  check(context) {
    checkLabelMap(context, reporter(context), ['spec', 'selector'], { path: 'spec.selector', code: 'selector-invalid', keyRule: 45, valueRule: 45, keyMessage: 'selector-invalid.key', valueMessage: 'selector-invalid.value' });
  },
};

export const portRules: Rule[] = [servicePortRule, portDuplicateRule, nodePortRule, selectorRule];
