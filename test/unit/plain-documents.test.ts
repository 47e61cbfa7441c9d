/**
 * The fast path for plain non-Service documents (plain-documents.ts) must change nothing but
 * speed: every file is parsed with and without it, and documents, problems, workspace entries,
 * hovers and completions must be the same. The inputs are the examples, the fidelity cases, a
 * generated file like the benchmark's, and thousands of random mutations of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { createLanguageCore } from '../../server/src/core/index';
import { parseFile, type ParsedFile } from '../../server/src/core/document';
import { extractFromParsed } from '../../server/src/core/workspace/extract';

const core = createLanguageCore();
const root = path.join(__dirname, '..', '..', '..');
const read = (dir: string) => readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
const examples = read(path.join(root, 'examples'));
const cases = read(path.join(root, 'test', 'fidelity', 'cases'));

function workload(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: app-${i}`,
        '  annotations:',
        `    description: back end of app-${i}, "quoted" and 'single' words`,
        'spec:',
        '  replicas: 2',
        '  selector:',
        '    matchLabels:',
        `      app: app-${i}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app: app-${i}`,
        '    spec:',
        '      containers:',
        '      - name: web',
        '        image: registry.example.com/web:1.27.3',
        '        ports:',
        '        - name: http',
        '          containerPort: 8080',
        '        env:',
        '        - name: MODE',
        "          value: 'fast'",
        '        resources:',
        '          requests:',
        '            cpu: 100m',
      ].join('\n'),
      ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: svc-${i}`, 'spec:', '  selector:', `    app: app-${i}`, '  ports:', '  - name: http', '    port: 80', '    targetPort: http'].join('\n'),
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

/** Everything the rest of the extension reads from a parse, as plain data. */
function observe(file: ParsedFile, text: string) {
  const positions: { line: number; character: number }[] = [];
  for (let line = 0; line < file.lines.lineCount; line += 7) positions.push({ line, character: 2 }, { line, character: 12 });
  return {
    documents: file.documents.map((d) => [d.index, d.start, d.end, d.kind, d.apiVersion, d.isKubernetes, d.hasSyntaxErrors]),
    isKubernetes: file.isKubernetes,
    problems: core.validate(file),
    workspace: extractFromParsed('file:///f.yaml', file),
    hovers: positions.map((p) => core.hover(file, p)),
    completions: positions.slice(0, 40).map((p) => core.complete(file, p).map((c) => c.label)),
    text: file.text === text,
  };
}

function compareBothWays(text: string, what: string): number {
  const fast = parseFile(text);
  const slow = parseFile(text, Number.POSITIVE_INFINITY, undefined, undefined, { plainDocuments: false });
  const plain = fast.documents.filter((d) => d.plain);
  assert.deepEqual(observe(fast, text), observe(slow, text), what);
  // What the fast reader vouched for, the YAML library reads without an error.
  for (const document of plain) assert.deepEqual(document.yaml.errors.map((e) => e.message), [], `${what}: document ${document.index}`);
  return plain.length;
}

test('plain documents: the examples, the fidelity cases and a generated file read the same either way', () => {
  let plain = 0;
  [...examples, ...cases].forEach((text, i) => (plain += compareBothWays(text, `file ${i}`)));
  plain += compareBothWays(workload(40), 'generated');
  // The fast path is taken (else this test would prove nothing).
  assert.ok(plain >= 40, `${plain} plain documents`);
});

test('plain documents: random mutations read the same either way', () => {
  let state = 17;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  // Pieces that make YAML odd in the ways the fast reader must notice.
  const pieces = [' ', '  ', '\t', '\n', '\r\n', ':', ': ', '- ', '-', '#', ' #', '"', "'", '{', '}', '[', ']', ',', '&a ', '*a', '!!str ', '? ', '|', '>', '%', '@', '`', '---', '...', '\\', 'x', 'kind', 'name: a', 'name: b\n', '  name: c\n', '\u0000', '\u00a0', '\uFEFF', 'Service', 'yes', '0x1F', '1.5', '~', '<<: *a\n', 'é', ':\t', '\t- ', '- - ', '|-\n', '>-\n', '\u2028', '\u0085', 'a:b', ' : ', '"\\x"', "''", '!', '&', '*', '? x\n'];
  const bases = [workload(3), ...examples.slice(0, 6)];
  let plain = 0;
  for (let round = 0; round < 2500; round++) {
    let text = bases[random(bases.length)];
    for (let edits = 1 + random(3); edits > 0; edits--) {
      const at = random(text.length + 1);
      if (random(3) === 0) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + random(4)));
      else text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at);
    }
    plain += compareBothWays(text, `round ${round}: ${JSON.stringify(text.slice(0, 60))}`);
  }
  assert.ok(plain > 1500, `${plain} plain documents`);
});

test('plain documents: a large mapping with a key written twice is left to the YAML library (the duplicate is reported)', () => {
  const data = Array.from({ length: 40 }, (_, i) => `  key-${i}: value-${i}`);
  const configMap = (lines: string[]) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n${lines.join('\n')}\n`;
  const clean = configMap(data);
  assert.equal(compareBothWays(clean, 'clean'), 1, 'read by the fast path');
  const twice = configMap([...data, '  key-7: again']);
  assert.equal(compareBothWays(twice, 'duplicate'), 0, 'not read by the fast path');
  assert.deepEqual(core.validate(parseFile(twice)).map((p) => p.code), ['duplicate-key']);
});
