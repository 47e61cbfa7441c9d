/**
 * A local HTTP double of the Kubernetes API server, good enough for the real
 * `kubectl` (v1.32, Google Cloud SDK dispatcher build) to run `create -f`,
 * `create --dry-run=server` and `get services [-o wide|json|yaml]` against it.
 *
 * What it answers and why is described in /work/shared/notes/kubectl-and-the-api.md.
 * Only Node built-ins are used.
 */
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body is JSON; a Buffer for other non-empty bodies; absent when empty. */
  body?: unknown;
}

export interface FieldCause {
  field: string;
  reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueDuplicate' | 'FieldValueNotSupported';
  message: string;
}

export interface KubeApiDoubleOptions {
  /** Namespaces that exist. Default `['default']`. */
  namespaces?: string[];
}

type Json = Record<string, unknown>;

interface Answer {
  code: number;
  body: unknown;
  headers?: Record<string, string | string[]>;
}

const OPENAPI_HASH = 'B0D1E2C3A4F5061728394A5B6C7D8E9F00112233445566778899AABBCCDDEEFF';
const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const DISCOVERY_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** The kinds the double knows: enough for discovery, OpenAPI and the POST routes. */
interface KindInfo {
  group: string;
  version: string;
  kind: string;
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const KINDS: KindInfo[] = [
  { group: '', version: 'v1', kind: 'Service', resource: 'services', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status', 'proxy'] },
  { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], categories: [], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'finalize'] },
  { group: '', version: 'v1', kind: 'Pod', resource: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status', 'log'] },
  { group: '', version: 'v1', kind: 'Endpoints', resource: 'endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'], categories: [], verbs: ALL_VERBS, subresources: [] },
  { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', singular: 'configmap', namespaced: true, shortNames: ['cm'], categories: [], verbs: ALL_VERBS, subresources: [] },
  { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], verbs: ALL_VERBS, subresources: ['status', 'scale'] },
];

const SERVICE_TOP_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
const META_KEYS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);
const SERVICE_SPEC_KEYS = new Set([
  'ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP',
  'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses',
  'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass',
  'internalTrafficPolicy', 'trafficDistribution',
]);
const SERVICE_PORT_KEYS = new Set(['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort']);

const SERVICE_COLUMNS = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', priority: 0 },
  { name: 'Type', type: 'string', format: '', description: 'type determines how the Service is exposed. Defaults to ClusterIP.', priority: 0 },
  { name: 'Cluster-IP', type: 'string', format: '', description: 'clusterIP is the IP address of the service and is usually assigned randomly.', priority: 0 },
  { name: 'External-IP', type: 'string', format: '', description: 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.', priority: 0 },
  { name: 'Port(s)', type: 'string', format: '', description: 'The list of ports that are exposed by this service.', priority: 0 },
  { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
  { name: 'Selector', type: 'string', format: '', description: 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints.', priority: 1 },
];

const GENERIC_COLUMNS = [SERVICE_COLUMNS[0], SERVICE_COLUMNS[5]];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function status(code: number, reason: string, message: string, details?: Json): Answer {
  const body: Json = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason };
  if (details) body.details = details;
  body.code = code;
  return { code, body };
}

function notFound(): Answer {
  return status(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** `kubectl`'s human duration (k8s.io/apimachinery/pkg/util/duration.HumanDuration). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const d = Math.floor(hours / 24) % 365;
    return d === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${d}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function gvPath(info: { group: string; version: string }): string {
  return info.group === '' ? `api/${info.version}` : `apis/${info.group}/${info.version}`;
}

/** Minimal OpenAPI v3 document for one group-version: one PATCH per kind, each with its own `fieldValidation` parameter. */
function openApiDocument(gv: string): Json | undefined {
  const kinds = KINDS.filter((k) => gvPath(k) === gv);
  if (kinds.length === 0) return undefined;
  const paths: Json = {};
  const schemas: Json = {};
  for (const k of kinds) {
    const gvk = { group: k.group, version: k.version, kind: k.kind };
    const base = k.namespaced ? `/${gv}/namespaces/{namespace}/${k.resource}` : `/${gv}/${k.resource}`;
    const schemaName = `io.k8s.double.${k.group || 'core'}.${k.version}.${k.kind}`;
    schemas[schemaName] = { type: 'object', 'x-kubernetes-group-version-kind': [gvk] };
    const ref = { $ref: `#/components/schemas/${schemaName}` };
    const query = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
    paths[base] = {
      post: {
        operationId: `create${k.kind}`,
        parameters: [query('dryRun'), query('fieldManager'), query('fieldValidation')],
        requestBody: { content: { '*/*': { schema: ref } }, required: true },
        responses: { '201': { description: 'Created', content: { 'application/json': { schema: ref } } } },
        'x-kubernetes-action': 'post',
        'x-kubernetes-group-version-kind': gvk,
      },
    };
    paths[`${base}/{name}`] = {
      patch: {
        operationId: `patch${k.kind}`,
        parameters: [query('dryRun'), query('fieldManager'), query('fieldValidation'), { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } }],
        requestBody: { content: { 'application/merge-patch+json': { schema: { type: 'object' } } }, required: true },
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
      },
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } },
        ...(k.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }] : []),
      ],
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas } };
}

