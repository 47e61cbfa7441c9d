/**
 * Scalars read as kubectl reads them: sigs.k8s.io/yaml YAMLToJSON, i.e. go-yaml v2 `resolve`
 * (resolve.go) into `interface{}`, then `json.Marshal`. Each row is the JSON value the API server
 * receives for the plain scalar, checked against what `parseFile` gives the validation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { parseFile } from '../../server/src/core/document';
import { createLanguageCore } from '../../server/src/core/index';
import { goYamlResolve } from '../../server/src/core/kubectl-yaml';

/** The value node of `k` in a one-key document `k: <source>`. */
function valueNode(source: string): { node: Node; text: string; errors: string[] } {
  const text = `k: ${source}\n`;
  const doc = parseFile(text).documents[0].yaml;
  const node = (doc.contents as YAMLMap).items[0].value as Node;
  return { node, text, errors: doc.errors.map((e) => e.message) };
}

function scalarValue(source: string): unknown {
  const { node, errors } = valueNode(source);
  assert.deepEqual(errors, [], source);
  assert.ok(isScalar(node), source);
  return node.value;
}

/** Rows of plain scalar → the JavaScript value of the JSON kubectl sends. */
function table(rows: [string, unknown][]): void {
  for (const [source, expected] of rows) {
    const actual = scalarValue(source);
    assert.deepEqual({ source, actual }, { source, actual: expected });
    // The value goes to JSON as kubectl's json.Marshal writes it (whole floats without a point).
    assert.equal(typeof actual, typeof expected, source);
  }
}

