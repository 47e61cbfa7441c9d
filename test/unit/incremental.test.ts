/**
 * Incremental analysis: re-parsing with the previous parse reuses the unchanged `---` documents
 * and their cached problems, and must give exactly what a fresh parse gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ChangeLog, createLanguageCore } from '../../server/src/core/index';
import { releaseSyntaxTrees, splitChunks } from '../../server/src/core/document';
import { extractFromParsed } from '../../server/src/core/workspace/extract';
import { WorkspaceIndex, workspaceProblems } from '../../server/src/core/workspace/index';

const core = createLanguageCore();
const examples = path.join(__dirname, '..', '..', '..', 'examples');
const fidelity = path.join(__dirname, '..', '..', '..', 'test', 'fidelity', 'cases');
const corpus = [
  ...readdirSync(examples).map((f) => readFileSync(path.join(examples, f), 'utf8')),
  ...readdirSync(fidelity).slice(0, 30).map((f) => readFileSync(path.join(fidelity, f), 'utf8')),
].join('\n---\n');

test('incremental: splitting at --- lines keeps every character, and files with directives stay whole', () => {
  const chunks = splitChunks(corpus);
  assert.ok(chunks.length > 30, String(chunks.length));
  assert.equal(chunks.map((c) => c.text).join(''), corpus);
  assert.equal(splitChunks('%YAML 1.1\n---\na: 1\n---\nb: 2\n').length, 1);
});

test('incremental: an edit in one document re-parses only that document', () => {
  const first = core.parse(corpus);
  const at = corpus.indexOf('name: back-end');
  const edited = corpus.slice(0, at) + 'name: back-ends' + corpus.slice(at + 'name: back-end'.length);
  const second = core.parse(edited, first);
  const reused = second.documents.filter((d) => first.documents.includes(d)).length;
  assert.equal(reused, second.documents.length - 1);
});

test('incremental: after random edits, the result equals a fresh parse (positions, problems, documents)', () => {
  let state = 7;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const snippets = ['x', '\n', '---\n', '---', '-', ': ', '  ', '"', '- ', 'port: 80\n', '\n---\n# c\n', 'kind: Service\n', '...\n', '%YAML 1.1\n'];
  let text = corpus;
  let previous = core.parse(text);
  core.validate(previous);
  const index = new WorkspaceIndex();
  index.updateParsed('file:///f.yaml', previous);
  /** What the index's lookups say, as plain data. */
  const lookups = (idx: WorkspaceIndex) =>
    idx.namespaces().sort().map((ns) => [
      ns,
      [...idx.labelKeys(ns)].map(([key, info]) => [key, [...info.values].map(([value, carriers]) => [value, carriers.map((w) => `${w.ref}#${w.documentIndex}@${w.nameRange.start.line}`).sort()])]),
      idx.services(ns).map((sv) => `${sv.name}#${sv.documentIndex}@${sv.nameRange.start.line}`).sort(),
    ]);
  // Edits are recorded as the server records the editor's change events; most rounds parse with
  // the change they add up to, the others compare texts.
  let version = 1;
  let parsedVersion = 1;
  const log = new ChangeLog(version);
  let reusedRounds = 0;
  for (let round = 0; round < 150; round++) {
    for (let edits = 1 + random(3); edits > 0; edits--) {
      const at = random(text.length + 1);
      version++;
      if (random(2) === 0) {
        const inserted = snippets[random(snippets.length)];
        text = text.slice(0, at) + inserted + text.slice(at);
        log.record(version, { start: at, oldEnd: at, newEnd: at + inserted.length });
      } else {
        const end = Math.min(text.length, at + 1 + random(20));
        text = text.slice(0, at) + text.slice(end);
        log.record(version, { start: at, oldEnd: end, newEnd: at });
      }
    }
    // A `%` or `...` line makes the whole file one piece (parsed whole, nothing reused); now and
    // then the user takes them out again, so most rounds exercise the reuse of documents.
    if (round % 10 === 9) {
      for (let found = /^(%|\.\.\.).*(\n|$)/m.exec(text); found; found = /^(%|\.\.\.).*(\n|$)/m.exec(text)) {
        version++;
        text = text.slice(0, found.index) + text.slice(found.index + found[0].length);
        log.record(version, { start: found.index, oldEnd: found.index + found[0].length, newEnd: found.index });
      }
    }
    // Now and then the syntax trees are let go, as the server does for large files.
    if (round % 3 === 0) releaseSyntaxTrees(previous);
    const changed = round % 3 === 2 ? undefined : log.since(parsedVersion, version);
    if (round % 3 !== 2) assert.ok(changed, `round ${round}: the log knows every edit`);
    const incremental = core.parse(text, previous, changed);
    if (incremental.documents.some((d) => previous.documents.includes(d))) reusedRounds++;
    log.forgetUpTo(version);
    parsedVersion = version;
    const fresh = core.parse(text);
    assert.deepEqual(incremental.documents.map((d) => [d.start, d.end, d.kind]), fresh.documents.map((d) => [d.start, d.end, d.kind]), `round ${round}`);
    assert.deepEqual(incremental.lines.lineStarts, fresh.lines.lineStarts, `lines, round ${round}`);
    assert.deepEqual(core.validate(incremental), core.validate(fresh), `round ${round}`);
    if (round % 7 === 0) {
      releaseSyntaxTrees(incremental);
      const at = incremental.lines.positionAt(random(text.length));
      assert.deepEqual(core.hover(incremental, at), core.hover(fresh, at), `hover after release, round ${round}`);
      assert.deepEqual(core.complete(incremental, at), core.complete(fresh, at), `completion after release, round ${round}`);
    }
    index.updateParsed('file:///f.yaml', incremental);
    if (round % 10 === 0) {
      const fresher = new WorkspaceIndex();
      const freshParse = core.parse(text);
      fresher.updateParsed('file:///f.yaml', freshParse);
      assert.deepEqual(lookups(index), lookups(fresher), `index lookups, round ${round}`);
      // Cached cross-file problems keep the entries' own ranges, which move with them.
      assert.deepEqual(workspaceProblems(index, 'file:///f.yaml', incremental, 'en'), workspaceProblems(fresher, 'file:///f.yaml', freshParse, 'en'), `workspace problems, round ${round}`);
    }
    if (round % 10 === 0) assert.deepEqual(extractFromParsed('file:///f.yaml', incremental), extractFromParsed('file:///f.yaml', fresh), `workspace, round ${round}`);
    previous = incremental;
  }
  // The comparisons above are of the incremental path only if documents were reused.
  assert.ok(reusedRounds >= 100, `documents were reused in ${reusedRounds} of 150 rounds`);
});

