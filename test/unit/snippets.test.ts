/**
 * The snippets in snippets/service.json: each one, expanded the way VS Code expands it with
 * its defaults (and with every other choice), must be a manifest our diagnostics find clean,
 * and the fields that have to agree (selector and pod labels, container port name and
 * targetPort) must be the same placeholder, not just the same default text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createLanguageCore } from '../../server/src/core/index';

interface Snippet {
  prefix: string | string[];
  description?: string;
  body: string | string[];
}

const snippetsPath = path.join(__dirname, '..', '..', '..', 'snippets', 'service.json');
const snippets = JSON.parse(readFileSync(snippetsPath, 'utf8')) as Record<string, Snippet>;
const entries = Object.entries(snippets);

function bodyText(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

// ---------------------------------------------------------------------------------------------
// A small expander with VS Code snippet semantics (tab stops, placeholders, choices, escapes).

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number }
  | { kind: 'placeholder'; index: number; children: SnippetNode[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children: SnippetNode[] };

class SnippetParser {
  private pos = 0;
  constructor(private readonly source: string) {}

  parse(): SnippetNode[] {
    const nodes = this.parseUntil(false);
    if (this.pos < this.source.length) throw new Error(`unexpected '}' at ${this.pos}`);
    return nodes;
  }

  /** Parses nodes up to the end of input, or up to an unescaped `}` when `nested`. */
  private parseUntil(nested: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    const s = this.source;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\\' && this.pos + 1 < s.length && '$}\\'.includes(s[this.pos + 1])) {
        text += s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === '}' && nested) break;
      if (c === '$') {
        const node = this.parseDollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
      }
      text += c;
      this.pos++;
    }
    flush();
    return nodes;
  }

  /** `$1`, `${1}`, `${1:default}`, `${1|a,b|}`, `$VAR`, `${VAR:default}`; undefined if just a `$`. */
  private parseDollar(): SnippetNode | undefined {
    const s = this.source;
    const rest = s.slice(this.pos + 1);
    let m = /^\d+/.exec(rest);
    if (m) {
      this.pos += 1 + m[0].length;
      return { kind: 'tabstop', index: Number(m[0]) };
    }
    m = /^[_a-zA-Z]\w*/.exec(rest);
    if (m) {
      this.pos += 1 + m[0].length;
      return { kind: 'variable', name: m[0], children: [] };
    }
    if (rest[0] !== '{') return undefined;
    m = /^\{(\d+|[_a-zA-Z]\w*)/.exec(rest);
    if (!m) return undefined;
    const id = m[1];
    const isIndex = /^\d/.test(id);
    this.pos += 1 + m[0].length;
    const next = s[this.pos];
    if (next === '}') {
      this.pos++;
      return isIndex ? { kind: 'tabstop', index: Number(id) } : { kind: 'variable', name: id, children: [] };
    }
    if (next === ':') {
      this.pos++;
      const children = this.parseUntil(true);
      if (s[this.pos] !== '}') throw new Error(`unterminated placeholder \${${id}:`);
      this.pos++;
      return isIndex ? { kind: 'placeholder', index: Number(id), children } : { kind: 'variable', name: id, children };
    }
    if (next === '|' && isIndex) {
      this.pos++;
      const options: string[] = [];
      let option = '';
      while (this.pos < s.length) {
        const c = s[this.pos];
        if (c === '\\' && this.pos + 1 < s.length && ',|\\$}'.includes(s[this.pos + 1])) {
          option += s[this.pos + 1];
          this.pos += 2;
          continue;
        }
        if (c === ',') {
          options.push(option);
          option = '';
          this.pos++;
          continue;
        }
        if (c === '|' && s[this.pos + 1] === '}') {
          options.push(option);
          this.pos += 2;
          return { kind: 'choice', index: Number(id), options };
        }
        option += c;
        this.pos++;
      }
      throw new Error(`unterminated choice \${${id}|`);
    }
    throw new Error(`unsupported snippet syntax at ${this.pos} (transforms are not expected here)`);
  }
}

function parseSnippet(body: string): SnippetNode[] {
  return new SnippetParser(body).parse();
}

function walk(nodes: SnippetNode[], visit: (node: SnippetNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if (node.kind === 'placeholder' || node.kind === 'variable') walk(node.children, visit);
  }
}

interface ExpandOptions {
  /** What the user typed for a tab stop (replaces its default everywhere it is mirrored). */
  values?: Record<number, string>;
  /** Which option of a choice is picked (by default the first). */
  choices?: Record<number, number>;
}