/** A gnostic `openapi_v2.Document` in protobuf: swagger "2.0" and an info block, no paths or definitions. */
function openApiV2Protobuf(): Buffer {
  const field = (number: number, value: Buffer) => Buffer.concat([Buffer.from([(number << 3) | 2, value.length]), value]);
  const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from('v1.32.4'))]);
  return Buffer.concat([field(1, Buffer.from('2.0')), field(2, info)]);
}

function discoveryResource(k: KindInfo): Json {
  return {
    resource: k.resource,
    responseKind: { group: k.group, version: k.version, kind: k.kind },
    scope: k.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: k.singular,
    verbs: k.verbs,
    ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
    ...(k.categories.length ? { categories: k.categories } : {}),
    ...(k.subresources.length
      ? { subresources: k.subresources.map((s) => ({ subresource: s, responseKind: { group: k.group, version: k.version, kind: k.kind }, verbs: ['get', 'patch', 'update'] })) }
      : {}),
  };
}

function aggregatedDiscovery(core: boolean): Json {
  const groups = [...new Set(KINDS.filter((k) => (k.group === '') === core).map((k) => k.group))];
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((group) => ({
      metadata: core ? {} : { name: group },
      versions: [{ version: 'v1', resources: KINDS.filter((k) => k.group === group).map(discoveryResource), freshness: 'Current' }],
    })),
  };
}

function resourceList(group: string, version: string): Json | undefined {
  const kinds = KINDS.filter((k) => k.group === group && k.version === version);
  if (kinds.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: kinds.map((k) => ({
      name: k.resource,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: k.verbs,
      ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
      ...(k.categories.length ? { categories: k.categories } : {}),
    })),
  };
}

