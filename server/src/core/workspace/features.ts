/**
 * What the workspace index lets the editor say about a Service: which workloads its selector
 * selects and which container port each targetPort reaches, as completion, problems, hover,
 * definition, references and code lens. Pure: each function takes the index and the file the
 * editor has (uri + ParsedFile, and a position), and returns plain data or core types.
 *
 * The file given should be the one the index holds for the uri (`index.updateParsed(uri, file)`
 * first); when it is not, its manifests are read from it directly so ranges still fit its text.
 */
import { yamlString } from '../kubectl-yaml';
import { documentAt, writtenKind, type ParsedFile } from '../document';
import { lineShape, pathBefore, siblingKeys, valueRange } from '../line-context';
import { closest, editDistance } from '../schema';
import type { CompletionProposal, HoverResult, Locale, Position, Problem, Range } from '../types';
import type { QuickFix, TextEdit } from '../code-actions';
import { extractFromParsed } from './extract';
import { podHasLabel, selectorMatches } from './match';
import { workspaceMessage as msg } from './messages';
import type { WorkspaceIndex } from './index';
import type { ContainerInfo, ContainerPort, FileIndex, LabelEntry, Location, ServiceInfo, ServicePort, WorkloadInfo } from './types';

// ---------------------------------------------------------------------------------------------
// Codes

/** Problem codes of the workspace checks (all `stage: 'lint'`). */
export const workspaceProblemCodes = {
  selectorMatchesNothing: 'selector-matches-nothing',
  targetPortNotFound: 'target-port-not-found',
  targetPortNotDeclared: 'target-port-not-declared',
  targetPortProtocolMismatch: 'target-port-protocol-mismatch',
} as const;

// ---------------------------------------------------------------------------------------------
// Where am I

/** What is under a position, as far as the workspace features are concerned. */
export type WorkspaceTarget =
  /** The `selector` key of a Service. */
  | { kind: 'selector'; service: ServiceInfo; range: Range }
  /** A `key: value` of a Service selector (`onKey`: on the key rather than the value). */
  | { kind: 'selector-entry'; service: ServiceInfo; entry: LabelEntry; onKey: boolean; range: Range }
  /** A Service port's targetPort value, or its `port` value when there is no targetPort (`implicit`). */
  | { kind: 'target-port'; service: ServiceInfo; port: ServicePort; implicit: boolean; range: Range }
  /** A pod-template label of a workload. */
  | { kind: 'workload-label'; workload: WorkloadInfo; entry: LabelEntry; range: Range }
  /** An entry of a container's `ports`. */
  | { kind: 'container-port'; workload: WorkloadInfo; container: ContainerInfo; port: ContainerPort; range: Range }
  /** The `metadata.name` of a workload. */
  | { kind: 'workload'; workload: WorkloadInfo; range: Range };

/** The index's entry for a file when it fits this text, else the file read on the spot. */
function fileIndexFor(index: WorkspaceIndex, uri: string, file: ParsedFile): FileIndex {
  const known = index.file(uri);
  if (known && (index.holds(uri, file) || index.isCurrent(uri, file.text))) return known;
  return extractFromParsed(uri, file);
}

function contains(range: Range | undefined, position: Position): boolean {
  if (!range) return false;
  const { start, end } = range;
  if (position.line < start.line || position.line > end.line) return false;
  if (position.line === start.line && position.character < start.character) return false;
  if (position.line === end.line && position.character > end.character) return false;
  return true;
}

