import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageCore } from '../../server/src/core/index';
import { parseFieldPath } from '../../server/src/core/field-ranges';

const core = createLanguageCore();
const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    example.com/owner: team
spec:
  loadBalancerSourceRanges: ["10.0.0.0/8"]
  ports:
  - port: 80
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  ports:
  - port: 81
    nodePort: 30081
`;
const file = core.parse(text);

test('field ranges: API server paths are parsed into keys and indexes', () => {
  assert.deepEqual(parseFieldPath('spec.ports[0].nodePort'), ['spec', 'ports', 0, 'nodePort']);
  assert.deepEqual(parseFieldPath('metadata.annotations[example.com/owner]'), ['metadata', 'annotations', 'example.com/owner']);
});

test('field ranges: spec.ports[0].nodePort of the named Service covers the key and value', () => {
  assert.deepEqual(core.rangeOfField(file, { kind: 'Service', name: 'api' }, 'spec.ports[0].nodePort'), { start: { line: 19, character: 4 }, end: { line: 19, character: 19 } });
  assert.deepEqual(core.rangeOfField(file, { kind: 'Service', name: 'web' }, 'spec.ports[0].nodePort'), { start: { line: 10, character: 4 }, end: { line: 10, character: 19 } });
});

test('field ranges: server quirks, bracketed map keys and the capitalised source ranges path', () => {
  assert.equal(core.rangeOfField(file, { kind: 'Service', name: 'web' }, 'metadata.annotations[example.com/owner]')?.start.line, 5);
  assert.equal(core.rangeOfField(file, { kind: 'Service', name: 'web' }, 'spec.LoadBalancerSourceRanges')?.start.line, 7);
});

test('field ranges: a missing field is shown on the key of its nearest parent', () => {
  assert.deepEqual(core.rangeOfField(file, { kind: 'Service', name: 'web' }, 'spec.ports[0].name'), { start: { line: 8, character: 2 }, end: { line: 8, character: 7 } });
});

test('field ranges: unknown objects give no range', () => {
  assert.equal(core.rangeOfField(file, { kind: 'Service', name: 'nope' }, 'spec'), undefined);
});