/** Fields that a managedFields entry lists for an object (a rough FieldsV1). */
function fieldsV1(value: unknown, depth = 0): Json {
  const out: Json = {};
  if (!isObject(value)) return out;
  for (const [key, child] of Object.entries(value)) {
    if (depth === 0 && (key === 'apiVersion' || key === 'kind' || key === 'status')) continue;
    if (depth === 1 && ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation'].includes(key)) continue;
    if (key === 'ports' && Array.isArray(child)) {
      const ports: Json = { '.': {} };
      for (const p of child) {
        if (!isObject(p)) continue;
        ports[`k:${JSON.stringify({ port: p.port, protocol: p.protocol ?? 'TCP' })}`] = { '.': {}, ...fieldsV1(p, 99) };
      }
      out['f:ports'] = ports;
    } else if (isObject(child) && depth < 2 && key !== 'selector') {
      out[`f:${key}`] = { '.': {}, ...fieldsV1(child, depth + 1) };
    } else {
      out[`f:${key}`] = {};
    }
  }
  return out;
}

interface Stored {
  resource: string;
  namespace: string;
  name: string;
  object: Json;
}

export class KubeApiDouble {
  readonly requests: RecordedRequest[] = [];
  /** Delay every answer by this many milliseconds. */
  delay = 0;

  private readonly namespaces: Set<string>;
  private readonly bootTime = rfc3339(new Date());
  private readonly stored: Stored[] = [];
  private readonly rejections = new Map<string, FieldCause[]>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly usedIPs = new Set<string>();
  private readonly usedNodePorts = new Set<number>();
  private server: http.Server | undefined;
  private baseUrl: string | undefined;
  private resourceVersion = 1000;

  constructor(options: KubeApiDoubleOptions = {}) {
    this.namespaces = new Set(options.namespaces ?? ['default']);
  }

  /** Base URL `http://127.0.0.1:PORT`; throws before `start()`. */
  get url(): string {
    if (!this.baseUrl) throw new Error('KubeApiDouble: not started');
    return this.baseUrl;
  }

  start(): Promise<string> {
    if (this.server) return Promise.resolve(this.url);
    const server = http.createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        const { port } = server.address() as AddressInfo;
        this.baseUrl = `http://127.0.0.1:${port}`;
        resolve(this.baseUrl);
      });
    });
  }

  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
    });
  }

  posts(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  /** Stored Service objects (real creates only, not dry runs), in creation order. */
  services(namespace?: string): unknown[] {
    return this.stored.filter((s) => s.resource === 'services' && (namespace === undefined || s.namespace === namespace)).map((s) => clone(s.object));
  }

  /** Make the next POST of a Service with this name answer 422 Invalid with these causes (once). */
  rejectNext(name: string, causes: FieldCause[]): void {
    this.rejections.set(name, causes.map((c) => ({ ...c })));
  }

  /**
   * Writes `kubeconfig` into dir: cluster `double` at this server (plain http), context `double`
   * (namespace default, current) and context `double-team` (namespace team-a). Returns its path.
   */
  writeKubeconfig(dir: string): string {
    const server = this.url;
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: double',
      '  cluster:',
      `    server: ${server}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: double',
      '  user:',
      '    token: double-token',
      'contexts:',
      '- name: double',
      '  context:',
      '    cluster: double',
      '    user: double',
      '    namespace: default',
      '- name: double-team',
      '  context:',
      '    cluster: double',
      '    user: double',
      '    namespace: team-a',
      'current-context: double',
      'preferences: {}',
      '',
    ].join('\n');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, text);
    return file;
  }

  // ---------------------------------------------------------------- plumbing

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double.invalid');
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      const raw = Buffer.concat(chunks);
      const contentType = String(req.headers['content-type'] ?? '');
      let body: unknown;
      let badJson = false;
      if (raw.length > 0) {
        if (/json/i.test(contentType) || contentType === '') {
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            body = raw;
            badJson = /json/i.test(contentType);
          }
        } else {
          body = raw;
        }
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers: { ...req.headers } };
      if (body !== undefined) recorded.body = body;
      this.requests.push(recorded);

      let answer: Answer;
      try {
        answer = badJson
          ? status(400, 'BadRequest', 'the body of the request could not be decoded as JSON')
          : this.route(recorded, contentType);
      } catch (error) {
        answer = status(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`);
      }
      const send = () => {
        if (res.destroyed || res.writableEnded) return;
        const payload = Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.code, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          ...answer.headers,
        });
        res.end(payload);
      };
      if (this.delay > 0) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send();
        }, this.delay);
        this.timers.add(timer);
      } else {
        send();
      }
    });
  }

  private route(req: RecordedRequest, contentType: string): Answer {
    const { method } = req;
    const p = req.path.replace(/\/+$/, '') || '/';
    const accept = String(req.headers.accept ?? '');

    if (method === 'GET') {
      if (p === '/version') {
        return {
          code: 200,
          headers: { 'Cache-Control': 'no-cache, private' },
          body: {
            major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335', gitTreeState: 'clean',
            buildDate: '2025-04-22T16:02:27Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64',
          },
        };
      }
      if (p === '/openapi/v3') {
        const paths: Json = {};
        for (const gv of new Set(KINDS.map(gvPath))) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${OPENAPI_HASH}` };
        return { code: 200, headers: { 'Cache-Control': 'no-cache, private' }, body: { paths } };
      }
      if (p.startsWith('/openapi/v3/')) {
        const doc = openApiDocument(p.slice('/openapi/v3/'.length));
        return doc ? { code: 200, headers: { 'Cache-Control': 'no-cache, private' }, body: doc } : notFound();
      }
      if (p === '/openapi/v2') {
        // Only read when the v3 check fails (e.g. `kind: service`): a document without
        // definitions makes kubectl's client-side validation check nothing.
        if (/protobuf/.test(accept)) {
          return { code: 200, headers: { 'Content-Type': OPENAPI_V2_PROTOBUF }, body: openApiV2Protobuf() };
        }
        return { code: 200, body: { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths: {}, definitions: {} } };
      }
      if (p === '/api' || p === '/apis') {
        if (accept.includes('g=apidiscovery.k8s.io') && accept.includes('v=v2') && accept.includes('as=APIGroupDiscoveryList')) {
          return { code: 200, headers: { 'Content-Type': DISCOVERY_V2 }, body: aggregatedDiscovery(p === '/api') };
        }
        if (p === '/api') {
          return { code: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] } };
        }
        const groups = [...new Set(KINDS.filter((k) => k.group !== '').map((k) => k.group))];
        return {
          code: 200,
          body: {
            kind: 'APIGroupList',
            apiVersion: 'v1',
            groups: groups.map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } })),
          },
        };
      }
      const rl = p === '/api/v1' ? resourceList('', 'v1') : /^\/apis\/([^/]+)\/([^/]+)$/.test(p) ? resourceList(p.split('/')[2], p.split('/')[3]) : undefined;
      if (rl) return { code: 200, body: rl };
    }

    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(p);
    if (!m) return notFound();
    const group = m[2] ?? '';
    const version = m[1] ?? m[3];
    const namespace = m[4] !== undefined ? decodeURIComponent(m[4]) : undefined;
    const resource = m[5];
    const name = m[6] !== undefined ? decodeURIComponent(m[6]) : undefined;
    const kind = KINDS.find((k) => k.group === group && k.version === version && k.resource === resource);
    if (!kind) return notFound();
    if (kind.namespaced === false && namespace !== undefined) return notFound();

    if (method === 'GET') {
      if (kind.resource === 'namespaces') return this.getNamespaces(name, accept);
      return this.get(kind, namespace, name, req.query, accept);
    }
    if (method === 'POST' && name === undefined && kind.namespaced && namespace !== undefined) {
      if (!/json/i.test(contentType)) {
        return status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
      }
      return this.create(kind, namespace, req);
    }
    if (kind.namespaced && name !== undefined && namespace !== undefined) {
      return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
    }
    return notFound();
  }

  // ---------------------------------------------------------------- create

  private create(kind: KindInfo, namespace: string, req: RecordedRequest): Answer {
    const dryRun = req.query.dryRun === 'All';
    const fieldValidation = req.query.fieldValidation ?? 'Warn'; // the server's default when the query has none
    const body = req.body;
    const groupResource = kind.group ? `${kind.resource}.${kind.group}` : kind.resource;
    const gvString = kind.group ? `${kind.group}/${kind.version}` : kind.version;

    if (!isObject(body)) {
      return status(400, 'BadRequest', `Object '${kind.kind}' is missing in '${JSON.stringify(body ?? null)}'`);
    }
    if (typeof body.kind !== 'string' || body.kind === '') {
      return status(400, 'BadRequest', `Object 'Kind' is missing in '${JSON.stringify(body)}'`);
    }
    if (body.kind !== kind.kind || body.apiVersion !== gvString) {
      return status(400, 'BadRequest', `${String(body.kind)} in version "${kind.version}" cannot be handled as a ${kind.kind}: no kind "${String(body.kind)}" is registered for version "${gvString}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
    }
    const warnings: string[] = [];
    if (kind.kind === 'Service') {
      const unknown = unknownServiceFields(body);
      if (unknown.length > 0) {
        if (fieldValidation === 'Strict') {
          return status(400, 'BadRequest', `Service in version "v1" cannot be handled as a Service: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
        }
        if (fieldValidation === 'Warn') warnings.push(...unknown.map((f) => `299 - ${JSON.stringify(`unknown field "${f}"`)}`));
      }
    }

    const object = clone(body);
    const metadata: Json = isObject(object.metadata) ? object.metadata : {};
    object.metadata = metadata;
    if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== namespace) {
      return status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!this.namespaces.has(namespace)) {
      return status(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    }
    metadata.namespace = namespace;
    if ((metadata.name === undefined || metadata.name === '') && typeof metadata.generateName === 'string' && metadata.generateName !== '') {
      metadata.name = metadata.generateName + Math.random().toString(36).slice(2, 7).padEnd(5, 'x');
    }
    const name = typeof metadata.name === 'string' ? metadata.name : '';

    let causes: FieldCause[] = [];
    let rejected = false;
    const planned = kind.kind === 'Service' ? this.rejections.get(name) : undefined;
    if (planned) {
      causes = planned;
      rejected = true;
      this.rejections.delete(name);
    } else {
      if (name === '') causes.push({ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' });
      if (kind.kind === 'Service') causes.push(...validateService(object));
    }
    if (causes.length > 0 || rejected) {
      const parts = causes.map((c) => `${c.field}: ${c.message}`);
      const message = `${kind.kind} "${name}" is invalid` + (parts.length === 0 ? '' : parts.length === 1 ? `: ${parts[0]}` : `: [${parts.join(', ')}]`);
      const details: Json = { name, ...(kind.group ? { group: kind.group } : {}), kind: kind.kind };
      if (causes.length > 0) details.causes = causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field }));
      return status(422, 'Invalid', message, details);
    }

    if (this.stored.some((s) => s.resource === kind.resource && s.namespace === namespace && s.name === name)) {
      return status(409, 'AlreadyExists', `${groupResource} "${name}" already exists`, { name, ...(kind.group ? { group: kind.group } : {}), kind: kind.resource });
    }

    const now = new Date();
    metadata.uid = randomUUID();
    delete metadata.resourceVersion;
    if (!dryRun) metadata.resourceVersion = String(++this.resourceVersion);
    metadata.creationTimestamp = rfc3339(now);
    if (kind.kind === 'Deployment') metadata.generation = 1;
    const manager = req.query.fieldManager || String(req.headers['user-agent'] ?? 'unknown').split('/')[0];
    metadata.managedFields = [{ manager, operation: 'Update', apiVersion: gvString, time: rfc3339(now), fieldsType: 'FieldsV1', fieldsV1: fieldsV1(body) }];

    if (kind.kind === 'Service') this.defaultService(object, dryRun);
    else if (kind.kind === 'Deployment') defaultDeployment(object);

    if (!dryRun) this.stored.push({ resource: kind.resource, namespace, name, object: clone(object) });
    return { code: 201, body: object, headers: warnings.length ? { Warning: warnings } : undefined };
  }

  private defaultService(object: Json, dryRun: boolean): void {
    const spec: Json = isObject(object.spec) ? object.spec : {};
    object.spec = spec;
    if (!spec.type) spec.type = 'ClusterIP';
    if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
    if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
    const type = spec.type;
    const external = type === 'NodePort' || type === 'LoadBalancer';
    const ports = Array.isArray(spec.ports) ? spec.ports : [];
    for (const port of ports) {
      if (!isObject(port)) continue;
      if (!port.protocol) port.protocol = 'TCP';
      if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
      if (external && (port.nodePort === undefined || port.nodePort === 0)) port.nodePort = this.allocateNodePort(dryRun);
    }
    if (type === 'ExternalName') {
      object.status = { loadBalancer: {} };
      return;
    }
    if (!spec.internalTrafficPolicy) spec.internalTrafficPolicy = 'Cluster';
    if (external && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
    if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
    const given = typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP
      : Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string' ? spec.clusterIPs[0] : undefined;
    const ip = given ?? this.allocateIP(dryRun);
    if (!dryRun && given && given !== 'None') this.usedIPs.add(given);
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
    if (!spec.ipFamilies) spec.ipFamilies = ['IPv4'];
    if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = 'SingleStack';
    object.status = { loadBalancer: {} };
  }

  private allocateIP(dryRun: boolean): string {
    for (;;) {
      const n = 256 + Math.floor(Math.random() * (65536 - 256 - 1));
      const ip = `10.96.${n >> 8}.${n & 255}`;
      if ((n & 255) === 0 || this.usedIPs.has(ip)) continue;
      if (!dryRun) this.usedIPs.add(ip);
      return ip;
    }
  }

  private allocateNodePort(dryRun: boolean): number {
    for (;;) {
      const port = 30000 + Math.floor(Math.random() * 2768);
      if (this.usedNodePorts.has(port)) continue;
      if (!dryRun) this.usedNodePorts.add(port);
      return port;
    }
  }

  // ---------------------------------------------------------------- get

  private getNamespaces(name: string | undefined, accept: string): Answer {
    const objects = [...this.namespaces].map((ns) => ({
      kind: 'Namespace', apiVersion: 'v1',
      metadata: { name: ns, uid: `00000000-0000-4000-8000-${Buffer.from(ns).toString('hex').padStart(12, '0').slice(-12)}`, resourceVersion: '1', creationTimestamp: this.bootTime, labels: { 'kubernetes.io/metadata.name': ns } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }));
    const pick = name === undefined ? objects : objects.filter((o) => o.metadata.name === name);
    if (name !== undefined && pick.length === 0) return status(404, 'NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' });
    if (wantsTable(accept)) {
      const columns = [GENERIC_COLUMNS[0], { name: 'Status', type: 'string', format: '', description: 'The status of the namespace', priority: 0 }, GENERIC_COLUMNS[1]];
      return this.table(columns, pick, (o) => [o.metadata.name, o.status.phase, humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp))], 'Object');
    }
    if (name !== undefined) return { code: 200, body: pick[0] };
    return { code: 200, body: { kind: 'NamespaceList', apiVersion: 'v1', metadata: { resourceVersion: String(this.resourceVersion) }, items: pick } };
  }

  private get(kind: KindInfo, namespace: string | undefined, name: string | undefined, query: Record<string, string>, accept: string): Answer {
    const groupResource = kind.group ? `${kind.resource}.${kind.group}` : kind.resource;
    let objects = this.stored
      .filter((s) => s.resource === kind.resource && (namespace === undefined || s.namespace === namespace) && (name === undefined || s.name === name))
      .map((s) => s.object);
    if (name !== undefined && objects.length === 0) {
      return status(404, 'NotFound', `${groupResource} "${name}" not found`, { name, ...(kind.group ? { group: kind.group } : {}), kind: kind.resource });
    }
    if (query.labelSelector) objects = objects.filter((o) => matchesLabels(o, query.labelSelector));
    if (query.fieldSelector) objects = objects.filter((o) => matchesFields(o, query.fieldSelector));
    if (wantsTable(accept)) {
      const includeObject = query.includeObject ?? 'Metadata';
      if (kind.kind === 'Service') return this.table(SERVICE_COLUMNS, objects, serviceCells, includeObject);
      return this.table(GENERIC_COLUMNS, objects, (o) => [String((o.metadata as Json).name), age(o)], includeObject);
    }
    if (name !== undefined) return { code: 200, body: clone(objects[0]) };
    const gvString = kind.group ? `${kind.group}/${kind.version}` : kind.version;
    return { code: 200, body: { kind: `${kind.kind}List`, apiVersion: gvString, metadata: { resourceVersion: String(this.resourceVersion) }, items: clone(objects) } };
  }

  private table<T extends object>(columns: Json[], objects: T[], cells: (o: T) => unknown[], includeObject: string): Answer {
    return {
      code: 200,
      body: {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion: String(this.resourceVersion) },
        columnDefinitions: columns,
        rows: objects.map((o) => {
          const row: Json = { cells: cells(o) };
          if (includeObject === 'Object') row.object = clone(o);
          else if (includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: clone((o as { metadata?: unknown }).metadata ?? {}) };
          return row;
        }),
      },
    };
  }
}

// ------------------------------------------------------------------ helpers

function wantsTable(accept: string): boolean {
  return /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

function age(o: Json): string {
  const created = isObject(o.metadata) && typeof o.metadata.creationTimestamp === 'string' ? Date.parse(o.metadata.creationTimestamp) : NaN;
  return Number.isNaN(created) ? '<unknown>' : humanDuration(Date.now() - created);
}

/** The cells of the Service table, as the API server's printer formats them. */
function serviceCells(o: Json): unknown[] {
  const metadata = isObject(o.metadata) ? o.metadata : {};
  const spec = isObject(o.spec) ? o.spec : {};
  const st = isObject(o.status) ? o.status : {};
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs.map(String) : [];
  let external: string;
  if (type === 'ExternalName') external = String(spec.externalName ?? '<none>');
  else if (type === 'LoadBalancer') {
    const lb = isObject(st.loadBalancer) && Array.isArray(st.loadBalancer.ingress) ? st.loadBalancer.ingress : [];
    const ingress = lb.filter(isObject).map((i) => String(i.ip ?? i.hostname ?? ''));
    const all = [...ingress, ...externalIPs];
    external = all.length ? all.join(',') : '<pending>';
  } else external = externalIPs.length ? externalIPs.join(',') : '<none>';
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isObject) : [];
  const portText = ports.length
    ? ports.map((p) => `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`).join(',')
    : '<none>';
  const selector = isObject(spec.selector) ? Object.keys(spec.selector).sort().map((k) => `${k}=${String((spec.selector as Json)[k])}`) : [];
  return [
    String(metadata.name ?? ''),
    type,
    typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP : '<none>',
    external,
    portText,
    age(o),
    selector.length ? selector.join(',') : '<none>',
  ];
}

function labelsOf(o: Json): Json {
  return isObject(o.metadata) && isObject(o.metadata.labels) ? o.metadata.labels : {};
}

/** Equality-based label selectors only (`a=b,c!=d,e`). */
function matchesLabels(o: Json, selector: string): boolean {
  const labels = labelsOf(o);
  return selector.split(',').filter(Boolean).every((term) => {
    const ne = /^([^!=]+)!=(.*)$/.exec(term);
    if (ne) return labels[ne[1].trim()] !== ne[2].trim();
    const eq = /^([^=]+)==?(.*)$/.exec(term);
    if (eq) return labels[eq[1].trim()] === eq[2].trim();
    const not = /^!(.+)$/.exec(term);
    if (not) return !(not[1].trim() in labels);
    return term.trim() in labels;
  });
}

/** `metadata.name=x` / `metadata.namespace=y` field selectors only. */
function matchesFields(o: Json, selector: string): boolean {
  const metadata = isObject(o.metadata) ? o.metadata : {};
  return selector.split(',').filter(Boolean).every((term) => {
    const m = /^([^!=]+)(!=|==?)(.*)$/.exec(term);
    if (!m) return true;
    const actual = m[1] === 'metadata.name' ? metadata.name : m[1] === 'metadata.namespace' ? metadata.namespace : undefined;
    if (actual === undefined) return true;
    return m[2] === '!=' ? actual !== m[3] : actual === m[3];
  });
}

/** Unknown fields of a Service in strict-decoding order (keys as sent: kubectl sorts them). */
function unknownServiceFields(body: Json): string[] {
  const out: string[] = [];
  for (const key of Object.keys(body)) {
    if (!SERVICE_TOP_KEYS.has(key)) {
      out.push(key);
      continue;
    }
    const value = body[key];
    if (key === 'metadata' && isObject(value)) {
      for (const k of Object.keys(value)) if (!META_KEYS.has(k)) out.push(`metadata.${k}`);
    }
    if (key === 'spec' && isObject(value)) {
      for (const k of Object.keys(value)) {
        if (!SERVICE_SPEC_KEYS.has(k)) {
          out.push(`spec.${k}`);
          continue;
        }
        const ports = value[k];
        if (k === 'ports' && Array.isArray(ports)) {
          ports.forEach((port, i) => {
            if (!isObject(port)) return;
            for (const pk of Object.keys(port)) if (!SERVICE_PORT_KEYS.has(pk)) out.push(`spec.ports[${i}].${pk}`);
          });
        }
      }
    }
  }
  return out;
}

/** The few real ValidateService rules the double enforces. */
function validateService(object: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec = isObject(object.spec) ? object.spec : {};
  const type = spec.type === undefined || spec.type === '' ? 'ClusterIP' : spec.type;
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  ports.forEach((port, i) => {
    if (!isObject(port)) return;
    if (type === 'ClusterIP' && typeof port.nodePort === 'number' && port.nodePort !== 0) {
      causes.push({ field: `spec.ports[${i}].nodePort`, reason: 'FieldValueForbidden', message: "Forbidden: may not be used when `type` is 'ClusterIP'" });
    }
  });
  return causes;
}

function defaultDeployment(object: Json): void {
  const spec: Json = isObject(object.spec) ? object.spec : {};
  object.spec = spec;
  if (spec.replicas === undefined) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined) spec.progressDeadlineSeconds = 600;
  if (spec.strategy === undefined) spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
  object.status = {};
}