const svc = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n${ports}`;

function codes(text: string): string[] {
  const core = createLanguageCore();
  return core.validate(core.parse(text)).map((p) => `${p.code}@${p.path}`);
}

test('resolve (go-yaml v2): sexagesimal is a string ("Base 60 floats ... are purposefully unsupported")', () => {
  table([
    ['1:20', '1:20'],
    ['-1:20', '-1:20'],
    ['190:20:30', '190:20:30'],
    ['1:20.5', '1:20.5'],
  ]);
});

test('resolve (go-yaml v2): strconv.ParseInt base 0 reads 0b/0o/0x in either case and a leading 0 as octal', () => {
  table([
    ['017', 15],
    ['-017', -15],
    ['0o17', 15],
    ['0O17', 15],
    ['0x1F', 31],
    ['0X1F', 31],
    ['-0x1F', -31],
    ['0b101', 5],
    ['0B101', 5],
    ['-0b101', -5],
    ['+17', 17],
    ['0', 0],
    ['-0', 0],
    ['0x', '0x'],
    ['0o', '0o'],
    ['0b2', '0b2'],
  ]);
});

test('resolve (go-yaml v2): a leading-0 number that is not octal is read by yamlStyleFloat as decimal', () => {
  table([
    ['080', 80],
    ['08', 8],
    ['09.5', 9.5],
  ]);
});

test('resolve (go-yaml v2): underscores are removed from the whole scalar before ParseInt/ParseFloat', () => {
  table([
    ['1_000', 1000],
    ['1__', 1],
    ['-_1', -1],
    ['+_1', 1],
    ['0_x1F', 31],
    ['0x_1F', 31],
    ['1e_3', 1000],
    ['1_000.5', 1000.5],
  ]);
});

test('resolve (go-yaml v2): yamlStyleFloat numbers; whole floats marshal as integers', () => {
  table([
    ['80.0', 80],
    ['8e1', 80],
    ['1e3', 1000],
    ['1.', 1],
    ['+.5', 0.5],
    ['-1.5', -1.5],
    ['1.5e-3', 0.0015],
  ]);
  assert.equal(JSON.stringify(scalarValue('80.0')), '80');
});

test('resolve (go-yaml v2): a scalar starting with "." goes to strconv.ParseFloat unchanged', () => {
  table([
    ['.5', 0.5],
    ['.5e3', 500],
    ['.5_5', 0.55],
    ['.', '.'],
    ['._5', '._5'],
    ['.5_', '.5_'],
    ['.e3', '.e3'],
    ['-.', '-.'],
    ['-.e3', '-.e3'],
    ['..5', '..5'],
  ]);
});

test('resolve (go-yaml v2): strconv.ParseFloat ErrRange leaves a too-large float a string', () => {
  table([
    ['1e400', '1e400'],
    ['-1e400', '-1e400'],
    ['.5e999', '.5e999'],
  ]);
});

test('resolve (go-yaml v2): integers past int64/uint64 (ParseUint ErrRange, big.Int, yamlStyleFloat)', () => {
  table([
    ['9223372036854775807', 9223372036854775807],
    ['18446744073709551615', 18446744073709551615],
    ['99999999999999999999', 1e20],
    ['0xFFFFFFFFFFFFFFFFFF', 0xffffffffffffffffff],
    ['-0xFFFFFFFFFFFFFFFFFF', '-0xFFFFFFFFFFFFFFFFFF'],
    ['0o7777777777777777777777', 0o7777777777777777777777],
    ['07777777777777777777777', 7777777777777777777777],
  ]);
});

test('resolve (go-yaml v2): resolveMap booleans and nulls, looked up whole and case-exact', () => {
  table([
    ['y', true], ['Y', true], ['yes', true], ['Yes', true], ['YES', true],
    ['true', true], ['True', true], ['TRUE', true], ['on', true], ['On', true], ['ON', true],
    ['n', false], ['N', false], ['no', false], ['No', false], ['NO', false],
    ['false', false], ['False', false], ['FALSE', false], ['off', false], ['Off', false], ['OFF', false],
    ['~', null], ['null', null], ['Null', null], ['NULL', null], ['', null],
    ['yES', 'yES'], ['oN', 'oN'], ['tRUE', 'tRUE'], ['nULL', 'nULL'], ['none', 'none'],
  ]);
});

test('resolve (go-yaml v2): .inf and .nan are floats (json.Marshal then rejects the document)', () => {
  table([
    ['.inf', Number.POSITIVE_INFINITY],
    ['+.INF', Number.POSITIVE_INFINITY],
    ['-.Inf', Number.NEGATIVE_INFINITY],
    ['.NaN', Number.NaN],
    ['.iNf', '.iNf'],
    ['inf', 'inf'],
    ['-inf', '-inf'],
    ['nan', 'nan'],
  ]);
});

test('decoder.scalar (go-yaml v2): a timestamp decoded into interface{} keeps its text', () => {
  table([
    ['2024-01-01', '2024-01-01'],
    ['2024-1-1', '2024-1-1'],
    ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z'],
    ['2024-01-01 10:00:00', '2024-01-01 10:00:00'],
    ['2001-12-14 21:59:43.10 -5', '2001-12-14 21:59:43.10 -5'],
  ]);
});

test('decoder.scalar (go-yaml v2): quoted and block scalars are strings, plain "<<" as a value too', () => {
  table([
    ['"80"', '80'],
    ["'1:20'", '1:20'],
    ['"yes"', 'yes'],
    ["'~'", '~'],
    ['<<', '<<'],
  ]);
  assert.equal(scalarValue('|\n  80'), '80\n');
  assert.equal(scalarValue('>-\n  0x1F'), '0x1F');
});

test('resolve (go-yaml v2): explicit tags must match what the text resolves to (failf otherwise)', () => {
  table([
    ['!!str 80', '80'],
    ['!!str yes', 'yes'],
    ['!!int "80"', 80],
    ['!!int 0o17', 15],
    ['!!float 80', 80],
    ['!!float "1.5"', 1.5],
    ['!!bool "yes"', true],
    ['!!null ~', null],
    ['!!timestamp 2024-01-01', '2024-01-01'],
    ['!!timestamp 2024-02-29', '2024-02-29'],
    ['!!timestamp 2024-1-2t3:04:05.5+09:00', '2024-1-2t3:04:05.5+09:00'],
    ['! 80', '80'],
  ]);
  for (const [source, message] of [
    ['!!int 1:20', 'cannot decode !!str `1:20` as a !!int'],
    ['!!int 1.5', 'cannot decode !!float `1.5` as a !!int'],
    ['!!bool 1', 'cannot decode !!int `1` as a !!bool'],
    ['!!null x', 'cannot decode !!str `x` as a !!null'],
    ['!!timestamp 2024-02-30', 'cannot decode !!str `2024-02-30` as a !!timestamp'],
    ['!!timestamp 2023-02-29', 'cannot decode !!str `2023-02-29` as a !!timestamp'],
    ['!!timestamp 2024-01-01 24:00:00', 'cannot decode !!str `2024-01-01 24:00:00` as a !!timestamp'],
  ]) {
    assert.deepEqual(valueNode(source).errors, [message], source);
  }
});

test('decoder.scalar (go-yaml v2): !!binary is base64 decoded to a string', () => {
  table([
    ['!!binary aGVsbG8=', 'hello'],
    ['!!binary |\n  aGVs\n  bG8=', 'hello'],
  ]);
  assert.deepEqual(valueNode('!!binary a?').errors, ['!!binary value contains invalid base64 data']);
});

test('decoder.mapping/sequence (go-yaml v2): collection tags are ignored, !!set and !!omap stay a map and a list', () => {
  const set = valueNode('!!set {a, b}').node;
  assert.ok(isMap(set));
  assert.equal(set.constructor.name, 'YAMLMap');
  const omap = valueNode('!!omap [a: 1, b: 2]').node;
  assert.ok(isSeq(omap));
  assert.equal(omap.constructor.name, 'YAMLSeq');
  assert.ok(omap.items.every((item) => isMap(item)));
});

test('decoder.mapping (go-yaml v2): merge keys still merge, as isMerge reads them', () => {
  const text = 'base: &b {port: 80, protocol: TCP}\nport:\n  <<: *b\n  port: 81\n';
  const doc = parseFile(text).documents[0].yaml;
  assert.deepEqual(doc.toJS(), { base: { port: 80, protocol: 'TCP' }, port: { port: 81, protocol: 'TCP' } });
  const labels = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: &labels\n    app: web\nspec:\n  selector:\n    <<: *labels\n  ports:\n  - port: 80\n`;
  assert.deepEqual(codes(labels), []);
});

