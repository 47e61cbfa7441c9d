/**
 * Reads the workloads and Services out of a manifest file. Pure and total: broken YAML,
 * non-Kubernetes YAML and half-written manifests give what can be read (often nothing),
 * never an exception.
 *
 * A file the server has parsed is read from its `yaml` Documents (`extractFromParsed`); text
 * alone (`extractManifests`, the workspace scan) goes through the fast scanner first and falls
 * back to the real parser when the scanner is unsure.
 */
import { LineIndex, parseFile, type ManifestDocument, type ParsedFile } from '../document';
import type { Range } from '../types';
import { scanDocuments } from './scan';
import { asMap, asSeq, child, fromYamlDocument, get, isNullScalar, lastPair, scalarNumber, scalarString, scalarText, Unsure, type TDocument, type TMap, type TNode, type TPair } from './tree';
import type { ContainerInfo, ContainerPort, FileIndex, LabelEntry, ServiceInfo, ServicePort, WorkloadInfo } from './types';

/** Where the pod template of each known workload kind is (keys from the document root). */
const templatePaths: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Kinds that have `spec.replicas`. */
const replicated = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

const empty = (uri: string): FileIndex => ({ uri, workloads: [], services: [] });

/**
 * Reads a file's manifests from its text: with the fast scanner when the file is plain block
 * YAML, else with the real parser (`parse`, the core's `parseFile` by default).
 */
export function extractManifests(uri: string, text: string, parse: (text: string) => ParsedFile = parseFile): FileIndex {
  const fast = scanManifests(uri, text);
  if (fast) return fast;
  let file: ParsedFile;
  try {
    file = parse(text);
  } catch {
    return empty(uri);
  }
  return extractFromParsed(uri, file);
}

/** The fast path alone: the file's manifests, or undefined when only the real parser can tell. */
export function scanManifests(uri: string, text: string): FileIndex | undefined {
  const documents = scanDocuments(text);
  if (!documents) return undefined;
  try {
    return extractDocuments(uri, text, undefined, documents, true);
  } catch {
    return undefined;
  }
}

interface CachedExtract {
  uri: string;
  line: number;
  index: number;
  part: FileIndex;
  /** Every range of `part`, gathered once, so moving them is one pass over a list. */
  ranges: Range[];
}

/**
 * Every range in what was read from a document. Each has positions of its own (see readLabels),
 * so moving each range of the list moves every position once.
 */
function rangesOf(part: FileIndex): Range[] {
  const ranges: Range[] = [];
  const add = (range: Range | undefined) => {
    if (range) ranges.push(range);
  };
  const addLabels = (labels: readonly LabelEntry[]) => {
    for (const label of labels) {
      add(label.keyRange);
      add(label.valueRange);
      add(label.range);
    }
  };
  for (const workload of part.workloads) {
    add(workload.nameRange);
    add(workload.range);
    add(workload.labelsKeyRange);
    addLabels(workload.labels);
    for (const container of workload.containers) {
      add(container.nameRange);
      for (const port of container.ports) {
        add(port.range);
        add(port.nameRange);
        add(port.containerPortRange);
      }
    }
  }
  for (const service of part.services) {
    add(service.nameRange);
    add(service.range);
    add(service.selectorKeyRange);
    addLabels(service.selector);
    for (const port of service.ports) {
      add(port.protocolRange);
      add(port.range);
      add(port.portRange);
      add(port.targetPortRange);
    }
  }
  return ranges;
}

/**
 * Moves what was read from a document down by `delta` lines, and renumbers it to document
 * `documentIndex`, in place. The part belongs to the document, which the new parse took over and
 * moved already: the previous parse is not used again. Moving in place keeps the objects the
 * workspace index holds, so an Enter near the top of a large file does not take thousands of
 * entries out of the index and put copies back.
 */
