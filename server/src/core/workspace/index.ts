/**
 * The workspace index: the workloads and Services of every manifest file, kept per file so a
 * change re-reads only that file. The lookups derived from it (namespace → label key → value →
 * workloads, Services per namespace) are patched per file, never rebuilt for the whole
 * workspace. Pure: the server feeds it text (or files it has parsed already).
 */
import { parseFile, type ParsedFile } from '../document';
import { extractFromParsed, extractParts, joinParts, scanManifests, type DocumentParts } from './extract';
import { generatedKeys, selectorMatches } from './match';
import type { FileIndex, ServiceInfo, WorkloadInfo } from './types';

export * from './types';
export { extractDocument, extractManifests, extractFromParsed, scanManifests } from './extract';
export * from './features';
export { podHasLabel, selectorMatches } from './match';
export { workspaceMessage, workspaceMessageKeys, type WorkspaceMessageKey } from './messages';

/** A selector to match: a Service, or a namespace and label map. */
export type SelectorQuery = ServiceInfo | { namespace: string; selector: Map<string, string> | Record<string, string> };

/** Which workloads carry a label key, by value. */
export interface LabelKeyInfo {
  values: Map<string, WorkloadInfo[]>;
}

export interface WorkspaceIndexOptions {
  /** How text is parsed when the fast scanner gives up (tests count calls through it). Defaults to the core's `parseFile`. */
  parse?: (text: string) => ParsedFile;
  /** Read plain block YAML given to `update` with the fast scanner (scan.ts). On by default. */
  fastScan?: boolean;
  /**
   * Skip parsing text given to `update` that cannot hold a workload or a Service (no
   * `containers:` key, no `kind: Service`, no List). On by default; it makes a scan of
   * unrelated YAML (CI files, Compose files) cheap.
   */
  prefilter?: boolean;
}

interface Entry {
  file: FileIndex;
  length: number;
  hash: number;
  /** The parse the entry was read from, for open documents (no need to hash their text). */
  parsed?: ParsedFile;
  /** For an open document: what each of its documents contributes, for the next edit to patch. */
  parts?: DocumentParts;
}

/** A 53-bit hash of a string (two 32-bit FNV-1a variants), to notice unchanged text without keeping it. */
function hashText(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (b >>> 0) * 0x200000 + ((a >>> 0) & 0x1fffff);
}

const relevant = /\bcontainers["']?[ \t]*:|\bkind["']?[ \t]*:[ \t]*["']?(Service|List|\w+List)\b|"kind"[ \t]*:[ \t]*"(Service|\w*List)"/;