test('incremental: no two ranges read from a document share a position (moving them in place moves each once)', () => {
  const parts = extractFromParsed('file:///f.yaml', core.parse(corpus));
  const positions = new Set<object>();
  let count = 0;
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || value instanceof Map) return;
    const record = value as Record<string, unknown>;
    if (typeof record.line === 'number' && typeof record.character === 'number') {
      count++;
      assert.ok(!positions.has(record), `a shared position ${JSON.stringify(record)}`);
      positions.add(record);
      return;
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(parts);
  assert.ok(count > 100, `${count} positions`);
});

test('incremental: cross-file problems kept for a Service follow it when lines are added above it', () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    'data:',
    '  mode: fast',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  selector:',
    '    matchLabels:',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '    spec:',
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    'spec:',
    '  selector:',
    '    app: wbe',
    '  ports:',
    '  - port: 80',
    '',
  ].join('\n');
  const uri = 'file:///f.yaml';
  let parsed = core.parse(text);
  const index = new WorkspaceIndex();
  index.updateParsed(uri, parsed);
  const before = workspaceProblems(index, uri, parsed, 'en');
  assert.equal(before.length, 1, JSON.stringify(before));
  // Two lines more in the ConfigMap: the Deployment and the Service move down, unchanged.
  let edited = text;
  for (let round = 0; round < 3; round++) {
    const at = edited.indexOf('data:');
    edited = `${edited.slice(0, at)}# note\n# more\n${edited.slice(at)}`;
    parsed = core.parse(edited, parsed, { start: at, oldEnd: at, newEnd: at + '# note\n# more\n'.length });
    index.updateParsed(uri, parsed);
    const fresher = new WorkspaceIndex();
    const fresh = core.parse(edited);
    fresher.updateParsed(uri, fresh);
    assert.deepEqual(workspaceProblems(index, uri, parsed, 'en'), workspaceProblems(fresher, uri, fresh, 'en'), `round ${round}`);
  }
});