test('parser (go-yaml v2 takes only %YAML 1.1): a %YAML 1.2 document still resolves with go-yaml rules', () => {
  const doc = parseFile('%YAML 1.2\n---\na: yes\nb: 1:20\nc: 0o17\n').documents[0].yaml;
  assert.deepEqual(doc.toJS(), { a: true, b: '1:20', c: 15 });
});

test('resolve (go-yaml v2): node ranges stay on the source text', () => {
  const { node, text } = valueNode('0o17   # octal');
  assert.ok(isScalar(node));
  assert.deepEqual(text.slice(node.range![0], node.range![1]), '0o17');
  assert.equal(node.source, '0o17');
});

test('goYamlResolve mirrors resolve(tag, in): tags and bigint integers', () => {
  assert.deepEqual(goYamlResolve('0o17'), { tag: 'int', value: 15n });
  assert.deepEqual(goYamlResolve('18446744073709551616'), { tag: 'float', value: 18446744073709551616 });
  assert.deepEqual(goYamlResolve('0x10000000000000000'), { tag: 'int', value: 0x10000000000000000n });
  assert.deepEqual(goYamlResolve('2024-01-01'), { tag: 'timestamp', value: '2024-01-01' });
  assert.deepEqual(goYamlResolve('80', 'float'), { tag: 'float', value: 80 });
  assert.deepEqual(goYamlResolve('18446744073709551615', 'float'), { error: 'cannot decode !!int `18446744073709551615` as a !!float' });
  const doc = parseFile('k: 9007199254740993\n').documents[0].yaml;
  assert.equal(doc.toJS({}).k, 9007199254740992);
});

test('validation: port: 1:20 is a string into an int32 field (resolve: sexagesimal is a string)', () => {
  assert.deepEqual(codes(svc('  - port: 1:20\n')), ['type-mismatch@spec.ports[0].port']);
});

test('validation: targetPort: 1:20 is a port name string, not a number', () => {
  const text = svc('  - port: 80\n    targetPort: 1:20\n');
  assert.ok(!codes(text).includes('type-mismatch@spec.ports[0].targetPort'));
  const ports = (parseFile(text).documents[0].yaml.toJS() as { spec: { ports: { targetPort: unknown }[] } }).spec.ports;
  assert.equal(ports[0].targetPort, '1:20');
});

test('validation: port: 0o17 and nodePort: 0X7531 are numbers (resolve: strconv.ParseInt base 0)', () => {
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 0o17\n    nodePort: 0X7531\n`;
  assert.ok(!codes(text).some((c) => c.startsWith('type-mismatch')));
  const ports = (parseFile(text).documents[0].yaml.toJS() as { spec: { ports: { port: unknown; nodePort: unknown }[] } }).spec.ports;
  assert.deepEqual(ports[0], { port: 15, nodePort: 30001 });
});

test('validation: port: 2024-01-01 and port: 1e400 are strings into an int32 field (decoder.scalar, ParseFloat ErrRange)', () => {
  assert.deepEqual(codes(svc('  - port: 2024-01-01\n')), ['type-mismatch@spec.ports[0].port']);
  assert.deepEqual(codes(svc('  - port: 1e400\n')), ['type-mismatch@spec.ports[0].port']);
});

test('validation: port: !!int 1:20 fails like go-yaml failf (a syntax error of the document)', () => {
  assert.deepEqual(codes(svc('  - port: !!int 1:20\n')), ['yaml-syntax@']);
});