const byKindAndName = (a: WorkloadInfo, b: WorkloadInfo): number =>
  a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.uri.localeCompare(b.uri) || a.documentIndex - b.documentIndex;

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  /** namespace → workloads. */
  private readonly workloadsByNamespace = new Map<string, Set<WorkloadInfo>>();
  /** namespace → label key → value → workloads carrying it in their pod template. */
  private readonly labels = new Map<string, Map<string, Map<string, Set<WorkloadInfo>>>>();
  /** namespace → Services. */
  private readonly servicesByNamespace = new Map<string, Set<ServiceInfo>>();
  private readonly parse: (text: string) => ParsedFile;
  private readonly prefilter: boolean;
  private readonly fastScan: boolean;
  /** How many times text was read: skipped by the prefilter, read by the fast scanner, parsed by the real parser. */
  readonly stats = { skipped: 0, scanned: 0, parsed: 0, updatesParsed: 0, unchanged: 0 };
  private workloadTotal = 0;
  private serviceTotal = 0;
  private changes = 0;
  private workloadChanges = 0;

  constructor(options: WorkspaceIndexOptions = {}) {
    this.parse = options.parse ?? ((text) => parseFile(text));
    this.prefilter = options.prefilter ?? true;
    this.fastScan = options.fastScan ?? true;
  }

  /** Increments on every change of the index: cache derived results against it. */
  get version(): number {
    return this.changes;
  }

  /**
   * Increments when a workload comes or goes (a Service alone does not change it): what is
   * worked out from workloads only, like a Service's cross-file problems, is cached against it.
   */
  get workloadsVersion(): number {
    return this.workloadChanges;
  }

  /** Indexes (or re-indexes) a file from its text. Unchanged text is not parsed again. */
  update(uri: string, text: string): FileIndex {
    const hash = hashText(text);
    const existing = this.entries.get(uri);
    if (existing && existing.length === text.length && existing.hash === hash) {
      this.stats.unchanged++;
      return existing.file;
    }
    let file: FileIndex | undefined;
    if (this.prefilter && !relevant.test(text)) {
      this.stats.skipped++;
      file = { uri, workloads: [], services: [] };
    } else {
      if (this.fastScan) file = scanManifests(uri, text);
      if (file) {
        this.stats.scanned++;
      } else {
        this.stats.parsed++;
        let parsed: ParsedFile | undefined;
        try {
          parsed = this.parse(text);
        } catch {
          parsed = undefined;
        }
        file = parsed ? extractFromParsed(uri, parsed) : { uri, workloads: [], services: [] };
      }
    }
    this.replace(uri, file, text.length, hash);
    return file;
  }

  /** Indexes a file the caller has parsed already (an open document). Unchanged text is not read again. */
  updateParsed(uri: string, parsed: ParsedFile): FileIndex {
    const existing = this.entries.get(uri);
    if (existing?.parsed === parsed) {
      this.stats.unchanged++;
      return existing.file;
    }
    this.stats.updatesParsed++;
    // Documents unchanged since the last parse keep what was read from them (see extract.ts).
    const parts = extractParts(uri, parsed, existing?.parts ? { parseId: existing.parsed?.id, parts: existing.parts } : undefined);
    const file = joinParts(uri, parts);
    if (existing?.parts) {
      // Only the documents that changed are taken out of the lookups and put back: those
      // between the parts both versions start with and those both end with.
      const old = existing.parts;
      let head = 0;
      while (head < old.length && head < parts.length && old[head] === parts[head]) head++;
      let tail = 0;
      while (tail < old.length - head && tail < parts.length - head && old[old.length - 1 - tail] === parts[parts.length - 1 - tail]) tail++;
      for (let i = head; i < old.length - tail; i++) if (old[i]) this.unlink(old[i]!);
      this.entries.set(uri, { file, length: parsed.text.length, hash: -1, parsed, parts });
      for (let i = head; i < parts.length - tail; i++) if (parts[i]) this.link(parts[i]!);
      this.changes++;
      return file;
    }
    this.replace(uri, file, parsed.text.length, -1, parsed);
    this.entries.get(uri)!.parts = parts;
    return file;
  }

  /** Forgets a file (deleted, or no longer a manifest). Returns whether it was indexed. */
  remove(uri: string): boolean {
    const existing = this.entries.get(uri);
    if (!existing) return false;
    this.unlink(existing.file);
    this.entries.delete(uri);
    this.changes++;
    return true;
  }

  /** Forgets everything. */
  clear(): void {
    for (const uri of [...this.entries.keys()]) this.remove(uri);
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  /** What a file contributes, if indexed. */
  file(uri: string): FileIndex | undefined {
    return this.entries.get(uri)?.file;
  }

  /** Whether the index was read from exactly this parse of the file. */
  holds(uri: string, parsed: ParsedFile): boolean {
    return this.entries.get(uri)?.parsed === parsed;
  }

  /** Whether the index holds exactly this text for the file (so its ranges fit that text). */
  isCurrent(uri: string, text: string): boolean {
    const existing = this.entries.get(uri);
    return existing !== undefined && existing.length === text.length && existing.hash === hashText(text);
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  get fileCount(): number {
    return this.entries.size;
  }

  get workloadCount(): number {
    return this.workloadTotal;
  }

  get serviceCount(): number {
    return this.serviceTotal;
  }

  /** The namespaces that have a workload or a Service. */
  namespaces(): string[] {
    return [...new Set([...this.workloadsByNamespace.keys(), ...this.servicesByNamespace.keys()])].sort();
  }

  /** Workloads, of one namespace or all, sorted by kind and name. */
  workloads(namespace?: string): WorkloadInfo[] {
    const list: WorkloadInfo[] = [];
    if (namespace !== undefined) list.push(...(this.workloadsByNamespace.get(namespace) ?? []));
    else for (const set of this.workloadsByNamespace.values()) list.push(...set);
    return list.sort(byKindAndName);
  }

  /** Services, of one namespace or all, sorted by name. */
  services(namespace?: string): ServiceInfo[] {
    const list: ServiceInfo[] = [];
    if (namespace !== undefined) list.push(...(this.servicesByNamespace.get(namespace) ?? []));
    else for (const set of this.servicesByNamespace.values()) list.push(...set);
    return list.sort((a, b) => a.name.localeCompare(b.name) || a.uri.localeCompare(b.uri) || a.documentIndex - b.documentIndex);
  }

  /** The Service of a document (the first one, for a List). */
  service(uri: string, documentIndex: number): ServiceInfo | undefined {
    return this.entries.get(uri)?.file.services.find((s) => s.documentIndex === documentIndex);
  }

  /** The workloads whose pods a selector selects: same namespace, every selector label on the pod. */
  matching(query: SelectorQuery): WorkloadInfo[] {
    const selector = 'selectorMap' in query ? query.selectorMap : query.selector instanceof Map ? query.selector : new Map(Object.entries(query.selector));
    if (selector.size === 0) return [];
    const namespace = query.namespace;
    // Start from the smallest set of workloads carrying one of the selector's labels.
    let candidates: Iterable<WorkloadInfo> | undefined;
    let smallest = Number.POSITIVE_INFINITY;
    const keys = this.labels.get(namespace);
    for (const [key, value] of selector) {
      if (generatedKeys.has(key)) continue;
      const set = keys?.get(key)?.get(value);
      if (!set) return [];
      if (set.size < smallest) {
        smallest = set.size;
        candidates = set;
      }
    }
    candidates ??= this.workloadsByNamespace.get(namespace) ?? [];
    const result: WorkloadInfo[] = [];
    for (const workload of candidates) if (selectorMatches(selector, workload)) result.push(workload);
    return result.sort(byKindAndName);
  }

  /** The Services whose selector selects a workload's pods. */
  selecting(workload: WorkloadInfo): ServiceInfo[] {
    const result: ServiceInfo[] = [];
    for (const service of this.servicesByNamespace.get(workload.namespace) ?? []) {
      if (!service.selectorless && selectorMatches(service.selectorMap, workload)) result.push(service);
    }
    return result.sort((a, b) => a.name.localeCompare(b.name) || a.uri.localeCompare(b.uri));
  }

  /** The pod-template label keys of a namespace, each with its values and the workloads carrying them. */
  labelKeys(namespace: string): Map<string, LabelKeyInfo> {
    const result = new Map<string, LabelKeyInfo>();
    for (const [key, values] of this.labels.get(namespace) ?? []) {
      const info: LabelKeyInfo = { values: new Map() };
      for (const [value, set] of values) info.values.set(value, [...set].sort(byKindAndName));
      result.set(key, info);
    }
    return result;
  }

  /** The workloads of a namespace carrying one label in their pod template. */
  carrying(namespace: string, key: string, value: string): WorkloadInfo[] {
    return [...(this.labels.get(namespace)?.get(key)?.get(value) ?? [])].sort(byKindAndName);
  }

  private replace(uri: string, file: FileIndex, length: number, hash: number, parsed?: ParsedFile): void {
    const existing = this.entries.get(uri);
    // Entries read from unchanged documents are the same objects in both versions (see
    // extract.ts): only what changed is taken out of the lookups and put back.
    const kept = existing ? new Set<object>([...file.workloads, ...file.services]) : undefined;
    const had = existing ? new Set<object>([...existing.file.workloads, ...existing.file.services]) : undefined;
    if (existing) this.unlink(existing.file, kept);
    this.entries.set(uri, { file, length, hash, ...(parsed ? { parsed } : {}) });
    this.link(file, had);
    this.changes++;
  }

  private link(file: FileIndex, skip?: Set<object>): void {
    for (const workload of file.workloads) {
      if (skip?.has(workload)) continue;
      let set = this.workloadsByNamespace.get(workload.namespace);
      if (!set) this.workloadsByNamespace.set(workload.namespace, (set = new Set()));
      set.add(workload);
      let keys = this.labels.get(workload.namespace);
      if (!keys) this.labels.set(workload.namespace, (keys = new Map()));
      for (const [key, value] of workload.labelMap) {
        let values = keys.get(key);
        if (!values) keys.set(key, (values = new Map()));
        let carriers = values.get(value);
        if (!carriers) values.set(value, (carriers = new Set()));
        carriers.add(workload);
      }
      this.workloadTotal++;
      this.workloadChanges++;
    }
    for (const service of file.services) {
      if (skip?.has(service)) continue;
      let set = this.servicesByNamespace.get(service.namespace);
      if (!set) this.servicesByNamespace.set(service.namespace, (set = new Set()));
      set.add(service);
      this.serviceTotal++;
    }
  }

  private unlink(file: FileIndex, skip?: Set<object>): void {
    for (const workload of file.workloads) {
      if (skip?.has(workload)) continue;
      const set = this.workloadsByNamespace.get(workload.namespace);
      set?.delete(workload);
      if (set?.size === 0) this.workloadsByNamespace.delete(workload.namespace);
      const keys = this.labels.get(workload.namespace);
      for (const [key, value] of workload.labelMap) {
        const values = keys?.get(key);
        const carriers = values?.get(value);
        carriers?.delete(workload);
        if (carriers?.size === 0) values!.delete(value);
        if (values?.size === 0) keys!.delete(key);
      }
      if (keys?.size === 0) this.labels.delete(workload.namespace);
      this.workloadTotal--;
      this.workloadChanges++;
    }
    for (const service of file.services) {
      if (skip?.has(service)) continue;
      const set = this.servicesByNamespace.get(service.namespace);
      set?.delete(service);
      if (set?.size === 0) this.servicesByNamespace.delete(service.namespace);
      this.serviceTotal--;
    }
  }
}