/**
 * Expands a snippet body the way VS Code does when the user accepts every default: the first
 * placeholder (or choice) of an index that has a value defines it for every occurrence of that
 * index; an index with no value anywhere (`$0` included) becomes ''.
 */
function expand(body: string, options: ExpandOptions = {}): string {
  const nodes = parseSnippet(body);
  const definitions = new Map<number, SnippetNode>();
  walk(nodes, (node) => {
    if ((node.kind === 'placeholder' || node.kind === 'choice') && !definitions.has(node.index)) definitions.set(node.index, node);
  });
  const render = (list: SnippetNode[], stack: number[]): string => list.map((node) => renderNode(node, stack)).join('');
  const renderIndex = (index: number, stack: number[]): string => {
    if (index === 0) return '';
    if (options.values && index in options.values) return options.values[index];
    if (stack.includes(index)) throw new Error(`placeholder $${index} refers to itself`);
    const definition = definitions.get(index);
    if (!definition) return '';
    if (definition.kind === 'choice') return definition.options[options.choices?.[index] ?? 0];
    if (definition.kind === 'placeholder') return render(definition.children, [...stack, index]);
    return '';
  };
  const renderNode = (node: SnippetNode, stack: number[]): string => {
    switch (node.kind) {
      case 'text':
        return node.value;
      case 'tabstop':
      case 'placeholder':
      case 'choice':
        return renderIndex(node.index, stack);
      case 'variable':
        // Unknown variables insert their default (or their name, as VS Code does).
        return node.children.length ? render(node.children, stack) : node.name;
    }
  };
  return render(nodes, []);
}

/** Every tab stop index used by a body, and its choices. */
function tabStops(body: string): { indexes: Set<number>; choices: Map<number, string[]> } {
  const indexes = new Set<number>();
  const choices = new Map<number, string[]>();
  walk(parseSnippet(body), (node) => {
    if (node.kind === 'tabstop' || node.kind === 'placeholder' || node.kind === 'choice') indexes.add(node.index);
    if (node.kind === 'choice' && !choices.has(node.index)) choices.set(node.index, node.options);
  });
  return { indexes, choices };
}

function problemsOf(text: string): string[] {
  const core = createLanguageCore();
  return core.validate(core.parse(text)).map((p) => `${p.code}@${p.path} (line ${p.range.start.line + 1}): ${p.message}`);
}

// Parsed manifests are walked loosely; the assertions check the shape.
type Json = Record<string, any>;

function documentsOf(text: string): Json[] {
  const documents = parseAllDocuments(text);
  assert.ok(Array.isArray(documents) && documents.length > 0, 'the expanded text holds YAML documents');
  for (const doc of documents) assert.deepEqual(doc.errors, [], 'no YAML errors');
  return documents.map((doc) => doc.toJS() as Json);
}

function services(text: string): Json[] {
  return documentsOf(text).filter((doc) => doc.kind === 'Service');
}

// ---------------------------------------------------------------------------------------------
// The expander itself.

test('snippets: the expander follows VS Code defaults (mirrors, nested references, choices, escapes)', () => {
  assert.equal(expand('a ${1:x} $1 ${2:$1-y} $2 $3 ${4|p,q|} $4 \\$5 $0'), 'a x x x-y x-y  p p $5 ');
  assert.equal(expand('$1 ${1:late}'), 'late late', 'a later placeholder defines an earlier bare tab stop');
  assert.equal(expand('${1:a} ${1:b}'), 'a a', 'the first definition wins');
  assert.equal(expand('${1:x} ${2:$1}', { values: { 1: 'typed' } }), 'typed typed');
  assert.equal(expand('${1|a,b,c|}', { choices: { 1: 2 } }), 'c');
});

// ---------------------------------------------------------------------------------------------
// Shape of the file.

test('snippets: every snippet has a prefix array with a k8s-service- prefix, a description and a body', () => {
  assert.ok(entries.length >= 8, `expected at least 8 snippets, got ${entries.length}`);
  for (const [name, snippet] of entries) {
    assert.ok(Array.isArray(snippet.prefix), `${name}: prefix is an array`);
    assert.ok((snippet.prefix as string[]).some((p) => p.startsWith('k8s-service-')), `${name}: has a k8s-service- prefix`);
    assert.equal(typeof snippet.description, 'string', `${name}: has a description`);
    assert.ok(snippet.description!.trim().length > 0 && !snippet.description!.includes('\n'), `${name}: one-line description`);
    assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0, `${name}: body is a list of lines`);
  }
});

