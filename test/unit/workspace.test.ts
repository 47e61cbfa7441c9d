/**
 * The workspace index and its features (selector → workloads, targetPort → container ports),
 * over the fixture workspace in test/fixtures/workspace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFile, type ParsedFile } from '../../server/src/core/document';
import type { Position, Range } from '../../server/src/core/types';
import messages from '../../server/src/core/workspace/messages.json';
import {
  WorkspaceIndex,
  extractFromParsed,
  extractManifests,
  scanManifests,
  selectorCompletionData,
  serviceProblems,
  targetPortCompletionData,
  workspaceCodeLenses,
  workspaceCompletions,
  workspaceDefinition,
  workspaceHover,
  workspaceMessageKeys,
  workspaceProblems,
  workspaceQuickFixes,
  workspaceReferences,
  workspaceTargetAt,
  selectorInfo,
  targetPortInfo,
} from '../../server/src/core/workspace/index';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace');
const uriOf = (name: string): string => `file:///ws/${name}`;
const read = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const names = fs.readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).sort();

function loadWorkspace(parse?: (text: string) => ParsedFile): WorkspaceIndex {
  // With a parse function given, every file goes through it (no fast scanner) so tests can count parses.
  const index = new WorkspaceIndex(parse ? { parse, fastScan: false } : {});
  for (const name of names) index.update(uriOf(name), read(name));
  return index;
}

/** The position of the `occurrence`-th `needle` in a text, moved `shift` characters in. */
function positionOf(text: string, needle: string, shift = 0, occurrence = 1): Position {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} #${occurrence}`);
  }
  const before = text.slice(0, at + shift).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The text a range covers. */
function slice(text: string, range: Range): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

