/**
 * ValidateService, metadata (service-validation-rules.md rules 20-28), and the two storage
 * outcomes of create that follow from the file alone (rules 59-60).
 *
 * - ValidateObjectMeta (pkg/apis/core/validation → apimachinery ValidateObjectMetaAccessor):
 *   name or generateName required (20), name is a DNS-1035 label (21, ValidateServiceName =
 *   NameIsDNS1035Label), generateName is a DNS-1035 prefix and the name generated from it is
 *   checked again (22), labels (24-25, ValidateLabels: reported on `metadata.labels`), annotation
 *   keys and total size (26, ValidateAnnotations), finalizers (27, ValidateFinalizers on
 *   `metadata.finalizers` plus validateKubeFinalizerName on `metadata.finalizers[i]`).
 * - Rule 23: an invalid namespace cannot exist, so NamespaceLifecycle answers NotFound first
 *   (reported at stage `registry`, the closest stage before ValidateService).
 * - Rule 28: ValidateService compares the two topology annotations.
 * - Rule 59: a later document with the same name and namespace as an earlier Service of the file
 *   fails with AlreadyExists; rule 60: a parseable non-zero resourceVersion is refused by storage.
 *   Both happen after ValidateService; they use stage `validation` (there is no later stage), so
 *   they may be marked reportedFirst alongside ValidateService errors of the same document.
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ManifestDocument, ParsedFile } from '../../document';
import { closest } from '../../schema';
import type { Rule, RuleContext } from '../context';
import { effectivePairs, lookup } from '../fields';
import {
  byteLength,
  dns1123LabelErrors,
  kubeFinalizerErrors,
  numberedName,
  labelValueErrors,
  qualifiedNameErrors,
  serviceNameErrors,
  standardFinalizers,
  toDns1035Label,
  toDns1123Label,
  toGenerateName,
  toLabelValue,
  toQualifiedName,
} from '../names';
import { yamlString } from '../../kubectl-yaml';
import { goQuote, isEmptyNode, keyRange, mapAt, mapStringValue, nodeRange, reporter, seqAt, spanOf, stringField, type FieldError } from './metadata-ports-support';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';

function docStart(context: RuleContext): [number, number] {
  return [context.document.start, context.document.start];
}

/** Where to report something missing from metadata: the `metadata` key, else `kind`. */
function metadataAnchor(context: RuleContext): [number, number] {
  const meta = lookup(context.document.yaml, ['metadata']);
  if (meta?.pair) return keyRange(meta.pair, docStart(context));
  const kind = lookup(context.document.yaml, ['kind']);
  return kind ? spanOf(kind, context.document.start) : docStart(context);
}

/**
 * The name the registry generates from generateName: at most 58 bytes of it plus 5 random
 * characters. `checked` is what the name rules see: each byte of a non-ASCII character stands as
 * one invalid character, so the length is Go's (bytes); `shown` is the same name for the message.
 */
function generatedName(generateName: string): { checked: string; shown: string } {
  if (byteLength(generateName) <= 58) return { checked: `${generateName}xxxxx`, shown: `${generateName}xxxxx` };
  const bytes = Buffer.from(generateName, 'utf8').subarray(0, 58);
  return { checked: `${String.fromCharCode(...bytes.map((b) => (b < 0x80 ? b : 0x3f)))}xxxxx`, shown: `${bytes.toString('utf8')}xxxxx` };
}