/** What the workspace features see at a position of a file. */
export function workspaceTargetAt(index: WorkspaceIndex, uri: string, file: ParsedFile, position: Position): WorkspaceTarget | undefined {
  if (file.tooLarge) return undefined;
  const document = documentAt(file, file.lines.offsetAt(position));
  if (!document) return undefined;
  const fileIndex = fileIndexFor(index, uri, file);
  for (const service of fileIndex.services) {
    if (service.documentIndex !== document.index || !contains(service.range, position)) continue;
    if (contains(service.selectorKeyRange, position)) return { kind: 'selector', service, range: service.selectorKeyRange! };
    for (const entry of service.selector) {
      if (contains(entry.range, position)) {
        const onKey = !contains(entry.valueRange, position) || contains(entry.keyRange, position);
        return { kind: 'selector-entry', service, entry, onKey, range: onKey ? entry.keyRange : entry.valueRange };
      }
    }
    for (const port of service.ports) {
      if (port.targetPort !== undefined && contains(port.targetPortRange, position)) return { kind: 'target-port', service, port, implicit: false, range: port.targetPortRange! };
      if (port.targetPort === undefined && contains(port.portRange, position)) return { kind: 'target-port', service, port, implicit: true, range: port.portRange! };
    }
  }
  for (const workload of fileIndex.workloads) {
    if (workload.documentIndex !== document.index || !contains(workload.range, position)) continue;
    if (contains(workload.nameRange, position)) return { kind: 'workload', workload, range: workload.nameRange };
    for (const entry of workload.labels) if (contains(entry.range, position)) return { kind: 'workload-label', workload, entry, range: entry.range };
    for (const container of workload.containers) {
      for (const port of container.ports) if (contains(port.range, position)) return { kind: 'container-port', workload, container, port, range: port.range };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** A resolved container port: which workload and container declares it. */
export interface ResolvedPort {
  workload: WorkloadInfo;
  container: ContainerInfo;
  port: ContainerPort;
}

/** The container ports of some workloads a targetPort (number or name) reaches. */
function resolveTargetPort(workloads: readonly WorkloadInfo[], target: number | string): ResolvedPort[] {
  const result: ResolvedPort[] = [];
  for (const workload of workloads) {
    for (const container of workload.containers) {
      for (const port of container.ports) {
        if (typeof target === 'number' ? port.containerPort === target : port.name === target) result.push({ workload, container, port });
      }
    }
  }
  return result;
}

/** Whether a Service port reaches a container port of a workload it selects. */
function portReaches(servicePort: ServicePort, port: ContainerPort): boolean {
  const target = servicePort.effectiveTarget;
  if (target === undefined) return false;
  return typeof target === 'number' ? port.containerPort === target : port.name === target;
}

function checkable(service: ServiceInfo): boolean {
  return !service.selectorless && !service.selectorInvalid && !service.templated && !service.hasErrors;
}

function list(locale: Locale, items: readonly string[], max = 3): string {
  if (items.length === 0) return msg(locale, 'list.none');
  if (items.length <= max) return items.join(', ');
  return msg(locale, 'list.more', { list: items.slice(0, max).join(', '), count: items.length - max });
}

const pair = (key: string, value: string): string => `\`${key}: ${value}\``;

function workloadLink(workload: WorkloadInfo): string {
  return `[${workload.ref}](${workload.uri}#L${workload.nameRange.start.line + 1})`;
}

function fileName(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return decodeURIComponentSafe(slash >= 0 ? uri.slice(slash + 1) : uri);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function replicasText(locale: Locale, workload: WorkloadInfo): string | undefined {
  if (workload.replicas === undefined) return undefined;
  return workload.replicas === 1 ? msg(locale, 'hover.replicas.one') : msg(locale, 'hover.replicas.many', { count: workload.replicas });
}


// ---------------------------------------------------------------------------------------------
// Selector data

/** A workload a selector selects, for hover and code lens. */
export interface SelectedWorkload {
  workload: WorkloadInfo;
  /** kind/name, e.g. `deployment/api`. */
  ref: string;
  uri: string;
  /** The workload's `metadata.name`. */
  range: Range;
  replicas?: number;
}

export interface SelectorInfo {
  service: ServiceInfo;
  selectorless: boolean;
  headless: boolean;
  workloads: SelectedWorkload[];
}

/** The workloads a Service selects (none for a selector-less Service). */
export function selectorInfo(index: WorkspaceIndex, service: ServiceInfo): SelectorInfo {
  const workloads = service.selectorless || service.selectorInvalid ? [] : index.matching(service);
  return {
    service,
    selectorless: service.selectorless,
    headless: service.headless,
    workloads: workloads.map((workload) => ({
      workload,
      ref: workload.ref,
      uri: workload.uri,
      range: workload.nameRange,
      ...(workload.replicas !== undefined ? { replicas: workload.replicas } : {}),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Completion data

export interface LabelValueData {
  value: string;
  /** Workloads whose pod template carries `key: value`. */
  workloads: WorkloadInfo[];
  /** Together with the rest of the selector, this value still selects some workload. */
  fitsSelector: boolean;
}

export interface LabelKeyData {
  key: string;
  values: LabelValueData[];
  /** Workloads carrying the key (any value). */
  workloads: WorkloadInfo[];
  /** Some workload selected by the rest of the selector carries this key. */
  fitsSelector: boolean;
}

/**
 * The pod-template label keys of a namespace with their values and workloads. `rest` is the
 * rest of the selector being written: keys and values that still select something with it
 * are marked `fitsSelector` (sort them first).
 */
export function selectorCompletionData(index: WorkspaceIndex, namespace: string, rest: Map<string, string> = new Map()): LabelKeyData[] {
  const result: LabelKeyData[] = [];
  for (const [key, info] of index.labelKeys(namespace)) {
    const others = new Map([...rest].filter(([k]) => k !== key));
    const values: LabelValueData[] = [];
    const all = new Set<WorkloadInfo>();
    for (const [value, workloads] of info.values) {
      for (const w of workloads) all.add(w);
      const fitsSelector = others.size === 0 || workloads.some((w) => selectorMatches(others, w));
      values.push({ value, workloads, fitsSelector });
    }
    values.sort((a, b) => Number(b.fitsSelector) - Number(a.fitsSelector) || a.value.localeCompare(b.value));
    result.push({ key, values, workloads: [...all], fitsSelector: values.some((v) => v.fitsSelector) });
  }
  return result.sort((a, b) => Number(b.fitsSelector) - Number(a.fitsSelector) || a.key.localeCompare(b.key));
}

export interface TargetPortOption {
  /** A port name or a number. */
  value: string | number;
  /** For a name: the number(s) it stands for; for a number: itself. */
  containerPorts: number[];
  protocols: string[];
  declaredBy: ResolvedPort[];
}

/** The container ports (names, then numbers) of the workloads a Service selects. */
export function targetPortCompletionData(index: WorkspaceIndex, service: ServiceInfo, servicePort?: ServicePort): TargetPortOption[] {
  if (service.selectorless || service.selectorInvalid) return [];
  const names = new Map<string, TargetPortOption>();
  const numbers = new Map<number, TargetPortOption>();
  const add = (map: Map<string | number, TargetPortOption>, value: string | number, resolved: ResolvedPort): void => {
    let option = map.get(value);
    if (!option) map.set(value, (option = { value, containerPorts: [], protocols: [], declaredBy: [] }));
    if (resolved.port.containerPort !== undefined && !option.containerPorts.includes(resolved.port.containerPort)) option.containerPorts.push(resolved.port.containerPort);
    if (!option.protocols.includes(resolved.port.protocol)) option.protocols.push(resolved.port.protocol);
    option.declaredBy.push(resolved);
  };
  for (const workload of index.matching(service)) {
    for (const container of workload.containers) {
      for (const port of container.ports) {
        const resolved = { workload, container, port };
        if (port.name) add(names as Map<string | number, TargetPortOption>, port.name, resolved);
        if (port.containerPort !== undefined) add(numbers as Map<string | number, TargetPortOption>, port.containerPort, resolved);
      }
    }
  }
  const protocol = servicePort?.protocol;
  const rank = (o: TargetPortOption): number => (protocol && !o.protocols.includes(protocol) ? 1 : 0);
  return [
    ...[...names.values()].sort((a, b) => rank(a) - rank(b) || String(a.value).localeCompare(String(b.value))),
    ...[...numbers.values()].sort((a, b) => rank(a) - rank(b) || Number(a.value) - Number(b.value)),
  ];
}

// ---------------------------------------------------------------------------------------------
// Completion proposals

function serviceDocument(file: ParsedFile, offset: number): { index: number; isService: boolean } | undefined {
  const document = documentAt(file, offset);
  return document ? { index: document.index, isService: writtenKind(file, document) === 'Service' } : undefined;
}

const samePath = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * Completion at a selector key (`spec.selector.|`), a selector value (`app: |`) or a
 * targetPort value, from the workspace; [] anywhere else (merge with the core's proposals).
 */
export function workspaceCompletions(index: WorkspaceIndex, uri: string, file: ParsedFile, position: Position, locale: Locale): CompletionProposal[] {
  if (file.tooLarge || position.line >= file.lines.lineCount) return [];
  const offset = file.lines.offsetAt(position);
  const document = serviceDocument(file, offset);
  if (!document?.isService) return [];
  const service = fileIndexFor(index, uri, file).services.find((s) => s.documentIndex === document.index);
  const namespace = service?.namespace ?? 'default';
  const lineText = file.lines.lineText(position.line);
  const character = Math.min(position.character, lineText.length);
  const before = lineText.slice(0, character);
  const shape = lineShape(before);
  // The selector written so far, without the entry on this line.
  const rest = new Map((service?.selector ?? []).filter((e) => e.keyRange.start.line !== position.line).map((e) => [e.key, e.value]));

  if (shape.key !== undefined && shape.colonEnd !== undefined && character >= shape.colonEnd) {
    const parents = pathBefore(file.lines, position.line, shape.keyColumn!, shape.dashes);
    const valueStart = shape.colonEnd + (before.slice(shape.colonEnd).length - before.slice(shape.colonEnd).trimStart().length);
    const range = valueRange(position.line, valueStart, lineText);
    if (samePath(parents, ['spec', 'selector'])) return labelValueProposals(index, namespace, shape.key, rest, range, locale);
    if (samePath(parents, ['spec', 'ports', '[]']) && shape.key === 'targetPort' && service) {
      const servicePort = service.ports.find((p) => contains(p.range, position) || p.range.start.line === position.line);
      return targetPortProposals(index, service, servicePort, range, locale);
    }
    return [];
  }

  const wordMatch = /[^\s:#-][^\s:#]*$/.exec(before) ?? undefined;
  const wordStart = wordMatch ? character - wordMatch[0].length : character;
  if (shape.textColumn !== undefined && shape.textColumn !== wordStart) return [];
  if (shape.dashes.length > 0) return [];
  if (!samePath(pathBefore(file.lines, position.line, wordStart, shape.dashes), ['spec', 'selector'])) return [];
  const after = lineText.slice(character);
  const wordEnd = character + (/^[^\s:#]*/.exec(after)?.[0].length ?? 0);
  const range: Range = { start: { line: position.line, character: wordStart }, end: { line: position.line, character: wordEnd } };
  const hasColonAfter = /^[^\s:#]*[ \t]*:/.test(after);
  const present = siblingKeys(file.lines, position.line, wordStart);
  return selectorCompletionData(index, namespace, rest)
    .filter((data) => !present.has(data.key))
    .map((data, i) => ({
      label: data.key,
      kind: 'property' as const,
      insertText: hasColonAfter ? data.key : `${data.key}: `,
      isSnippet: false,
      range,
      detail: data.workloads.length === 1 ? msg(locale, 'completion.label.one') : msg(locale, 'completion.label.many', { count: data.workloads.length }),
      documentation: [
        msg(locale, 'completion.key.docs', { key: data.key, namespace }),
        ...data.values.map((v) => `- \`${v.value}\`: ${v.workloads.map((w) => w.ref).join(', ')}`),
      ].join('\n'),
      sortText: `${data.fitsSelector ? 0 : 1}${String(i).padStart(4, '0')}`,
      retrigger: !hasColonAfter,
    }));
}

function labelValueProposals(index: WorkspaceIndex, namespace: string, key: string, rest: Map<string, string>, range: Range, locale: Locale): CompletionProposal[] {
  const data = selectorCompletionData(index, namespace, rest).find((d) => d.key === key);
  if (!data) return [];
  return data.values.map((v, i) => {
    const insertText = yamlString(v.value);
    return {
      label: v.value,
      kind: 'value' as const,
      insertText,
      isSnippet: false,
      range,
      detail: list(locale, v.workloads.map((w) => w.ref)),
      documentation: [
        msg(locale, 'completion.value.docs', { key, value: v.value, namespace }),
        ...v.workloads.map((w) => `- ${workloadLink(w)} (${fileName(w.uri)})`),
      ].join('\n'),
      sortText: `${v.fitsSelector ? 0 : 1}${String(i).padStart(4, '0')}`,
      ...(insertText !== v.value ? { filterText: insertText } : {}),
    };
  });
}

function targetPortProposals(index: WorkspaceIndex, service: ServiceInfo, servicePort: ServicePort | undefined, range: Range, locale: Locale): CompletionProposal[] {
  return targetPortCompletionData(index, service, servicePort).map((option, i) => {
    const label = String(option.value);
    const number = option.containerPorts.join(', ') || '?';
    return {
      label,
      kind: 'value' as const,
      insertText: typeof option.value === 'number' ? label : yamlString(label),
      isSnippet: false,
      range,
      detail: msg(locale, 'completion.port.detail', { port: number, protocol: option.protocols.join(', ') }),
      documentation: [
        msg(locale, 'completion.port.docs'),
        ...option.declaredBy.map((r) => `- ${workloadLink(r.workload)} › ${r.container.name || `#${r.container.index}`}: ${portText(r.port)}`),
      ].join('\n'),
      sortText: String(i).padStart(4, '0'),
    };
  });
}

function portText(port: ContainerPort): string {
  const number = port.containerPort !== undefined ? String(port.containerPort) : '?';
  return `${port.name ? `\`${port.name}\` ` : ''}${number}/${port.protocol}`;
}

// ---------------------------------------------------------------------------------------------
// Problems

export interface WorkspaceProblemOptions {
  /**
   * Report `selector-matches-nothing` even when the workspace holds no workload at all (its
   * pods are then defined elsewhere, e.g. by a Helm chart or another repository). Default false.
   */
  evenWithoutWorkloads?: boolean;
}

/** A fix for a near-miss selector entry: the entry's new text. */
export interface SelectorFix {
  entry: LabelEntry;
  key: string;
  value: string;
}

interface NearMiss {
  workload: WorkloadInfo;
  fixes: SelectorFix[];
}

function tolerance(word: string): number {
  return Math.max(1, Math.min(3, Math.floor(word.length / 3)));
}

/** The workload of the namespace a few typos away from being selected, with the typos' fixes. */
function nearMiss(index: WorkspaceIndex, service: ServiceInfo): NearMiss | undefined {
  let best: (NearMiss & { cost: number }) | undefined;
  for (const workload of index.workloads(service.namespace)) {
    const fixes: SelectorFix[] = [];
    let cost = 0;
    let ok = true;
    for (const entry of service.selector) {
      if (podHasLabel(workload, entry.key, entry.value)) continue;
      const own = workload.labelMap.get(entry.key);
      if (own !== undefined) {
        const d = editDistance(entry.value, own);
        if (d > tolerance(entry.value) && !(own.toLowerCase() === entry.value.toLowerCase())) {
          ok = false;
          break;
        }
        fixes.push({ entry, key: entry.key, value: own });
        cost += Math.max(d, 1);
        continue;
      }
      // A misspelt key: a label of the workload with a close key and the same or a close value.
      let found: { label: LabelEntry; d: number } | undefined;
      for (const label of workload.labels) {
        if (service.selectorMap.has(label.key)) continue;
        const dk = editDistance(entry.key, label.key);
        const dv = editDistance(entry.value, label.value);
        if (dk > tolerance(entry.key) || (dv > 0 && dv > tolerance(entry.value))) continue;
        if (!found || dk + dv < found.d) found = { label, d: dk + dv };
      }
      if (!found) {
        ok = false;
        break;
      }
      fixes.push({ entry, key: found.label.key, value: found.label.value });
      cost += Math.max(found.d, 1);
    }
    if (!ok || fixes.length === 0) continue;
    if (!best || fixes.length < best.fixes.length || (fixes.length === best.fixes.length && cost < best.cost)) best = { workload, fixes, cost };
  }
  return best ? { workload: best.workload, fixes: best.fixes } : undefined;
}

/** The workspace problems of one Service (empty for selector-less, templated or broken ones). */
/**
 * A Service's cross-file problems depend on the Service and the workloads only: with a Service
 * unchanged (the same entry object) and no workload changed, they are not worked out again. In a
 * file of thousands of Services an edit then re-checks only the Service it touched. Their ranges
 * are the entries' own range objects, which move with the entries (extract.ts, moveInPlace), so
 * lines added above a Service do not make its problems stale.
 */
const problemsOf = new WeakMap<ServiceInfo, { index: WorkspaceIndex; workloads: number; locale: Locale; evenWithoutWorkloads: boolean; problems: Problem[] }>();

export function serviceProblems(index: WorkspaceIndex, service: ServiceInfo, locale: Locale, options: WorkspaceProblemOptions = {}): Problem[] {
  const evenWithoutWorkloads = Boolean(options.evenWithoutWorkloads);
  const cached = problemsOf.get(service);
  if (cached && cached.index === index && cached.workloads === index.workloadsVersion && cached.locale === locale && cached.evenWithoutWorkloads === evenWithoutWorkloads) return cached.problems;
  const problems = freshServiceProblems(index, service, locale, options);
  problemsOf.set(service, { index, workloads: index.workloadsVersion, locale, evenWithoutWorkloads, problems });
  return problems;
}

function freshServiceProblems(index: WorkspaceIndex, service: ServiceInfo, locale: Locale, options: WorkspaceProblemOptions): Problem[] {
  if (!checkable(service)) return [];
  const problems: Problem[] = [];
  const matched = index.matching(service);
  if (matched.length === 0) {
    if (index.workloadCount > 0 || options.evenWithoutWorkloads) problems.push(selectorProblem(index, service, locale));
    return problems;
  }
  const portsKnown = matched.every((w) => w.containersKnown && !w.templated);
  const refs = list(locale, matched.map((w) => w.ref));
  for (const port of service.ports) {
    const target = port.effectiveTarget;
    if (target === undefined) continue;
    const implicit = port.targetPort === undefined;
    const targetRange = (implicit ? port.portRange : port.targetPortRange) ?? port.range;
    const targetPath = `spec.ports[${port.index}].${implicit ? 'port' : 'targetPort'}`;
    const resolved = resolveTargetPort(matched, target);
    if (resolved.length === 0) {
      if (!portsKnown) continue;
      if (typeof target === 'string') {
        const names = [...new Set(matched.flatMap((w) => w.containers.flatMap((c) => c.ports.map((p) => p.name).filter((n): n is string => Boolean(n)))))];
        const suggestion = closest(target, names);
        problems.push({
          range: targetRange,
          severity: 'warning',
          code: workspaceProblemCodes.targetPortNotFound,
          message: msg(locale, 'target-port-not-found', { workloads: refs, name: target, available: list(locale, names.map((n) => `\`${n}\``), 8) }),
          path: targetPath,
          stage: 'lint',
          data: { targetPort: target, available: names, workloads: matched.map((w) => w.ref), ...(suggestion ? { suggestion } : {}) },
        });
      } else {
        const declared = [...new Set(matched.flatMap((w) => w.containers.flatMap((c) => c.ports.map((p) => p.containerPort).filter((n): n is number => n !== undefined))))].sort((a, b) => a - b);
        problems.push({
          range: targetRange,
          severity: 'information',
          code: workspaceProblemCodes.targetPortNotDeclared,
          message: msg(locale, 'target-port-not-declared', { workloads: refs, port: target, available: list(locale, declared.map(String), 8) }),
          path: targetPath,
          stage: 'lint',
          data: { targetPort: target, declared, workloads: matched.map((w) => w.ref) },
        });
      }
      continue;
    }
    // An invalid protocol (`tcp`) is already an error of its own; compare only real protocols.
    if (['TCP', 'UDP', 'SCTP'].includes(port.protocol) && !resolved.some((r) => r.port.protocol === port.protocol)) {
      const containerProtocols = [...new Set(resolved.map((r) => r.port.protocol))];
      problems.push({
        range: port.protocolRange ?? targetRange,
        severity: 'warning',
        code: workspaceProblemCodes.targetPortProtocolMismatch,
        message: msg(locale, 'target-port-protocol-mismatch', {
          serviceProtocol: port.protocol,
          target: String(target),
          workloads: list(locale, [...new Set(resolved.map((r) => r.workload.ref))]),
          containerProtocol: containerProtocols.join('/'),
        }),
        path: `spec.ports[${port.index}].protocol`,
        stage: 'lint',
        data: { serviceProtocol: port.protocol, containerProtocols, targetPort: target },
      });
    }
  }
  return problems;
}

function selectorProblem(index: WorkspaceIndex, service: ServiceInfo, locale: Locale): Problem {
  const range = service.selectorKeyRange ?? service.selector[0]?.keyRange ?? service.nameRange;
  const selector = Object.fromEntries(service.selectorMap);
  const base = { range, severity: 'warning' as const, code: workspaceProblemCodes.selectorMatchesNothing, path: 'spec.selector', stage: 'lint' as const };
  const miss = nearMiss(index, service);
  if (miss) {
    const edits: TextEdit[] = miss.fixes.map((fix) => ({ range: fix.entry.range, newText: `${fix.key}: ${yamlString(fix.value)}` }));
    const expected = miss.fixes.map((f) => pair(f.key, f.value)).join(', ');
    return {
      ...base,
      message: msg(locale, 'selector-matches-nothing.near-miss', {
        namespace: service.namespace,
        actual: miss.fixes.map((f) => pair(f.entry.key, f.entry.value)).join(', '),
        expected,
        workload: miss.workload.ref,
      }),
      data: {
        namespace: service.namespace,
        selector,
        nearMiss: { workload: miss.workload.ref, uri: miss.workload.uri, range: miss.workload.nameRange, fixes: miss.fixes.map((f) => ({ key: f.entry.key, value: f.entry.value, suggestedKey: f.key, suggestedValue: f.value, range: f.entry.range })) },
        edits,
        fixTitle: msg(locale, 'fix.near-miss', { expected }),
      },
    };
  }
  for (const namespace of index.namespaces()) {
    if (namespace === service.namespace) continue;
    const elsewhere = index.matching({ namespace, selector: service.selectorMap });
    if (elsewhere.length === 0) continue;
    return {
      ...base,
      message: msg(locale, 'selector-matches-nothing.other-namespace', { namespace: service.namespace, other: namespace, workloads: list(locale, elsewhere.map((w) => w.ref)) }),
      data: { namespace: service.namespace, selector, otherNamespace: namespace, workloads: elsewhere.map((w) => w.ref) },
    };
  }
  return {
    ...base,
    message: msg(locale, 'selector-matches-nothing', { namespace: service.namespace, selector: service.selector.map((e) => pair(e.key, e.value)).join(', ') }),
    data: { namespace: service.namespace, selector },
  };
}

/** The workspace problems of every Service of a file (or of one document when `documentIndex` is given). */
export function workspaceProblems(index: WorkspaceIndex, uri: string, file: ParsedFile | undefined, locale: Locale, options: WorkspaceProblemOptions & { documentIndex?: number } = {}): Problem[] {
  const fileIndex = file ? fileIndexFor(index, uri, file) : index.file(uri);
  if (!fileIndex) return [];
  return fileIndex.services.filter((s) => options.documentIndex === undefined || s.documentIndex === options.documentIndex).flatMap((s) => serviceProblems(index, s, locale, options));
}

/** Quick fixes for workspace problems: the near-miss selector entry, the closest port name. */
export function workspaceQuickFixes(problems: readonly Problem[], locale: Locale): QuickFix[] {
  const fixes: QuickFix[] = [];
  for (const problem of problems) {
    if (problem.code === workspaceProblemCodes.selectorMatchesNothing && Array.isArray(problem.data?.edits) && problem.data.edits.length > 0) {
      fixes.push({ title: String(problem.data.fixTitle ?? ''), problem, edits: problem.data.edits as TextEdit[], isPreferred: true });
    } else if (problem.code === workspaceProblemCodes.targetPortNotFound && typeof problem.data?.suggestion === 'string') {
      const suggestion = problem.data.suggestion;
      fixes.push({ title: msg(locale, 'fix.target-port', { suggestion }), problem, edits: [{ range: problem.range, newText: yamlString(suggestion) }], isPreferred: true });
    }
  }
  return fixes;
}

// ---------------------------------------------------------------------------------------------
// Hover

export interface TargetPortInfo {
  service: ServiceInfo;
  port: ServicePort;
  /** No targetPort written: the Service uses `port`. */
  implicit: boolean;
  target?: number | string;
  /** The container ports it reaches in the selected workloads. */
  resolved: ResolvedPort[];
}

export function targetPortInfo(index: WorkspaceIndex, service: ServiceInfo, port: ServicePort): TargetPortInfo {
  const target = port.effectiveTarget;
  const matched = service.selectorless || service.selectorInvalid ? [] : index.matching(service);
  return { service, port, implicit: port.targetPort === undefined, ...(target !== undefined ? { target } : {}), resolved: target === undefined ? [] : resolveTargetPort(matched, target) };
}

/** A Service port that reaches a container port, for the workload side. */
export interface ServicePortRef {
  service: ServiceInfo;
  port: ServicePort;
  /** Where the Service names the container port: its targetPort (or port when implicit). */
  location: Location;
}

/** The Service ports that reach a container port of a workload. */
function servicesTargeting(index: WorkspaceIndex, workload: WorkloadInfo, port: ContainerPort): ServicePortRef[] {
  const result: ServicePortRef[] = [];
  for (const service of index.selecting(workload)) {
    for (const servicePort of service.ports) {
      if (!portReaches(servicePort, port)) continue;
      const range = (servicePort.targetPort !== undefined ? servicePort.targetPortRange : servicePort.portRange) ?? servicePort.range;
      result.push({ service, port: servicePort, location: { uri: service.uri, range } });
    }
  }
  return result;
}

function selectedList(locale: Locale, workloads: readonly WorkloadInfo[]): string[] {
  return workloads.map((w) => {
    const replicas = replicasText(locale, w);
    return `- ${workloadLink(w)} — ${fileName(w.uri)}${replicas ? ` (${replicas})` : ''}`;
  });
}

function serviceLink(service: ServiceInfo, range: Range = service.nameRange): string {
  return `[service/${service.name || '?'}](${service.uri}#L${range.start.line + 1})`;
}

/** Markdown about the workspace at a position (merge it after the core's hover), or undefined. */
export function workspaceHover(index: WorkspaceIndex, uri: string, file: ParsedFile, position: Position, locale: Locale): HoverResult | undefined {
  const target = workspaceTargetAt(index, uri, file, position);
  if (!target) return undefined;
  switch (target.kind) {
    case 'selector':
    case 'selector-entry': {
      const service = target.service;
      if (service.selectorInvalid) return undefined;
      const info = selectorInfo(index, service);
      const parts: string[] = [];
      if (info.selectorless) parts.push(msg(locale, 'hover.selectorless'));
      else if (info.workloads.length === 0) parts.push(msg(locale, 'hover.selector.none', { namespace: service.namespace }));
      else parts.push([msg(locale, 'hover.selector.title', { namespace: service.namespace }), ...selectedList(locale, info.workloads.map((w) => w.workload))].join('\n'));
      if (target.kind === 'selector-entry' && !info.selectorless) {
        const carriers = index.carrying(service.namespace, target.entry.key, target.entry.value);
        if (carriers.length > 0 && carriers.length !== info.workloads.length) {
          parts.push([msg(locale, 'hover.label.carriers', { key: target.entry.key, value: target.entry.value }), ...selectedList(locale, carriers)].join('\n'));
        }
      }
      if (info.headless && info.workloads.length > 0) parts.push(msg(locale, 'hover.headless'));
      return { contents: parts.join('\n\n'), range: target.range };
    }
    case 'target-port': {
      const service = target.service;
      if (service.selectorless || service.selectorInvalid) return undefined;
      const info = targetPortInfo(index, service, target.port);
      if (info.target === undefined) return undefined;
      const parts: string[] = [];
      if (info.implicit) parts.push(msg(locale, 'hover.targetPort.implicit', { target: String(info.target) }));
      if (info.resolved.length === 0) {
        if (index.matching(service).length === 0) return undefined;
        parts.push(msg(locale, 'hover.targetPort.none'));
      } else {
        parts.push(
          [
            msg(locale, 'hover.targetPort.title', { target: String(info.target) }),
            ...info.resolved.map((r) => `- ${workloadLink(r.workload)} › ${r.container.name || `#${r.container.index}`}: ${portText(r.port)}`),
          ].join('\n'),
        );
      }
      return { contents: parts.join('\n\n'), range: target.range };
    }
    case 'workload':
    case 'workload-label': {
      const services = index.selecting(target.workload).filter((s) => target.kind === 'workload' || s.selectorMap.has(target.entry.key));
      if (services.length === 0) return undefined;
      return { contents: [msg(locale, 'hover.selectedBy.title'), ...services.map((s) => `- ${serviceLink(s, s.selectorKeyRange)} — ${fileName(s.uri)}`)].join('\n'), range: target.range };
    }
    case 'container-port': {
      const refs = servicesTargeting(index, target.workload, target.port);
      if (refs.length === 0) return undefined;
      return {
        contents: [msg(locale, 'hover.targetedBy.title'), ...refs.map((r) => `- ${serviceLink(r.service, r.location.range)} ${r.port.name ? `\`${r.port.name}\` ` : ''}${r.port.port ?? '?'}/${r.port.protocol} → ${r.port.effectiveTarget}`)].join('\n'),
        range: target.range,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Definition and references

function labelsBlock(workload: WorkloadInfo): Range | undefined {
  if (workload.labels.length === 0) return workload.labelsKeyRange;
  return { start: workload.labels[0].range.start, end: workload.labels[workload.labels.length - 1].range.end };
}

/**
 * Go to definition: from a selector (or one of its entries) to the template labels of the
 * workloads it selects; from a targetPort (or an implicit port) to the container port entries
 * it reaches. [] elsewhere.
 */
export function workspaceDefinition(index: WorkspaceIndex, uri: string, file: ParsedFile, position: Position): Location[] {
  const target = workspaceTargetAt(index, uri, file, position);
  if (!target) return [];
  switch (target.kind) {
    case 'selector': {
      return selectorInfo(index, target.service).workloads.map(({ workload }) => ({ uri: workload.uri, range: labelsBlock(workload) ?? workload.nameRange }));
    }
    case 'selector-entry': {
      const { service, entry } = target;
      if (service.selectorless) return [];
      let workloads = index.matching(service);
      // Nothing selected: at least show who carries this one label.
      if (workloads.length === 0) workloads = index.carrying(service.namespace, entry.key, entry.value);
      const result: Location[] = [];
      for (const workload of workloads) {
        const label = workload.labels.find((l) => l.key === entry.key);
        result.push({ uri: workload.uri, range: label?.range ?? labelsBlock(workload) ?? workload.nameRange });
      }
      return result;
    }
    case 'target-port': {
      const info = targetPortInfo(index, target.service, target.port);
      return info.resolved.map((r) => ({
        uri: r.workload.uri,
        range: (typeof info.target === 'string' ? r.port.nameRange : r.port.containerPortRange) ?? r.port.range,
      }));
    }
    default:
      return [];
  }
}

/**
 * Find references: from a workload's name, template label or container port to the Services
 * that select it (their selector entry, or `selector` key) or send to it (their targetPort).
 * With `includeDeclaration`, the place asked about comes first.
 */
export function workspaceReferences(index: WorkspaceIndex, uri: string, file: ParsedFile, position: Position, includeDeclaration = false): Location[] {
  const target = workspaceTargetAt(index, uri, file, position);
  if (!target) return [];
  const result: Location[] = [];
  switch (target.kind) {
    case 'workload':
      if (includeDeclaration) result.push({ uri, range: target.range });
      for (const service of index.selecting(target.workload)) result.push({ uri: service.uri, range: service.selectorKeyRange ?? service.nameRange });
      break;
    case 'workload-label':
      if (includeDeclaration) result.push({ uri, range: target.entry.range });
      for (const service of index.selecting(target.workload)) {
        const entry = service.selector.find((e) => e.key === target.entry.key);
        if (entry) result.push({ uri: service.uri, range: entry.range });
      }
      break;
    case 'container-port':
      if (includeDeclaration) result.push({ uri, range: target.range });
      for (const ref of servicesTargeting(index, target.workload, target.port)) result.push(ref.location);
      break;
    default:
      // From a Service, its "references" are what it points at.
      if (includeDeclaration) result.push({ uri, range: target.range });
      result.push(...workspaceDefinition(index, uri, file, position));
      break;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Code lens

export interface WorkspaceCodeLens {
  range: Range;
  title: string;
  /** The workloads selected (over a Service) or the selecting Services (over a workload), for a "show references" command. */
  locations: Location[];
  service?: ServiceInfo;
  workload?: WorkloadInfo;
}

export interface CodeLensOptions {
  /** Also put "selected by N Services" over workloads that some Service selects. Default true. */
  workloads?: boolean;
}

/** Code lenses of a file: over each Service's `selector` what it selects, over selected workloads who selects them. */
export function workspaceCodeLenses(index: WorkspaceIndex, uri: string, file: ParsedFile | undefined, locale: Locale, options: CodeLensOptions = {}): WorkspaceCodeLens[] {
  const fileIndex = file ? fileIndexFor(index, uri, file) : index.file(uri);
  if (!fileIndex) return [];
  const lenses: WorkspaceCodeLens[] = [];
  for (const service of fileIndex.services) {
    if (service.type === 'ExternalName' || service.selectorInvalid) continue;
    const range = service.selectorKeyRange ?? service.nameRange;
    if (service.selectorless) {
      lenses.push({ range, title: msg(locale, 'codelens.selectorless'), locations: [], service });
      continue;
    }
    const workloads = index.matching(service);
    const refs = list(locale, workloads.map((w) => w.ref), 5);
    const title =
      workloads.length === 0
        ? msg(locale, 'codelens.selects.none')
        : workloads.length === 1
          ? msg(locale, 'codelens.selects.one', { workloads: refs })
          : msg(locale, 'codelens.selects.many', { count: workloads.length, workloads: refs });
    lenses.push({ range, title, locations: workloads.map((w) => ({ uri: w.uri, range: labelsBlock(w) ?? w.nameRange })), service });
  }
  if (options.workloads !== false) {
    for (const workload of fileIndex.workloads) {
      const services = index.selecting(workload);
      if (services.length === 0) continue;
      const names = list(locale, services.map((s) => `service/${s.name}`), 5);
      lenses.push({
        range: workload.labelsKeyRange ?? workload.nameRange,
        title: services.length === 1 ? msg(locale, 'codelens.selected-by.one', { services: names }) : msg(locale, 'codelens.selected-by.many', { count: services.length, services: names }),
        locations: services.map((s) => ({ uri: s.uri, range: s.selectorKeyRange ?? s.nameRange })),
        workload,
      });
    }
  }
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