function moveInPlace(cached: CachedExtract, delta: number, documentIndex: number): void {
  if (delta !== 0) {
    for (const range of cached.ranges) {
      range.start.line += delta;
      range.end.line += delta;
    }
  }
  for (const item of cached.part.workloads) renumber(item, documentIndex);
  for (const item of cached.part.services) renumber(item, documentIndex);
}

function renumber(item: WorkloadInfo | ServiceInfo, documentIndex: number): void {
  if (item.documentIndex === documentIndex) return;
  item.documentIndex = documentIndex;
  item.id = item.id.replace(/#\d+/, `#${documentIndex}`);
}

/**
 * Reads the manifests of an already parsed file (the server parses each open file once). What
 * is read from a document is kept with it, so after an edit only the changed documents are read
 * again; the others are moved to their new lines.
 */
export function extractFromParsed(uri: string, file: ParsedFile): FileIndex {
  return joinParts(uri, extractParts(uri, file));
}

/** What each document contributes (undefined: nothing), in document order. */
export type DocumentParts = (FileIndex | undefined)[];

/**
 * `extractFromParsed` per document. Given the parts read from the parse this one took its
 * documents over from, only the documents in between are looked at: in a file of thousands of
 * documents an edit costs one document, not a walk over all of them.
 */
export function extractParts(uri: string, file: ParsedFile, previous?: { parseId?: number; parts: DocumentParts }): DocumentParts {
  if (file.tooLarge || file.parserFailure || !file.isKubernetes) return [];
  const reused = file.reused;
  const count = file.documents.length;
  if (!previous || !reused || previous.parseId !== reused.base || previous.parts.length !== reused.previousCount) {
    return file.documents.map((document) => extractDocument(uri, file, document));
  }
  const parts = previous.parts.slice(0, reused.head);
  for (let i = reused.head; i < count - reused.tail; i++) parts.push(extractDocument(uri, file, file.documents[i]));
  if (reused.lineDelta === 0 && count === reused.previousCount) {
    // Same lines, same document numbers: what was read from them is still right.
    for (let i = reused.previousCount - reused.tail; i < reused.previousCount; i++) parts.push(previous.parts[i]);
  } else {
    // Moved by lineDelta lines (and renumbered): no need to look up where each one starts.
    for (let i = count - reused.tail; i < count; i++) parts.push(extractDocument(uri, file, file.documents[i], reused.lineDelta));
  }
  return parts;
}

/** The parts of a file as one list of workloads and one of Services. */
export function joinParts(uri: string, parts: DocumentParts): FileIndex {
  const result = empty(uri);
  for (const part of parts) {
    if (!part) continue;
    for (const workload of part.workloads) result.workloads.push(workload);
    for (const service of part.services) result.services.push(service);
  }
  return result;
}

/**
 * What one document of a parsed file contributes to the index, kept with the document (moved
 * to its new lines when only lines above it changed). `file` needs only `text` and `lines`.
 */
export function extractDocument(uri: string, file: Pick<ParsedFile, 'text' | 'lines'>, document: ManifestDocument, movedBy?: number): FileIndex | undefined {
  if (!document.isKubernetes) return undefined;
  const cached = document.cache?.get('workspace') as CachedExtract | undefined;
  const usable = cached !== undefined && cached.uri === uri;
  // `movedBy`: the caller knows the document moved by that many lines since it was last read.
  const line = usable && movedBy !== undefined ? cached.line + movedBy : file.lines.positionAt(document.start).line;
  if (usable) {
    if (cached.line !== line || cached.index !== document.index) {
      moveInPlace(cached, line - cached.line, document.index);
      cached.line = line;
      cached.index = document.index;
    }
    return cached.part;
  }
  // A plain document (document.ts) comes with the fast reader's tree: no syntax tree needed.
  let part = readScanned(uri, file, document);
  if (!part) {
    try {
      const one: TDocument = {
        index: document.index,
        start: document.start,
        end: document.end,
        root: fromYamlDocument(document.yaml, file.text),
        isKubernetes: true,
        ...(document.kind !== undefined ? { kind: document.kind } : {}),
        hasErrors: document.yaml.errors.length > 0,
      };
      part = extractDocuments(uri, file.text, file.lines, [one], false);
    } catch {
      // A shape we did not foresee: index the rest of the file.
      return undefined;
    }
  }
  document.cache ??= new Map();
  document.cache.set('workspace', { uri, line, index: document.index, part, ranges: rangesOf(part) } satisfies CachedExtract);
  return part;
}

/** What a plain document contributes, read from the fast reader's tree; undefined when it was unsure of something. */
function readScanned(uri: string, file: Pick<ParsedFile, 'text' | 'lines'>, document: ManifestDocument): FileIndex | undefined {
  const scanned = document.takeScanned?.();
  if (!scanned) return undefined;
  try {
    return extractDocuments(uri, file.text, file.lines, [{ ...scanned, index: document.index }], true);
  } catch {
    return undefined;
  }
}

function extractDocuments(uri: string, text: string, lines: LineIndex | undefined, documents: TDocument[], strict: boolean): FileIndex {
  const result = empty(uri);
  let lineIndex = lines;
  for (const document of documents) {
    if (!document.isKubernetes) continue;
    lineIndex ??= new LineIndex(text);
    try {
      readDocument(uri, text, lineIndex, document, result);
    } catch (error) {
      // The fast scanner was unsure of something we read: the caller parses the file for real.
      if (strict || error instanceof Unsure) throw error;
      // A shape we did not foresee: index the rest of the file.
    }
  }
  return result;
}

interface Reader {
  uri: string;
  text: string;
  lines: LineIndex;
  document: TDocument;
  templated: boolean;
}

function readDocument(uri: string, text: string, lines: LineIndex, document: TDocument, out: FileIndex): void {
  const root = asMap(document.root);
  if (!root) return;
  const reader: Reader = { uri, text, lines, document, templated: text.slice(document.start, document.end).includes('{{') };
  const kind = document.kind;
  const items = kind === 'List' || kind?.endsWith('List') ? asSeq(get(root, 'items')) : undefined;
  if (items) {
    items.items.forEach((item, i) => {
      const map = asMap(item);
      if (map) readObject(reader, map, i, out);
    });
    return;
  }
  if (kind === 'List') return;
  readObject(reader, root, undefined, out);
}

function readObject(reader: Reader, root: TMap, item: number | undefined, out: FileIndex): void {
  const kind = scalarString(get(root, 'kind'));
  if (!kind) return;
  if (kind === 'Service') {
    out.services.push(readService(reader, root, item));
    return;
  }
  const workload = readWorkload(reader, root, kind, item);
  if (workload) out.workloads.push(workload);
}

// ---------------------------------------------------------------------------------------------
// Ranges

function rangeOf(reader: Reader, node: TNode | null | undefined): Range | undefined {
  if (!node || node.t === 'seq') return undefined;
  return reader.lines.range(node.start, node.end);
}

function keyRange(reader: Reader, pair: TPair | undefined): Range | undefined {
  return pair ? reader.lines.range(pair.keyStart, pair.keyEnd) : undefined;
}

function documentRange(reader: Reader, root: TMap, item: number | undefined): Range {
  if (item !== undefined) return reader.lines.range(root.start, root.end);
  let end = reader.document.end;
  while (end > reader.document.start && /\s/.test(reader.text[end - 1])) end--;
  return reader.lines.range(reader.document.start, end);
}

function readLabels(reader: Reader, node: TNode | undefined): { entries: LabelEntry[]; map: Map<string, string>; invalid: boolean } {
  const byKey = new Map<string, LabelEntry>();
  let invalid = false;
  const map = asMap(node);
  if (map) {
    for (const pair of map.pairs) {
      const value = scalarText(pair.value);
      if (pair.key === undefined || value === undefined) {
        invalid = true;
        continue;
      }
      const kr = keyRange(reader, pair)!;
      const valueRange = rangeOf(reader, pair.value)!;
      byKey.delete(pair.key); // the last duplicate wins, in its own place
      // Positions of their own (not shared with keyRange and valueRange): moveInPlace moves each position once.
      const end = isNullScalar(pair.value) ? kr.end : valueRange.end;
      byKey.set(pair.key, { key: pair.key, value, keyRange: kr, valueRange, range: { start: { ...kr.start }, end: { ...end } } });
    }
  } else if (node !== undefined && !isNullScalar(node)) {
    invalid = true;
  }
  const entries = [...byKey.values()];
  return { entries, map: new Map(entries.map((e) => [e.key, e.value])), invalid };
}

function identity(reader: Reader, root: TMap): { name: string; nameRange: Range; namespace: string; namespaceExplicit: boolean } {
  const metadata = get(root, 'metadata');
  const nameNode = child(metadata, 'name');
  const name = scalarText(nameNode) ?? '';
  const nameRange = rangeOf(reader, nameNode) ?? rangeOf(reader, get(root, 'kind')) ?? reader.lines.range(reader.document.start, reader.document.start);
  const namespaceText = scalarText(child(metadata, 'namespace'));
  const namespaceExplicit = namespaceText !== undefined && namespaceText !== '';
  return { name, nameRange, namespace: namespaceExplicit ? namespaceText! : 'default', namespaceExplicit };
}

function objectId(reader: Reader, item: number | undefined): string {
  return `${reader.uri}#${reader.document.index}${item === undefined ? '' : `/${item}`}`;
}

// ---------------------------------------------------------------------------------------------
// Workloads

function readWorkload(reader: Reader, root: TMap, kind: string, item: number | undefined): WorkloadInfo | undefined {
  let templateKeys: readonly string[] | undefined;
  let template: TNode | undefined;
  if (kind === 'Pod') {
    template = root;
    templateKeys = [];
  } else {
    templateKeys = templatePaths[kind];
    if (templateKeys) {
      template = child(root, ...templateKeys);
    } else {
      // Another kind with a pod template where Deployments have it (Argo Rollout, DeploymentConfig...).
      template = child(root, 'spec', 'template');
      if (!asMap(child(template, 'spec')) || !asSeq(child(template, 'spec', 'containers'))) return undefined;
      templateKeys = ['spec', 'template'];
    }
  }
  const { name, nameRange, namespace, namespaceExplicit } = identity(reader, root);
  const labelsPair = lastPair(get(template, 'metadata'), 'labels');
  const labels = readLabels(reader, labelsPair?.value);
  const containersNode = asSeq(child(template, 'spec', 'containers'));
  const containers: ContainerInfo[] = [];
  let containersKnown = containersNode !== undefined && !reader.templated;
  containersNode?.items.forEach((entry, index) => {
    const map = asMap(entry);
    if (!map) {
      containersKnown = false;
      return;
    }
    const info = readContainer(reader, map, index);
    if (!info.known) containersKnown = false;
    containers.push(info.container);
  });
  const replicas = replicated.has(kind) ? scalarNumber(child(root, 'spec', 'replicas')) : undefined;
  return {
    id: objectId(reader, item),
    uri: reader.uri,
    documentIndex: reader.document.index,
    kind,
    name,
    ref: `${kind.toLowerCase()}/${name || '?'}`,
    namespace,
    namespaceExplicit,
    ...(replicas !== undefined ? { replicas } : {}),
    nameRange,
    range: documentRange(reader, root, item),
    labelsPath: [...templateKeys, 'metadata', 'labels'].join('.'),
    ...(labelsPair ? { labelsKeyRange: keyRange(reader, labelsPair) } : {}),
    labels: labels.entries,
    labelMap: labels.map,
    containers,
    containersKnown,
    templated: reader.templated,
  };
}

function readContainer(reader: Reader, node: TMap, index: number): { container: ContainerInfo; known: boolean } {
  const nameNode = get(node, 'name');
  const ports: ContainerPort[] = [];
  let known = true;
  const portsValue = get(node, 'ports');
  const portsNode = asSeq(portsValue);
  portsNode?.items.forEach((entry, portIndex) => {
    const map = asMap(entry);
    if (!map) {
      known = false;
      return;
    }
    const nameValue = get(map, 'name');
    const numberNode = get(map, 'containerPort');
    const port: ContainerPort = { index: portIndex, protocol: scalarString(get(map, 'protocol')) || 'TCP', range: rangeOf(reader, map)! };
    const name = scalarText(nameValue);
    if (name) {
      port.name = name;
      port.nameRange = rangeOf(reader, nameValue);
    }
    const containerPort = scalarNumber(numberNode);
    if (containerPort !== undefined) {
      port.containerPort = containerPort;
      port.containerPortRange = rangeOf(reader, numberNode);
    } else if (numberNode !== undefined) {
      known = false;
    }
    ports.push(port);
  });
  if (!portsNode && portsValue !== undefined && !isNullScalar(portsValue)) known = false;
  const container: ContainerInfo = { index, name: scalarText(nameNode) ?? '', ports };
  const nameRange = scalarText(nameNode) ? rangeOf(reader, nameNode) : undefined;
  if (nameRange) container.nameRange = nameRange;
  return { container, known };
}

// ---------------------------------------------------------------------------------------------
// Services

function readService(reader: Reader, root: TMap, item: number | undefined): ServiceInfo {
  const { name, nameRange, namespace, namespaceExplicit } = identity(reader, root);
  const spec = get(root, 'spec');
  const type = scalarString(get(spec, 'type')) || 'ClusterIP';
  const clusterIP = scalarText(get(spec, 'clusterIP'));
  const selectorPair = lastPair(spec, 'selector');
  const selector = readLabels(reader, selectorPair?.value);
  const ports: ServicePort[] = [];
  asSeq(get(spec, 'ports'))?.items.forEach((entry, index) => {
    const map = asMap(entry);
    if (map) ports.push(readServicePort(reader, map, index));
  });
  return {
    id: objectId(reader, item),
    uri: reader.uri,
    documentIndex: reader.document.index,
    name,
    namespace,
    namespaceExplicit,
    nameRange,
    range: documentRange(reader, root, item),
    type,
    headless: clusterIP === 'None',
    selector: selector.entries,
    selectorMap: selector.map,
    ...(selectorPair ? { selectorKeyRange: keyRange(reader, selectorPair) } : {}),
    selectorInvalid: selector.invalid,
    selectorless: selector.entries.length === 0 || type === 'ExternalName',
    ports,
    hasErrors: reader.document.hasErrors,
    templated: reader.templated,
  };
}

function readServicePort(reader: Reader, node: TMap, index: number): ServicePort {
  const portNode = get(node, 'port');
  const targetNode = get(node, 'targetPort');
  const protocolNode = get(node, 'protocol');
  const result: ServicePort = { index, protocol: scalarString(protocolNode) || 'TCP', range: rangeOf(reader, node)! };
  const name = scalarText(get(node, 'name'));
  if (name) result.name = name;
  const port = scalarNumber(portNode);
  if (port !== undefined) result.port = port;
  const portRange = rangeOf(reader, portNode);
  if (portRange) result.portRange = portRange;
  const protocolRange = rangeOf(reader, protocolNode);
  if (protocolRange) result.protocolRange = protocolRange;
  if (targetNode !== undefined && !isNullScalar(targetNode)) {
    const number = scalarNumber(targetNode);
    const text = scalarText(targetNode);
    const target = number ?? (text !== undefined && text !== '' ? text : undefined);
    if (target !== undefined) result.targetPort = target;
  }
  const targetRange = rangeOf(reader, targetNode);
  if (targetRange) result.targetPortRange = targetRange;
  const effective = result.targetPort ?? result.port;
  if (effective !== undefined) result.effectiveTarget = effective;
  return result;
}