/** Rules 20-22: name / generateName. */
function checkName(context: RuleContext, report: (e: FieldError) => void): void {
  const name = stringField(context, ['metadata', 'name']);
  const generate = stringField(context, ['metadata', 'generateName']);
  const generateValue = generate.kind === 'ok' ? generate.value : '';
  if (generate.kind === 'ok' && generateValue !== '') {
    const suggestion = toGenerateName(generateValue);
    for (const detail of serviceNameErrors(generateValue, true)) {
      report({ code: 'generate-name-invalid', rule: 22, type: 'Invalid', path: 'metadata.generateName', range: spanOf(generate.found, context.document.start), messageKey: 'generate-name-invalid', args: { value: generateValue }, value: goQuote(generateValue), detail, suggestion: suggestion && yamlString(suggestion) });
    }
  }
  if (name.kind === 'wrong') return;
  const nameValue = name.kind === 'ok' ? name.value : '';
  if (nameValue === '') {
    if (generateValue !== '') {
      // BeforeCreate generates the name first, then ValidateObjectMeta checks it like any name.
      const generated = generatedName(generateValue);
      const suggestion = toGenerateName(generateValue);
      for (const detail of serviceNameErrors(generated.checked)) {
        report({ code: 'name-invalid', rule: 21, type: 'Invalid', path: 'metadata.name', range: spanOf(generate.found, context.document.start), messageKey: 'name-invalid.generated', args: { value: generateValue }, value: goQuote(generated.shown), detail, suggestion: suggestion && yamlString(suggestion), data: { generated: true } });
      }
    } else if (generate.kind !== 'wrong') {
      const range = name.found ? spanOf(name.found, context.document.start) : metadataAnchor(context);
      report({ code: 'name-required', rule: 20, type: 'Required', path: 'metadata.name', range, messageKey: 'name-required', detail: 'name or generateName is required' });
    }
    return;
  }
  const suggestion = toDns1035Label(nameValue);
  for (const detail of serviceNameErrors(nameValue)) {
    report({ code: 'name-invalid', rule: 21, type: 'Invalid', path: 'metadata.name', range: spanOf(name.found, context.document.start), messageKey: 'name-invalid', args: { value: nameValue }, value: goQuote(nameValue), detail, suggestion: suggestion && yamlString(suggestion) });
  }
}

/** Rule 23 (through rule 9): a namespace that is not a DNS-1123 label cannot exist. */
function checkNamespace(context: RuleContext, report: (e: FieldError) => void): void {
  const namespace = stringField(context, ['metadata', 'namespace']);
  if (namespace.kind !== 'ok' || namespace.value === '') return;
  const errors = dns1123LabelErrors(namespace.value);
  if (errors.length === 0) return;
  const suggestion = toDns1123Label(namespace.value);
  report({
    code: 'namespace-invalid',
    rule: 23,
    type: 'NotFound',
    path: 'metadata.namespace',
    range: spanOf(namespace.found, context.document.start),
    messageKey: 'namespace-invalid',
    args: { value: namespace.value },
    detail: errors.join('; '),
    server: `namespaces ${goQuote(namespace.value)} not found`,
    suggestion: suggestion && yamlString(suggestion),
    stage: 'registry',
    data: { rules: [9, 23] },
  });
}

export interface LabelMapOptions {
  path: string;
  code: string;
  keyRule: number;
  valueRule: number;
  keyMessage: 'label-invalid.key' | 'selector-invalid.key';
  valueMessage: 'label-invalid.value' | 'selector-invalid.value';
}

/** ValidateLabels on a map (metadata.labels, spec.selector): errors on the map, ranges on the key or value. */
export function checkLabelMap(context: RuleContext, report: (e: FieldError) => void, keys: readonly string[], options: LabelMapOptions): void {
  const found = mapAt(context, keys);
  if (!found || found === 'wrong') return;
  for (const [key, pair] of effectivePairs(context.document.yaml, found.node as YAMLMap)) {
    const fallback = spanOf(found, context.document.start);
    const keySuggestion = toQualifiedName(key);
    for (const detail of qualifiedNameErrors(key)) {
      report({ code: options.code, rule: options.keyRule, type: 'Invalid', path: options.path, range: keyRange(pair, fallback), messageKey: options.keyMessage, args: { key }, value: goQuote(key), detail, suggestion: keySuggestion && yamlString(keySuggestion), data: { part: 'key', key } });
    }
    const value = mapStringValue(context, pair);
    if (value === undefined) continue;
    const valueSuggestion = toLabelValue(value);
    for (const detail of labelValueErrors(value)) {
      report({ code: options.code, rule: options.valueRule, type: 'Invalid', path: options.path, range: nodeRange(pair.value as Node | null, keyRange(pair, fallback)), messageKey: options.valueMessage, args: { key, value }, value: goQuote(value), detail, suggestion: valueSuggestion && yamlString(valueSuggestion), data: { part: 'value', key } });
    }
  }
}