function caret(textWithCaret: string): { text: string; position: Position } {
  const offset = textWithCaret.indexOf('|');
  const text = textWithCaret.slice(0, offset) + textWithCaret.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

// ---------------------------------------------------------------------------------------------
// Extraction

test('extract: a Deployment and its Service, with kinds, names, namespaces, labels, ports and ranges', () => {
  const text = read('web.yaml');
  const file = extractManifests(uriOf('web.yaml'), text);
  assert.equal(file.workloads.length, 1);
  const web = file.workloads[0];
  assert.equal(web.kind, 'Deployment');
  assert.equal(web.ref, 'deployment/web');
  assert.equal(web.namespace, 'default');
  assert.equal(web.namespaceExplicit, false);
  assert.equal(web.replicas, 2);
  assert.equal(web.labelsPath, 'spec.template.metadata.labels');
  assert.deepEqual([...web.labelMap], [['app', 'web'], ['tier', 'frontend']], 'the template labels, not spec.selector.matchLabels');
  assert.equal(slice(text, web.nameRange), 'web');
  assert.equal(slice(text, web.labels[1].range), 'tier: frontend');
  assert.equal(slice(text, web.labels[1].valueRange), 'frontend');
  assert.equal(web.containers.length, 1);
  const [http, metrics] = web.containers[0].ports;
  assert.deepEqual([http.name, http.containerPort, http.protocol], ['http', 80, 'TCP'], 'protocol defaults to TCP');
  assert.equal(metrics.containerPort, 9090);
  assert.equal(slice(text, http.range), 'name: http\n          containerPort: 80');
  assert.equal(slice(text, http.nameRange!), 'http');
  assert.equal(web.containersKnown, true);

  assert.equal(file.services.length, 1);
  const service = file.services[0];
  assert.equal(service.name, 'web');
  assert.equal(service.documentIndex, 1);
  assert.deepEqual([...service.selectorMap], [['app', 'web'], ['tier', 'frontend']]);
  assert.equal(slice(text, service.selectorKeyRange!), 'selector');
  assert.equal(slice(text, service.selector[0].range), 'app: web');
  assert.equal(service.ports[0].targetPort, 'http');
  assert.equal(service.ports[0].protocol, 'TCP');
  assert.equal(slice(text, service.ports[0].targetPortRange!), 'http');
  assert.equal(service.headless, false);
  assert.equal(service.selectorless, false);
});

test('extract: a CronJob reads its pod template at spec.jobTemplate.spec.template; a Pod at metadata.labels with several containers', () => {
  const report = extractManifests(uriOf('report.yaml'), read('report.yaml')).workloads[0];
  assert.equal(report.kind, 'CronJob');
  assert.equal(report.labelsPath, 'spec.jobTemplate.spec.template.metadata.labels');
  assert.deepEqual([...report.labelMap], [['app', 'report']]);
  assert.equal(report.containers[0].ports[0].name, 'http');
  assert.equal(report.replicas, undefined);

  const toolbox = extractManifests(uriOf('toolbox.yaml'), read('toolbox.yaml')).workloads[0];
  assert.equal(toolbox.kind, 'Pod');
  assert.equal(toolbox.labelsPath, 'metadata.labels');
  assert.deepEqual(toolbox.containers.map((c) => [c.name, c.ports.map((p) => p.name)]), [['app', ['http']], ['sidecar', ['metrics']]]);
});

test('extract: headless, selector-less and implicit targetPort Services', () => {
  const db = extractManifests(uriOf('db.yaml'), read('db.yaml'));
  assert.equal(db.workloads[0].kind, 'StatefulSet');
  assert.equal(db.workloads[0].replicas, 3);
  const headless = db.services.find((s) => s.name === 'db')!;
  assert.equal(headless.headless, true);
  assert.equal(headless.ports[0].targetPort, undefined);
  assert.equal(headless.ports[0].effectiveTarget, 5432, 'absent targetPort = port');
  const legacy = extractManifests(uriOf('legacy.yaml'), read('legacy.yaml'));
  assert.equal(legacy.services.length, 1, 'Endpoints is neither a workload nor a Service');
  assert.equal(legacy.services[0].selectorless, true);
  assert.equal(legacy.workloads.length, 0);
  const syslog = extractManifests(uriOf('syslog.yaml'), read('syslog.yaml')).services[0];
  assert.equal(syslog.ports[0].protocol, 'UDP');
});

test('extract: namespaces default to `default`; non-Kubernetes and broken YAML give nothing and never throw', () => {
  const staging = extractManifests(uriOf('staging.yaml'), read('staging.yaml'));
  assert.deepEqual(staging.workloads.map((w) => `${w.ref}@${w.namespace}`), ['deployment/web@staging', 'deployment/cache@staging']);
  assert.equal(staging.services[0].namespace, 'default');
  assert.deepEqual(extractManifests(uriOf('ci.yaml'), read('ci.yaml')), { uri: uriOf('ci.yaml'), workloads: [], services: [] });
  const broken = extractManifests(uriOf('broken.yaml'), read('broken.yaml'));
  assert.equal(broken.services.length, 0);
  for (const garbage of ['', ':', '- - -', '{{', 'kind: Service\nspec: [', 'kind: Service\nspec:\n  selector: 3\n  ports: x', 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers: [1, {ports: 7}]', '\t\0', '[]', '"']) {
    assert.doesNotThrow(() => extractManifests('file:///g.yaml', garbage), garbage);
  }
});

test('extract: a List, duplicate label keys (the last wins) and YAML 1.1 values', () => {
  const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    labels:
      app: one
      app: two
      enabled: yes
  spec:
    containers:
    - name: c
- apiVersion: v1
  kind: Service
  metadata:
    name: s
  spec:
    selector:
      app: two
`;
  const file = extractManifests('file:///list.yaml', text);
  assert.equal(file.workloads.length, 1);
  assert.deepEqual([...file.workloads[0].labelMap], [['app', 'two'], ['enabled', 'yes']]);
  assert.equal(file.services.length, 1);
  assert.notEqual(file.workloads[0].id, file.services[0].id);
});

// ---------------------------------------------------------------------------------------------
// The fast scanner reads what the parser reads

const plainCases: Record<string, string> = {
  crlfAndComments: '# leading comment\r\napiVersion: v1 # trailing\r\nkind: Pod\r\nmetadata:\r\n  name: p   # c\r\n  labels:\r\n    # inside\r\n    app: web\r\n\r\n    "quoted/key": \'it\'\'s\'\r\nspec:\r\n  containers:\r\n  - name: c\r\n    ports:\r\n    - containerPort: 80\r\n      name: http\r\n',
  markersAndEmptyDocs: '---\n# c\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations: {a: b}\nspec:\n  selector:\n    app: web\n    enabled: yes\n    empty:\n    tilde: ~\n  ports:\n    - port: 80\n      targetPort: "8080"\n    -\n    - port: 81\n---\n',
  blockAndFlowNotRead: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations:\n    note: |\n      app: not-a-label\n      - nor: this\n    other: >-\n      folded\n    long: first line\n      continued here\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels:\n        app: d\n        version: "1.10"\n    spec:\n      containers:\n        - name: c\n          command: ["sh", "-c", "echo {hi}"]\n          args: [a, b]\n          ports:\n            - containerPort: 1\n        - name: e\n          ports:\n          - containerPort: "9090"\n            protocol: UDP\n',
  listAndDuplicates: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n    namespace: prod\n    labels:\n      app: one\n      app: two\n  spec:\n    containers:\n    - name: c\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: s\n    namespace: prod\n  spec:\n    clusterIP: None\n    selector:\n      app: two\n',
  indentedRoot: '\n\n  apiVersion: v1\n  kind: Service\n  metadata:\n    name: x\n  spec:\n    type: ExternalName\n',
};

const parserCases: Record<string, string> = {
  anchor: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: &l\n    app: web\nspec:\n  containers: []\n',
  flowSelector: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: web}\n',
  hexPort: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    ports:\n    - containerPort: 0x50\n',
  tabIndent: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n',
  multiLineQuoted: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "a\n    b"\n',
  documentEnd: 'apiVersion: v1\nkind: Service\n...\n',
  directive: '%YAML 1.1\n---\napiVersion: v1\nkind: Service\n',
  booleanKey: 'apiVersion: v1\nkind: Service\nspec:\n  selector:\n    on: x\n',
  broken: read('broken.yaml'),
};

test('fast scanner: plain block YAML is read exactly as the parser reads it', () => {
  for (const name of names.filter((n) => n !== 'ci.yaml' && n !== 'broken.yaml')) {
    const text = read(name);
    const fast = scanManifests(uriOf(name), text);
    assert.ok(fast, `${name} is plain enough`);
    assert.deepEqual(fast, extractFromParsed(uriOf(name), parseFile(text)), name);
  }
  for (const [name, text] of Object.entries(plainCases)) {
    const fast = scanManifests('file:///c.yaml', text);
    assert.ok(fast, `${name} is plain enough`);
    assert.deepEqual(fast, extractFromParsed('file:///c.yaml', parseFile(text)), name);
    assert.ok(fast.workloads.length + fast.services.length > 0, name);
  }
});

test('fast scanner: gives up on what only the parser can tell, and the index still reads it right', () => {
  for (const [name, text] of Object.entries(parserCases)) {
    assert.equal(scanManifests('file:///c.yaml', text), undefined, name);
    assert.deepEqual(extractManifests('file:///c.yaml', text), extractFromParsed('file:///c.yaml', parseFile(text)), name);
  }
  const index = new WorkspaceIndex();
  index.update('file:///a.yaml', parserCases.anchor);
  assert.equal(index.stats.parsed, 1);
  assert.deepEqual(index.carrying('default', 'app', 'web').map((w) => w.ref), ['pod/p']);
});

// ---------------------------------------------------------------------------------------------
// The index

test('index: a selector matches workloads of its own namespace carrying every selector label', () => {
  const index = loadWorkspace();
  assert.equal(index.fileCount, names.length);
  const web = index.service(uriOf('web.yaml'), 1)!;
  assert.deepEqual(index.matching(web).map((w) => `${w.ref}@${w.namespace}`), ['deployment/web@default'], 'not the staging copy');
  assert.deepEqual(index.matching({ namespace: 'staging', selector: { app: 'web', tier: 'frontend' } }).map((w) => w.namespace), ['staging']);
  assert.deepEqual(index.matching({ namespace: 'default', selector: { app: 'web', tier: 'backend' } }), []);
  assert.deepEqual(index.matching({ namespace: 'default', selector: {} }), [], 'an empty selector selects nothing');
  assert.deepEqual(index.matching({ namespace: 'default', selector: new Map([['app', 'report']]) }).map((w) => w.ref), ['cronjob/report']);
  // Labels controllers add: the per-pod Service of a StatefulSet.
  assert.deepEqual(index.matching(index.service(uriOf('db.yaml'), 2)!).map((w) => w.ref), ['statefulset/db']);
  assert.deepEqual(index.matching({ namespace: 'default', selector: { 'statefulset.kubernetes.io/pod-name': 'db-3' } }), [], 'only 3 replicas');
  assert.deepEqual(index.selecting(index.workloads('default').find((w) => w.name === 'db')!).map((s) => s.name), ['db', 'db-0']);
});

test('index: labelKeys of a namespace, with values and the workloads carrying them', () => {
  const index = loadWorkspace();
  const keys = index.labelKeys('default');
  assert.deepEqual([...keys.keys()].sort(), ['app', 'tier']);
  assert.deepEqual([...keys.get('tier')!.values.keys()].sort(), ['back-end', 'frontend']);
  assert.deepEqual(keys.get('tier')!.values.get('back-end')!.map((w) => w.ref), ['deployment/api']);
  assert.deepEqual([...index.labelKeys('staging').get('app')!.values.keys()].sort(), ['cache', 'web']);
  assert.deepEqual(index.namespaces(), ['default', 'staging']);
  assert.equal(index.workloads().length, 8);
  assert.equal(index.workloads('staging').length, 2);
});

test('index: an update re-reads only the changed file; the derived lookups follow', () => {
  let parses = 0;
  const index = loadWorkspace((text) => {
    parses++;
    return parseFile(text);
  });
  const initial = parses;
  // Every manifest file parsed once; ci.yaml (no kind: Service, no containers:) and broken.yaml are skipped unparsed.
  assert.equal(initial, names.length - 2);
  const service = () => index.service(uriOf('api-service.yaml'), 0)!;
  assert.deepEqual(serviceProblems(index, service(), 'en').map((p) => p.code), ['selector-matches-nothing']);

  // Same text again: nothing is parsed.
  index.update(uriOf('api.yaml'), read('api.yaml'));
  assert.equal(parses, initial);
  const version = index.version;

  // The Deployment's labels change to what the Service asks for: the problem goes away.
  index.update(uriOf('api.yaml'), read('api.yaml').replace('tier: back-end', 'tier: backend'));
  assert.equal(parses, initial + 1, 'only api.yaml was parsed again');
  assert.ok(index.version > version);
  assert.deepEqual(serviceProblems(index, service(), 'en'), []);
  assert.deepEqual(index.labelKeys('default').get('tier')!.values.has('back-end'), false, 'the old value left the label lookup');
  assert.deepEqual(index.carrying('default', 'tier', 'backend').map((w) => w.ref), ['deployment/api']);

  // And back: the problem returns.
  index.update(uriOf('api.yaml'), read('api.yaml'));
  assert.equal(parses, initial + 2);
  assert.deepEqual(serviceProblems(index, service(), 'en').map((p) => p.code), ['selector-matches-nothing']);

  // A parsed file from the editor is read without parsing again.
  index.updateParsed(uriOf('api.yaml'), parseFile(read('api.yaml').replace('tier: back-end', 'tier: backend')));
  assert.equal(parses, initial + 2);
  assert.deepEqual(serviceProblems(index, service(), 'en'), []);
});

test('index: with the fast scanner, plain manifests are never parsed; one update reads one file', () => {
  let parses = 0;
  const index = new WorkspaceIndex({
    parse: (text) => {
      parses++;
      return parseFile(text);
    },
  });
  for (const name of names) index.update(uriOf(name), read(name));
  assert.deepEqual(index.stats, { skipped: 2, scanned: names.length - 2, parsed: 0, updatesParsed: 0, unchanged: 0 });
  assert.equal(parses, 0);
  index.update(uriOf('api.yaml'), read('api.yaml').replace('tier: back-end', 'tier: backend'));
  assert.equal(index.stats.scanned, names.length - 1);
  assert.deepEqual(serviceProblems(index, index.service(uriOf('api-service.yaml'), 0)!, 'en'), []);
  // What the scanner cannot read for sure (an anchor) goes to the parser.
  index.update(uriOf('api.yaml'), read('api.yaml').replace('app: api\n        tier', 'app: &a api\n        tier'));
  assert.equal(parses, 1);
  assert.deepEqual(index.carrying('default', 'app', 'api').map((w) => w.ref), ['deployment/api']);
});

test('index: remove forgets a file and what it contributed', () => {
  const index = loadWorkspace();
  const web = index.service(uriOf('web.yaml'), 1)!;
  assert.equal(index.remove(uriOf('staging.yaml')), true);
  assert.equal(index.remove(uriOf('staging.yaml')), false);
  assert.deepEqual(index.namespaces(), ['default']);
  assert.equal(index.labelKeys('staging').size, 0);
  assert.equal(index.matching(web).length, 1);
  index.remove(uriOf('web.yaml'));
  assert.equal(index.service(uriOf('web.yaml'), 1), undefined);
  assert.deepEqual(index.matching(web), [], 'the Deployment went with its file');
  assert.deepEqual(index.carrying('default', 'tier', 'frontend'), []);
  index.clear();
  assert.equal(index.fileCount, 0);
  assert.equal(index.workloadCount, 0);
  assert.equal(index.serviceCount, 0);
});

// ---------------------------------------------------------------------------------------------
// Problems

test('problems: only the near-miss, the other-namespace, the port and the protocol Services are flagged', () => {
  const index = loadWorkspace();
  const all = names.flatMap((name) => workspaceProblems(index, uriOf(name), parseFile(read(name)), 'en').map((p) => `${name}: ${p.code}@${p.path} ${p.severity}`));
  assert.deepEqual(all, [
    'api-service.yaml: selector-matches-nothing@spec.selector warning',
    'staging.yaml: selector-matches-nothing@spec.selector warning',
    'syslog.yaml: target-port-protocol-mismatch@spec.ports[0].protocol warning',
    'toolbox.yaml: target-port-not-found@spec.ports[2].targetPort warning',
    'toolbox.yaml: target-port-not-declared@spec.ports[3].targetPort information',
  ]);
});

test('problems: the near miss names the closest label and who uses it, in English and Korean, with a fix', () => {
  const index = loadWorkspace();
  const text = read('api-service.yaml');
  const [problem] = workspaceProblems(index, uriOf('api-service.yaml'), parseFile(text), 'en');
  assert.equal(problem.code, 'selector-matches-nothing');
  assert.equal(problem.stage, 'lint');
  assert.equal(problem.path, 'spec.selector');
  assert.equal(slice(text, problem.range), 'selector', 'on the selector key');
  assert.match(problem.message, /`tier: backend` — did you mean `tier: back-end` used by deployment\/api\?/);
  const [ko] = workspaceProblems(index, uriOf('api-service.yaml'), parseFile(text), 'ko');
  assert.match(ko.message, /deployment\/api에서 쓰는 `tier: back-end`/);
  assert.match(ko.message, /[가-힣]/);
  const [fix] = workspaceQuickFixes([problem], 'en');
  assert.equal(fix.isPreferred, true);
  assert.equal(fix.edits.length, 1);
  assert.equal(slice(text, fix.edits[0].range), 'tier: backend');
  assert.equal(fix.edits[0].newText, 'tier: back-end');
  assert.match(fix.title, /tier: back-end/);
});

test('problems: labels of another namespace are named, but never match', () => {
  const index = loadWorkspace();
  const [problem] = serviceProblems(index, index.service(uriOf('staging.yaml'), 2)!, 'en');
  assert.equal(problem.code, 'selector-matches-nothing');
  assert.match(problem.message, /Namespace `staging` has pods with these labels \(deployment\/cache\)/);
  assert.equal(problem.data?.otherNamespace, 'staging');
});

test('problems: a misspelt selector key is a near miss too', () => {
  const index = loadWorkspace();
  index.update('file:///ws/typo.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: t\nspec:\n  selector:\n    ap: web\n    tier: frontend\n');
  const [problem] = workspaceProblems(index, 'file:///ws/typo.yaml', undefined, 'en');
  assert.match(problem.message, /`ap: web` — did you mean `app: web` used by deployment\/web\?/);
  assert.equal((problem.data?.edits as { newText: string }[])[0].newText, 'app: web');
});

test('problems: targetPort by name and number, the closest port name, and the protocol', () => {
  const index = loadWorkspace();
  const text = read('toolbox.yaml');
  const [notFound, notDeclared] = workspaceProblems(index, uriOf('toolbox.yaml'), parseFile(text), 'en');
  assert.equal(notFound.code, 'target-port-not-found');
  assert.equal(notFound.severity, 'warning');
  assert.equal(slice(text, notFound.range), 'grcp');
  assert.match(notFound.message, /port named `grcp`/);
  assert.deepEqual(notFound.data?.available, ['http', 'metrics']);
  assert.equal(notFound.data?.suggestion, undefined, 'grcp is too far from any name');
  assert.equal(notDeclared.code, 'target-port-not-declared');
  assert.equal(notDeclared.severity, 'information');
  assert.equal(slice(text, notDeclared.range), '7000');
  assert.match(notDeclared.message, /containerPort 7000.*8080, 9100/);

  const syslog = read('syslog.yaml');
  const [mismatch] = workspaceProblems(index, uriOf('syslog.yaml'), parseFile(syslog), 'ko');
  assert.equal(mismatch.code, 'target-port-protocol-mismatch');
  assert.equal(slice(syslog, mismatch.range), 'UDP');
  assert.match(mismatch.message, /UDP.*TCP/);
  assert.match(mismatch.message, /[가-힣]/);

  // A close name gets a quick fix that replaces the targetPort value.
  index.update('file:///ws/near.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: n\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: htp\n');
  const [near] = workspaceProblems(index, 'file:///ws/near.yaml', undefined, 'en');
  assert.equal(near.data?.suggestion, 'http');
  assert.deepEqual(workspaceQuickFixes([near], 'en')[0].edits.map((e) => e.newText), ['http']);
});

test('problems: a Service matching nothing gets no port problems; selector-less, headless and templated Services are understood', () => {
  const index = loadWorkspace();
  // api-service.yaml targets `http`, which its near-miss pods do have, but nothing is selected: one problem only.
  assert.equal(workspaceProblems(index, uriOf('api-service.yaml'), undefined, 'en').length, 1);
  assert.deepEqual(workspaceProblems(index, uriOf('legacy.yaml'), undefined, 'en'), []);
  assert.deepEqual(workspaceProblems(index, uriOf('db.yaml'), undefined, 'en'), [], 'headless with implicit targetPort 5432, declared');
  index.update('file:///ws/helm.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "{{ .Release.Name }}"\nspec:\n  selector:\n    app: "{{ .Release.Name }}"\n');
  assert.deepEqual(workspaceProblems(index, 'file:///ws/helm.yaml', undefined, 'en'), []);
  // Only Services, no workloads anywhere: the pods are defined elsewhere; no warning unless asked.
  const lonely = new WorkspaceIndex();
  lonely.update(uriOf('api-service.yaml'), read('api-service.yaml'));
  assert.deepEqual(workspaceProblems(lonely, uriOf('api-service.yaml'), undefined, 'en'), []);
  assert.equal(workspaceProblems(lonely, uriOf('api-service.yaml'), undefined, 'en', { evenWithoutWorkloads: true })[0].code, 'selector-matches-nothing');
});

test('problems: one document of a file, by index', () => {
  const index = loadWorkspace();
  assert.equal(workspaceProblems(index, uriOf('staging.yaml'), undefined, 'en', { documentIndex: 2 }).length, 1);
  assert.equal(workspaceProblems(index, uriOf('staging.yaml'), undefined, 'en', { documentIndex: 0 }).length, 0);
});

// ---------------------------------------------------------------------------------------------
// Completion

const draft = (body: string): string => `apiVersion: v1
kind: Service
metadata:
  name: draft
spec:
${body}`;

function completeDraft(index: WorkspaceIndex, body: string, locale: 'en' | 'ko' = 'en') {
  const { text, position } = caret(draft(body));
  const uri = 'file:///ws/draft.yaml';
  const file = parseFile(text);
  index.updateParsed(uri, file);
  return { proposals: workspaceCompletions(index, uri, file, position, locale), text, position };
}

test('completion data: label keys then values of the namespace, with the workloads carrying them', () => {
  const index = loadWorkspace();
  const data = selectorCompletionData(index, 'default');
  assert.deepEqual(data.map((d) => d.key), ['app', 'tier']);
  const tier = data.find((d) => d.key === 'tier')!;
  assert.deepEqual(tier.values.map((v) => [v.value, v.workloads.map((w) => w.ref)]), [['back-end', ['deployment/api']], ['frontend', ['deployment/web']]]);
  // With `app: web` already written, the values that still select something come first.
  const narrowed = selectorCompletionData(index, 'default', new Map([['app', 'web']])).find((d) => d.key === 'tier')!;
  assert.deepEqual(narrowed.values.map((v) => [v.value, v.fitsSelector]), [['frontend', true], ['back-end', false]]);
  assert.deepEqual(selectorCompletionData(index, 'staging').map((d) => d.key), ['app', 'tier']);
  assert.deepEqual(selectorCompletionData(index, 'staging')[0].values.map((v) => v.value), ['cache', 'web']);
});

test('completion: selector keys under spec.selector, values after `key:`, from the same namespace', () => {
  const index = loadWorkspace();
  const keys = completeDraft(index, '  selector:\n    |\n');
  assert.deepEqual(keys.proposals.map((p) => p.label), ['app', 'tier']);
  const app = keys.proposals[0];
  assert.equal(app.insertText, 'app: ');
  assert.equal(app.retrigger, true);
  assert.match(app.detail ?? '', /label of \d workloads/);
  assert.match(app.documentation ?? '', /`web`: deployment\/web/);

  const typed = completeDraft(index, '  selector:\n    app: web\n    ti|\n');
  assert.deepEqual(typed.proposals.map((p) => p.label), ['tier'], 'keys already present are not offered');
  assert.deepEqual(typed.proposals[0].range, { start: { line: typed.position.line, character: 4 }, end: typed.position });

  const values = completeDraft(index, '  selector:\n    app: web\n    tier: |\n');
  assert.deepEqual(values.proposals.map((p) => p.label), ['frontend', 'back-end'], 'the value that still selects something first');
  assert.ok(values.proposals[0].sortText! < values.proposals[1].sortText!);
  assert.match(values.proposals[0].detail ?? '', /deployment\/web/);
  assert.match(values.proposals[0].documentation ?? '', /\[deployment\/web\]\(file:\/\/\/ws\/web\.yaml#L\d+\)/);

  const staging = completeDraft(index, '  selector:\n    app: |\n').proposals.map((p) => p.label);
  assert.ok(!staging.includes('cache'), 'cache only exists in staging');
  const inStaging = caret(`apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: staging\nspec:\n  selector:\n    app: |\n`);
  const file = parseFile(inStaging.text);
  assert.deepEqual(workspaceCompletions(index, 'file:///ws/s.yaml', file, inStaging.position, 'en').map((p) => p.label).sort(), ['cache', 'web']);

  assert.deepEqual(completeDraft(index, '  |\n').proposals, [], 'not in the selector');
  assert.deepEqual(completeDraft(index, '  type: |\n').proposals, []);
});

test('completion: a value YAML would not read as a string is quoted', () => {
  const index = loadWorkspace();
  index.update('file:///ws/flags.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: flags\n  labels:\n    canary: "true"\n    version: "1.10"\nspec:\n  containers:\n  - name: c\n');
  const { proposals } = completeDraft(index, '  selector:\n    canary: |\n');
  assert.deepEqual(proposals.map((p) => [p.label, p.insertText]), [['true', '"true"']]);
  const version = completeDraft(index, '  selector:\n    version: |\n').proposals;
  assert.deepEqual(version.map((p) => p.insertText), ['"1.10"']);
});

test('completion: targetPort offers the selected containers\' port names, then numbers', () => {
  const index = loadWorkspace();
  const service = index.service(uriOf('toolbox.yaml'), 1)!;
  const data = targetPortCompletionData(index, service);
  assert.deepEqual(data.map((o) => o.value), ['http', 'metrics', 8080, 9100]);
  assert.deepEqual(data[0].declaredBy.map((r) => `${r.workload.ref}/${r.container.name}`), ['pod/toolbox/app']);

  const { proposals } = completeDraft(index, '  selector:\n    app: toolbox\n  ports:\n  - port: 80\n    targetPort: |\n');
  assert.deepEqual(proposals.map((p) => p.label), ['http', 'metrics', '8080', '9100']);
  assert.equal(proposals[0].detail, 'containerPort 8080/TCP');
  assert.match(proposals[1].documentation ?? '', /pod\/toolbox.*sidecar/);
  const dashed = completeDraft(index, '  selector:\n    app: toolbox\n  ports:\n  - targetPort: |\n');
  assert.equal(dashed.proposals.length, 4);
  assert.deepEqual(completeDraft(index, '  selector:\n    app: nobody\n  ports:\n  - port: 80\n    targetPort: |\n').proposals, [], 'nothing selected, nothing to offer');
  // Korean detail for labels.
  assert.match(completeDraft(index, '  selector:\n    |\n', 'ko').proposals[0].detail ?? '', /워크로드/);
});

// ---------------------------------------------------------------------------------------------
// Where am I, hover, definition, references, code lens

test('target at a position: selector key, entry, targetPort, workload label, container port, workload name', () => {
  const index = loadWorkspace();
  const web = read('web.yaml');
  const file = parseFile(web);
  const at = (needle: string, shift = 1, occurrence = 1) => workspaceTargetAt(index, uriOf('web.yaml'), file, positionOf(web, needle, shift, occurrence));
  assert.equal(at('selector:', 1, 2)?.kind, 'selector');
  const entry = at('tier: frontend', 7, 2);
  assert.equal(entry?.kind, 'selector-entry');
  assert.equal(entry?.kind === 'selector-entry' && entry.onKey, false);
  assert.equal(at('targetPort: http', 13)?.kind, 'target-port');
  assert.equal(at('tier: frontend', 1, 1)?.kind, 'workload-label');
  assert.equal(at('containerPort: 9090', 3)?.kind, 'container-port');
  assert.equal(at('name: web', 7)?.kind, 'workload');
  assert.equal(at('image: nginx', 2), undefined);
  assert.equal(at('port: 80', 5)?.kind, undefined, 'a port with an explicit targetPort is not the target');
});

test('hover: the workloads a selector selects, with replicas; the container port a targetPort reaches', () => {
  const index = loadWorkspace();
  const web = read('web.yaml');
  const hover = workspaceHover(index, uriOf('web.yaml'), parseFile(web), positionOf(web, 'selector:', 2, 2), 'en');
  assert.ok(hover);
  assert.match(hover.contents, /Selected workloads/);
  assert.match(hover.contents, /\[deployment\/web\]\(file:\/\/\/ws\/web\.yaml#L5\) — web\.yaml \(2 replicas\)/);
  assert.equal(slice(web, hover.range), 'selector');
  const info = selectorInfo(index, index.service(uriOf('web.yaml'), 1)!);
  assert.deepEqual(info.workloads.map((w) => [w.ref, w.uri, w.replicas, slice(web, w.range)]), [['deployment/web', uriOf('web.yaml'), 2, 'web']]);

  const port = workspaceHover(index, uriOf('web.yaml'), parseFile(web), positionOf(web, 'targetPort: http', 13), 'en');
  assert.match(port?.contents ?? '', /targetPort `http`\*\* reaches:\n- \[deployment\/web\].* › nginx: `http` 80\/TCP/);
  const resolved = targetPortInfo(index, index.service(uriOf('web.yaml'), 1)!, index.service(uriOf('web.yaml'), 1)!.ports[0]);
  assert.deepEqual(resolved.resolved.map((r) => [r.workload.ref, r.container.name, r.port.name, r.port.containerPort, r.port.protocol]), [['deployment/web', 'nginx', 'http', 80, 'TCP']]);

  const db = read('db.yaml');
  const headless = workspaceHover(index, uriOf('db.yaml'), parseFile(db), positionOf(db, 'selector:', 2, 2), 'ko');
  assert.match(headless?.contents ?? '', /헤드리스/);
  assert.match(headless?.contents ?? '', /레플리카 3개/);
  const implicit = workspaceHover(index, uriOf('db.yaml'), parseFile(db), positionOf(db, 'port: 5432', 7, 1), 'en');
  assert.match(implicit?.contents ?? '', /No targetPort.*5432/);
  assert.match(implicit?.contents ?? '', /postgres: `pg` 5432\/TCP/);

  const legacy = read('legacy.yaml');
  assert.equal(workspaceHover(index, uriOf('legacy.yaml'), parseFile(legacy), positionOf(legacy, 'targetPort', 2), 'en'), undefined, 'selector-less: nothing to say');
  // The workload side: who selects a label.
  const label = workspaceHover(index, uriOf('web.yaml'), parseFile(web), positionOf(web, 'app: web', 1, 2), 'en');
  assert.match(label?.contents ?? '', /Selected by.*\n- \[service\/web\]/);
});

test('definition: from a selector entry to the template labels, from a targetPort to the container port', () => {
  const index = loadWorkspace();
  const web = read('web.yaml');
  const fromEntry = workspaceDefinition(index, uriOf('web.yaml'), parseFile(web), positionOf(web, 'tier: frontend', 2, 2));
  assert.equal(fromEntry.length, 1);
  assert.equal(fromEntry[0].uri, uriOf('web.yaml'));
  assert.deepEqual(fromEntry[0].range, positionRange(web, 'tier: frontend', 1));
  const fromPort = workspaceDefinition(index, uriOf('web.yaml'), parseFile(web), positionOf(web, 'targetPort: http', 13));
  assert.deepEqual(fromPort.map((l) => [l.uri, slice(web, l.range)]), [[uriOf('web.yaml'), 'http']]);
  assert.deepEqual(fromPort[0].range.start, positionOf(web, 'name: http', 6));

  // Across files, a CronJob's nested template; a numeric targetPort goes to containerPort.
  const report = read('report.yaml');
  const cron = workspaceDefinition(index, uriOf('report.yaml'), parseFile(report), positionOf(report, 'app: report', 6, 2));
  assert.deepEqual(cron.map((l) => slice(report, l.range)), ['app: report']);
  const syslog = read('syslog.yaml');
  const numeric = workspaceDefinition(index, uriOf('syslog.yaml'), parseFile(syslog), positionOf(syslog, 'targetPort: 514', 13));
  assert.deepEqual(numeric.map((l) => slice(syslog, l.range)), ['514']);
  assert.deepEqual(numeric[0].range.start, positionOf(syslog, 'containerPort: 514', 15));

  // Nothing selected: the entry still leads to the pods carrying that one label.
  const api = read('api-service.yaml');
  const partial = workspaceDefinition(index, uriOf('api-service.yaml'), parseFile(api), positionOf(api, 'app: api', 1));
  assert.deepEqual(partial.map((l) => [l.uri, slice(read('api.yaml'), l.range)]), [[uriOf('api.yaml'), 'app: api']]);
});

function positionRange(text: string, needle: string, occurrence: number): Range {
  return { start: positionOf(text, needle, 0, occurrence), end: positionOf(text, needle, needle.length, occurrence) };
}

test('references: from a template label or container port to the Services selecting or targeting it', () => {
  const index = loadWorkspace();
  const db = read('db.yaml');
  const fromLabel = workspaceReferences(index, uriOf('db.yaml'), parseFile(db), positionOf(db, 'app: db', 1, 2));
  assert.deepEqual(fromLabel.map((l) => slice(db, l.range)), ['app: db'], 'db-0 selects by another label');
  assert.deepEqual(fromLabel[0].range, positionRange(db, 'app: db', 3));
  const fromName = workspaceReferences(index, uriOf('db.yaml'), parseFile(db), positionOf(db, 'name: db', 7, 1));
  assert.equal(fromName.length, 2, 'both Services select the StatefulSet');
  const fromPort = workspaceReferences(index, uriOf('db.yaml'), parseFile(db), positionOf(db, 'containerPort: 5432', 3), true);
  assert.deepEqual(fromPort.map((l) => slice(db, l.range)), ['name: pg\n          containerPort: 5432', '5432', '5432'], 'the declaration, then the implicit targetPorts of both Services');

  const toolbox = read('toolbox.yaml');
  const metrics = workspaceReferences(index, uriOf('toolbox.yaml'), parseFile(toolbox), positionOf(toolbox, 'containerPort: 9100', 3));
  assert.deepEqual(metrics.map((l) => [l.uri, slice(toolbox, l.range)]), [[uriOf('toolbox.yaml'), 'metrics']]);
  assert.deepEqual(metrics[0].range, positionRange(toolbox, 'metrics', 3));
  // Across files: the staging Deployment is selected by no Service of default.
  const staging = read('staging.yaml');
  assert.deepEqual(workspaceReferences(index, uriOf('staging.yaml'), parseFile(staging), positionOf(staging, 'app: web', 1, 2)), []);
});

test('code lens: what each selector selects, and who selects each workload', () => {
  const index = loadWorkspace();
  const lens = (name: string, locale: 'en' | 'ko' = 'en') => workspaceCodeLenses(index, uriOf(name), parseFile(read(name)), locale).map((l) => l.title);
  assert.deepEqual(lens('web.yaml'), ['selected by 1 Service: service/web', 'selects 1 workload: deployment/web']);
  assert.deepEqual(lens('api-service.yaml'), ['selects no workloads']);
  assert.deepEqual(lens('legacy.yaml'), ['no selector: endpoints are managed by hand']);
  assert.deepEqual(lens('db.yaml'), ['selected by 2 Services: service/db, service/db-0', 'selects 1 workload: statefulset/db', 'selects 1 workload: statefulset/db']);
  assert.deepEqual(lens('web.yaml', 'ko'), ['서비스 1개가 선택: service/web', '워크로드 1개 선택: deployment/web']);
  // A selector over two workloads.
  index.update('file:///ws/all.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: all\nspec:\n  selector:\n    tier: frontend\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db2\nspec:\n  template:\n    metadata:\n      labels:\n        tier: frontend\n    spec:\n      containers: []\n');
  const [selects, selectedBy] = workspaceCodeLenses(index, 'file:///ws/all.yaml', undefined, 'en', { workloads: true });
  assert.equal(selectedBy.title, 'selected by 1 Service: service/all');
  assert.equal(selects.title, 'selects 2 workloads: deployment/web, statefulset/db2');
  assert.deepEqual(selects.locations.map((l) => l.uri), [uriOf('web.yaml'), 'file:///ws/all.yaml']);
  const text = read('web.yaml');
  const [serviceLens] = workspaceCodeLenses(index, uriOf('web.yaml'), undefined, 'en', { workloads: false });
  assert.equal(slice(text, serviceLens.range), 'selector');
});

// ---------------------------------------------------------------------------------------------
// Messages

test('messages: English and Korean have the same keys and placeholders', () => {
  const en = workspaceMessageKeys('en').sort();
  assert.ok(en.length > 10, `${en.length} keys`);
  assert.deepEqual(workspaceMessageKeys('ko').sort(), en);
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const catalogue = messages as Record<'en' | 'ko', Record<string, string>>;
  for (const key of en) {
    assert.deepEqual(placeholders(catalogue.ko[key]), placeholders(catalogue.en[key]), key);
    assert.match(catalogue.ko[key], /[가-힣]|^containerPort/, `${key} is translated`);
  }
});