test('snippets: prefixes include svc and service, and no prefix is used twice', () => {
  const all = entries.flatMap(([, s]) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
  assert.ok(all.includes('svc'), 'svc');
  assert.ok(all.includes('service'), 'service');
  assert.equal(new Set(all).size, all.length, `duplicate prefixes in ${all.join(', ')}`);
});

test('snippets: 2-space indentation, list items at their key\'s indentation, ends with $0', () => {
  for (const [name, snippet] of entries) {
    const lines = snippet.body as string[];
    assert.equal(lines[lines.length - 1], '$0', `${name}: the last line is $0`);
    lines.forEach((line, i) => {
      assert.ok(!line.includes('\t'), `${name}: line ${i + 1} has a tab`);
      const indent = /^ */.exec(line)![0].length;
      assert.equal(indent % 2, 0, `${name}: line ${i + 1} is not indented by a multiple of 2`);
      if (!/^ *- /.test(line)) return;
      // The owning key is the nearest line above that is less indented than the item's content.
      for (let j = i - 1; j >= 0; j--) {
        const above = lines[j];
        const aboveIndent = /^ */.exec(above)![0].length;
        if (aboveIndent > indent || (aboveIndent === indent && /^ *- /.test(above))) continue;
        assert.match(above, new RegExp(`^ {${indent}}[A-Za-z]+:$`), `${name}: the list item on line ${i + 1} is at the indentation of its key`);
        break;
      }
    });
  }
});

test('snippets: tab stops are numbered 1..n without gaps, plus $0', () => {
  for (const [name, snippet] of entries) {
    const { indexes } = tabStops(bodyText(snippet));
    assert.ok(indexes.has(0), `${name}: has $0`);
    const numbered = [...indexes].filter((n) => n > 0).sort((a, b) => a - b);
    assert.deepEqual(numbered, numbered.map((_, i) => i + 1), `${name}: tab stops ${numbered.join(',')}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Every expansion is clean.

test('snippets: every snippet expanded with its defaults is clean for our diagnostics', () => {
  for (const [name, snippet] of entries) {
    const text = expand(bodyText(snippet));
    assert.deepEqual(problemsOf(text), [], `${name}:\n${text}`);
    assert.ok(services(text).length >= 1, `${name}: contains a Service`);
  }
});

test('snippets: every option of every choice gives a clean manifest', () => {
  let checked = 0;
  for (const [name, snippet] of entries) {
    const body = bodyText(snippet);
    for (const [index, options] of tabStops(body).choices) {
      options.forEach((option, choice) => {
        const text = expand(body, { choices: { [index]: choice } });
        assert.deepEqual(problemsOf(text), [], `${name} with ${option}:\n${text}`);
        checked++;
      });
    }
  }
  assert.ok(checked >= 3, `${checked} choices checked`);
});

test('snippets: the manifests have the right type and type-specific fields', () => {
  const expected: Record<string, { type?: string; check?: (svc: Json) => void }> = {
    'ClusterIP Service': { type: 'ClusterIP' },
    'Headless Service': {
      check: (svc) => {
        assert.equal(svc.spec.clusterIP, 'None');
        assert.ok(svc.spec.type === undefined || svc.spec.type === 'ClusterIP');
      },
    },
    'Service (choose type)': { type: 'ClusterIP' },
    'Multi-port Service': { type: 'ClusterIP' },
    'NodePort Service': {
      type: 'NodePort',
      check: (svc) => {
        for (const port of svc.spec.ports) assert.ok(Number.isInteger(port.nodePort) && port.nodePort >= 30000 && port.nodePort <= 32767, `nodePort ${port.nodePort}`);
      },
    },
    'LoadBalancer Service': {
      type: 'LoadBalancer',
      check: (svc) => {
        for (const port of svc.spec.ports) assert.equal(port.nodePort, undefined, 'no nodePort on the LoadBalancer snippet');
      },
    },
    'ExternalName Service': {
      type: 'ExternalName',
      check: (svc) => {
        assert.equal(svc.spec.externalName, 'db.example.com');
        assert.equal(svc.spec.selector, undefined, 'no selector');
        assert.equal(svc.spec.clusterIP, undefined, 'no clusterIP');
      },
    },
    'Deployment and ClusterIP Service': { type: 'ClusterIP' },
  };
  assert.deepEqual(Object.keys(snippets).sort(), Object.keys(expected).sort());
  for (const [name, { type, check }] of Object.entries(expected)) {
    const [svc] = services(expand(bodyText(snippets[name])));
    assert.ok(svc, `${name}: has a Service`);
    assert.equal(svc.apiVersion, 'v1', name);
    assert.match(svc.metadata.name, /^[a-z]([-a-z0-9]*[a-z0-9])?$/, `${name}: the name is a DNS-1035 label`);
    if (type) assert.equal(svc.spec.type, type, name);
    if (type === 'ClusterIP') for (const port of svc.spec.ports) assert.equal(port.nodePort, undefined, `${name}: no nodePort on ClusterIP`);
    if (type !== 'ExternalName') assert.ok(svc.spec.ports?.length >= 1, `${name}: has ports`);
    check?.(svc);
  }
});

test('snippets: the ClusterIP Service is still the back-end example (the e2e test inserts it by name)', () => {
  const text = expand(bodyText(snippets['ClusterIP Service']));
  assert.ok(text.startsWith('apiVersion: v1\nkind: Service\nmetadata:\n  name: back-end\n'), text);
  assert.ok(text.includes('targetPort: 80'));
  const [svc] = services(text);
  assert.deepEqual(svc.spec.ports, [{ port: 80, targetPort: 80 }]);
  assert.deepEqual(svc.spec.selector, { app: 'myapp', type: 'back-end' });
});

test('snippets: the generic Service offers ClusterIP, NodePort and LoadBalancer as type choices', () => {
  const body = bodyText(snippets['Service (choose type)']);
  const typeLine = /^ {2}type: \$\{(\d+)\|/m.exec(body);
  assert.ok(typeLine, 'spec.type is a choice');
  const options = tabStops(body).choices.get(Number(typeLine[1]))!;
  for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer']) assert.ok(options.includes(type), `${type} in ${options.join(',')}`);
  options.forEach((type, choice) => {
    const [svc] = services(expand(body, { choices: { [Number(typeLine[1])]: choice } }));
    assert.equal(svc.spec.type, type);
  });
});

test('snippets: the multi-port Service has two uniquely named ports with valid targetPorts', () => {
  const [svc] = services(expand(bodyText(snippets['Multi-port Service'])));
  const ports = svc.spec.ports as Json[];
  assert.equal(ports.length, 2);
  const names = ports.map((p) => p.name as string);
  assert.equal(new Set(names).size, names.length, 'unique names');
  for (const name of names) assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'DNS-1123 label');
  for (const port of ports) {
    const target = port.targetPort as number | string;
    if (typeof target === 'number') assert.ok(target >= 1 && target <= 65535);
    else assert.ok(target.length <= 15 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(target) && /[a-z]/.test(target), `IANA name ${target}`);
  }
});

test('snippets: the Deployment pair mirrors the labels and the named port into the Service', () => {
  const body = bodyText(snippets['Deployment and ClusterIP Service']);
  assert.ok((snippets['Deployment and ClusterIP Service'].body as string[]).includes('---'), 'two documents separated by ---');
  // With the defaults, and with what a user might type over the mirrored placeholders.
  const typed: ExpandOptions = { values: { 1: 'shop', 2: 'store', 3: 'api', 7: 'web' } };
  for (const options of [{}, typed]) {
    const text = expand(body, options);
    assert.deepEqual(problemsOf(text), [], text);
    const docs = documentsOf(text);
    assert.equal(docs.length, 2);
    const [deployment, svc] = docs;
    assert.equal(deployment.apiVersion, 'apps/v1');
    assert.equal(deployment.kind, 'Deployment');
    assert.equal(svc.kind, 'Service');
    assert.equal(svc.spec.type, 'ClusterIP');
    const selector = svc.spec.selector as Json;
    assert.ok(Object.keys(selector).length > 0, 'the Service has a selector');
    assert.deepEqual(deployment.spec.selector.matchLabels, selector, 'matchLabels = Service selector');
    assert.deepEqual(deployment.spec.template.metadata.labels, selector, 'pod labels = Service selector');
    const containerPorts = (deployment.spec.template.spec.containers as Json[]).flatMap((c) => (c.ports ?? []) as Json[]);
    const named = containerPorts.find((p) => p.name === svc.spec.ports[0].targetPort);
    assert.ok(named, `a container port is named ${svc.spec.ports[0].targetPort}`);
    assert.ok(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(named.name) && named.name.length <= 15 && /[a-z]/.test(named.name), 'the port name is an IANA service name');
    if (options === typed) {
      assert.deepEqual(selector, { app: 'store', type: 'api' });
      assert.equal(svc.spec.ports[0].targetPort, 'web');
      assert.equal(svc.metadata.name, 'shop');
    } else {
      assert.deepEqual(selector, { app: 'myapp', type: 'back-end' });
      assert.equal(svc.spec.ports[0].targetPort, 'http');
    }
  }
});