/** Rule 26: annotation keys (checked lowercased) and the total size. */
function checkAnnotations(context: RuleContext, report: (e: FieldError) => void): void {
  const found = mapAt(context, ['metadata', 'annotations']);
  if (!found || found === 'wrong') return;
  let size = 0;
  for (const [key, pair] of effectivePairs(context.document.yaml, found.node as YAMLMap)) {
    const suggestion = toQualifiedName(key);
    for (const detail of qualifiedNameErrors(key.toLowerCase())) {
      report({ code: 'annotation-invalid', rule: 26, type: 'Invalid', path: 'metadata.annotations', range: keyRange(pair, spanOf(found, context.document.start)), messageKey: 'annotation-invalid', args: { key }, value: goQuote(key), detail, suggestion: suggestion && yamlString(suggestion), data: { key } });
    }
    size += byteLength(key) + byteLength(mapStringValue(context, pair) ?? '');
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    const range = found.pair ? keyRange(found.pair, spanOf(found, context.document.start)) : spanOf(found, context.document.start);
    report({ code: 'annotations-too-long', rule: 26, type: 'TooLong', path: 'metadata.annotations', range, messageKey: 'annotations-too-long', args: { size }, detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`, data: { size } });
  }
}

/** Rule 27: finalizers. */
function checkFinalizers(context: RuleContext, report: (e: FieldError) => void): void {
  const found = seqAt(context, ['metadata', 'finalizers']);
  if (!found || found === 'wrong') return;
  const items = (found.node as { items: unknown[] }).items;
  const values: { value: string; range: [number, number]; index: number }[] = [];
  items.forEach((raw, index) => {
    const item = raw as Node | null;
    const node = item && isScalar(item) ? item : null;
    if (item && !node) return; // a list or map: a decode error
    const value = node?.value === null || node?.value === undefined ? '' : node.value;
    if (typeof value !== 'string') return;
    values.push({ value, range: nodeRange(item, spanOf(found, context.document.start)), index });
  });
  const suggestionFor = (value: string): string | undefined => {
    const qualified = toQualifiedName(value);
    const candidate = qualified && kubeFinalizerErrors(qualified).length === 0 ? qualified : closest(value, standardFinalizers);
    return candidate && yamlString(candidate);
  };
  for (const { value, range } of values) {
    for (const detail of qualifiedNameErrors(value)) {
      report({ code: 'finalizer-invalid', rule: 27, type: 'Invalid', path: 'metadata.finalizers', range, messageKey: 'finalizer-invalid', args: { value }, value: goQuote(value), detail, suggestion: suggestionFor(value) });
    }
  }
  const orphan = values.find((v) => v.value === 'orphan');
  const foreground = values.find((v) => v.value === 'foregroundDeletion');
  if (orphan && foreground) {
    const later = orphan.index > foreground.index ? orphan : foreground;
    const all = `[]string{${values.map((v) => goQuote(v.value)).join(', ')}}`;
    report({ code: 'finalizer-conflict', rule: 27, type: 'Invalid', path: 'metadata.finalizers', range: later.range, messageKey: 'finalizer-conflict', value: all, detail: 'finalizer orphan and foregroundDeletion cannot be both set' });
  }
  for (const { value, range, index } of values) {
    for (const detail of kubeFinalizerErrors(value)) {
      report({ code: 'finalizer-invalid', rule: 27, type: 'Invalid', path: `metadata.finalizers[${index}]`, range, messageKey: 'finalizer-invalid.standard', args: { value }, value: goQuote(value), detail, suggestion: suggestionFor(value) });
    }
  }
}

export const objectMetaRule: Rule = {
  codes: {
    'name-required': 'error',
    'name-invalid': 'error',
    'generate-name-invalid': 'error',
    'namespace-invalid': 'error',
    'label-invalid': 'error',
    'annotation-invalid': 'error',
    'annotations-too-long': 'error',
    'finalizer-invalid': 'error',
    'finalizer-conflict': 'error',
  },
  appliesTo: 'service',
  stage: 'validation',
  check(context) {
    if (!isMap(context.document.yaml.contents)) return;
    if (mapAt(context, ['metadata']) === 'wrong') return; // a decode error (schema-conformance)
    const report = reporter(context);
    checkName(context, report);
    checkNamespace(context, report);
    checkLabelMap(context, report, ['metadata', 'labels'], { path: 'metadata.labels', code: 'label-invalid', keyRule: 24, valueRule: 25, keyMessage: 'label-invalid.key', valueMessage: 'label-invalid.value' });
    checkAnnotations(context, report);
    checkFinalizers(context, report);
  },
};

/** Rule 28: the deprecated topology-aware-hints annotation and topology-mode must agree. */
export const topologyAnnotationsRule: Rule = {
  codes: { 'topology-annotations-conflict': 'error' },
  appliesTo: 'service',
  stage: 'validation',
  check(context) {
    const found = mapAt(context, ['metadata', 'annotations']);
    if (!found || found === 'wrong') return;
    const pairs = effectivePairs(context.document.yaml, found.node as YAMLMap);
    const hintsPair = pairs.get(TOPOLOGY_HINTS);
    const modePair = pairs.get(TOPOLOGY_MODE);
    if (!hintsPair || !modePair) return;
    const hints = mapStringValue(context, hintsPair);
    const mode = mapStringValue(context, modePair);
    if (hints === undefined || mode === undefined || hints === mode) return;
    const report = reporter(context);
    const range = nodeRange(modePair.value as Node | null, keyRange(modePair, spanOf(found, context.document.start)));
    report({
      code: 'topology-annotations-conflict',
      rule: 28,
      type: 'Invalid',
      path: `metadata.annotations[${TOPOLOGY_MODE}]`,
      range,
      messageKey: 'topology-annotations-conflict',
      args: { value: mode, other: hints },
      value: goQuote(mode),
      detail: `must match annotations[${TOPOLOGY_HINTS}] when both are specified`,
      // With `topology-mode:` empty the range is its key: nothing to replace there.
      suggestion: isEmptyNode(modePair.value as Node | null) ? undefined : yamlString(hints),
    });
  },
};

interface ServiceIdentity {
  document: ManifestDocument;
  name: string;
  namespace: string;
}

/**
 * Name and namespace of a Service document as kubectl create would send it (namespace defaults to
 * `default`), kept with the document while its text is unchanged.
 */
function identityOf(document: ManifestDocument): ServiceIdentity | undefined {
  if (document.kind !== 'Service' || document.apiVersion !== 'v1') return undefined;
  if (document.cache?.has('identity')) return document.cache.get('identity') as ServiceIdentity | undefined;
  const identity = readIdentity(document);
  document.cache ??= new Map();
  document.cache.set('identity', identity);
  return identity;
}

function readIdentity(document: ManifestDocument): ServiceIdentity | undefined {
  if (!isMap(document.yaml.contents)) return undefined;
  if (document.yaml.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return undefined;
  const name = lookup(document.yaml, ['metadata', 'name']);
  const nameValue = name && isScalar(name.node) ? name.node.value : undefined;
  if (typeof nameValue !== 'string' || nameValue === '') return undefined;
  const namespace = lookup(document.yaml, ['metadata', 'namespace']);
  const namespaceValue = namespace && isScalar(namespace.node) ? namespace.node.value : undefined;
  if (namespaceValue !== undefined && namespaceValue !== null && typeof namespaceValue !== 'string') return undefined;
  return { document, name: nameValue, namespace: typeof namespaceValue === 'string' && namespaceValue !== '' ? namespaceValue : 'default' };
}

interface FileServices {
  /** Each document's Service identity (undefined: not a Service, or no usable name). */
  byDocument: (ServiceIdentity | undefined)[];
  /** How many Services use each `namespace/name`. */
  counts: Map<string, number>;
  /** How many `namespace/name`s are used more than once (else the rule has nothing to look for). */
  duplicates: number;
  /** The first Service of each `namespace/name`, worked out only when there are duplicates. */
  first?: Map<string, ServiceIdentity>;
  /** A later parse took `counts` over (see `patched`). */
  superseded?: boolean;
}

const identities = new WeakMap<ParsedFile, FileServices>();
/** The last few files' Services by parse id, for the next parse of the same file to patch. */
const recent = new Map<number, FileServices>();

const keyOf = (identity: ServiceIdentity) => `${identity.namespace}/${identity.name}`;

/**
 * The Services of a file, computed once per parsed file (the rule runs for each of its
 * documents), and after an edit patched from the previous parse's: only the documents the edit
 * touched are counted again.
 */
function servicesOf(file: ParsedFile): FileServices {
  let services = identities.get(file);
  if (services && !services.superseded) return services;
  const base = file.reused ? recent.get(file.reused.base) : undefined;
  services = base && !base.superseded && file.reused && base.byDocument.length === file.reused.previousCount ? patched(file, base) : counted(file);
  identities.set(file, services);
  if (file.id !== undefined) {
    recent.set(file.id, services);
    if (recent.size > 8) recent.delete(recent.keys().next().value!);
  }
  return services;
}

function counted(file: ParsedFile): FileServices {
  const services: FileServices = { byDocument: file.documents.map(identityOf), counts: new Map(), duplicates: 0 };
  for (const identity of services.byDocument) count(services, identity, 1);
  return services;
}

function count(services: FileServices, identity: ServiceIdentity | undefined, by: 1 | -1): void {
  if (!identity) return;
  const key = keyOf(identity);
  const before = services.counts.get(key) ?? 0;
  const after = before + by;
  if (after <= 0) services.counts.delete(key);
  else services.counts.set(key, after);
  if (before < 2 && after >= 2) services.duplicates++;
  if (before >= 2 && after < 2) services.duplicates--;
}

/** The previous parse's Services with the edited documents counted again (`base` is used up). */
function patched(file: ParsedFile, base: FileServices): FileServices {
  const { head, tail, previousCount } = file.reused!;
  const services: FileServices = { byDocument: base.byDocument.slice(0, head), counts: base.counts, duplicates: base.duplicates };
  base.superseded = true;
  for (let i = head; i < previousCount - tail; i++) count(services, base.byDocument[i], -1);
  for (let i = head; i < file.documents.length - tail; i++) {
    const identity = identityOf(file.documents[i]);
    services.byDocument.push(identity);
    count(services, identity, 1);
  }
  for (let i = previousCount - tail; i < previousCount; i++) services.byDocument.push(base.byDocument[i]);
  return services;
}

function firstOf(services: FileServices): Map<string, ServiceIdentity> {
  if (!services.first) {
    services.first = new Map();
    for (const identity of services.byDocument) if (identity && !services.first.has(keyOf(identity))) services.first.set(keyOf(identity), identity);
  }
  return services.first;
}

/** Rule 59: an earlier document of the file already creates a Service with this name in this namespace. */
export const nameUniqueRule: Rule = {
  codes: { 'name-already-used': 'error' },
  crossDocument: true,
  remember: (document) => void identityOf(document),
  quietFor: (file) => servicesOf(file).duplicates === 0,
  appliesTo: 'service',
  stage: 'validation',
  check(context) {
    const services = servicesOf(context.file);
    if (services.duplicates === 0) return;
    const self = identityOf(context.document);
    if (!self) return;
    const earlier = firstOf(services).get(keyOf(self));
    if (!earlier || earlier.document.index >= context.document.index) return;
    const taken = new Set(services.byDocument.filter((s) => s?.namespace === self.namespace).map((s) => s!.name));
    const suggestion = numberedName(toDns1035Label(self.name) ?? 'svc', taken, (name) => serviceNameErrors(name).length === 0);
    // The name nodes are read again: a document's syntax tree may have been released and parsed
    // again since its identity was cached, and only the current tree has current offsets.
    const nameNodeOf = (identity: ServiceIdentity) => lookup(identity.document.yaml, ['metadata', 'name'])?.node ?? null;
    const earlierName = nameNodeOf(earlier);
    const selfName = nameNodeOf(self);
    const line = context.file.lines.positionAt(earlierName?.range?.[0] ?? earlier.document.start).line + 1;
    const report = reporter(context);
    report({
      code: 'name-already-used',
      rule: 59,
      type: 'AlreadyExists',
      path: 'metadata.name',
      range: nodeRange(selfName, [context.document.start, context.document.start]),
      messageKey: 'name-already-used',
      args: { value: self.name, namespace: self.namespace, line },
      server: `services ${goQuote(self.name)} already exists`,
      suggestion: suggestion && yamlString(suggestion),
      data: { namespace: self.namespace, earlierDocument: earlier.document.index },
    });
  },
};

/** Rule 60: storage refuses a create whose resourceVersion parses as a non-zero uint64. */
export const resourceVersionRule: Rule = {
  codes: { 'resource-version-set': 'error' },
  appliesTo: 'service',
  stage: 'validation',
  check(context) {
    if (mapAt(context, ['metadata']) === 'wrong') return;
    const version = stringField(context, ['metadata', 'resourceVersion']);
    if (version.kind !== 'ok' || !/^[0-9]+$/.test(version.value)) return;
    const parsed = BigInt(version.value);
    if (parsed === 0n || parsed > 2n ** 64n - 1n) return;
    reporter(context)({
      code: 'resource-version-set',
      rule: 60,
      type: 'InternalError',
      path: 'metadata.resourceVersion',
      range: spanOf(version.found, context.document.start),
      messageKey: 'resource-version-set',
      args: { value: version.value },
      server: 'resourceVersion should not be set on objects to be created',
    });
  },
};

export const metadataRules: Rule[] = [objectMetaRule, topologyAnnotationsRule, nameUniqueRule, resourceVersionRule];
