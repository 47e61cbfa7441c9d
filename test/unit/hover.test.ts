import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backEnd, hoverAt } from './helpers';
import { explanationKeys, fieldsOf, resolvePath } from '../../server/src/core/schema';

const at = (needle: string, shift = 1) => {
  const i = backEnd.indexOf(needle);
  assert.ok(i >= 0, needle);
  return backEnd.slice(0, i + shift) + '|' + backEnd.slice(i + shift);
};

test('hover: spec.type key shows our explanation, then the official description, type, default and link', () => {
  const text = hoverAt(at('type: ClusterIP'));
  assert.ok(text);
  assert.match(text, /\*\*spec\.type\*\*/);
  assert.match(text, /Kubernetes API/);
  assert.match(text, /type determines how the Service is exposed/, 'official description');
  assert.match(text, /kubernetes\.io\/docs\/reference\/kubernetes-api\/service-resources\/service-v1/);
  assert.match(text, /Default/);
  const officialAt = text.indexOf('type determines how');
  const oursAt = text.indexOf('**Default:**');
  assert.ok(oursAt > 0 && oursAt < officialAt, 'our explanation comes before the official text');
});

test('hover: the ClusterIP value explains the type value', () => {
  const text = hoverAt(at('ClusterIP', 3));
  assert.match(text ?? '', /spec\.type: ClusterIP/);
  assert.match(text ?? '', /only be accessible inside the cluster/, 'official enum value note');
});

test('hover: in Korean with locale ko', () => {
  const text = hoverAt(at('selector'), { locale: 'ko' });
  assert.match(text ?? '', /[가-힣]/);
  assert.match(text ?? '', /기본값|언제 쓰나요|흔한 실수/);
});

test('hover: nested list fields spec.ports[].targetPort and spec.ports[].port', () => {
  assert.match(hoverAt(at('targetPort')) ?? '', /\*\*spec\.ports\[\]\.targetPort\*\*/);
  assert.match(hoverAt(at('port: 80', 2)) ?? '', /\*\*spec\.ports\[\]\.port\*\* `integer` \(required\)/);
});

test('hover: a selector label key explains nothing by itself but its value explains the selector', () => {
  assert.equal(hoverAt(at('app: myapp')), undefined);
  assert.match(hoverAt(at('myapp', 2)) ?? '', /\*\*spec\.selector\*\*/);
});

test('hover: every Service field has our explanation in both languages', () => {
  const walk = (path: string[], depth: number): string[] => {
    const resolved = resolvePath('Service', path);
    if (!resolved.type || depth > 4) return [];
    const type = resolved.type.kind === 'array' ? resolved.type.items! : resolved.type;
    const prefix = resolved.type.kind === 'array' ? [...path, '[]'] : path;
    return fieldsOf(type, resolvePath('Service', prefix).schemaPath).flatMap((f) => (f.hidden || f.schemaPath.startsWith('status.') ? [] : [f.schemaPath, ...walk([...prefix, f.name], depth + 1)]));
  };
  const paths = walk([], 0).filter((p) => !/^metadata\.(ownerReferences|managedFields)\[\]/.test(p));
  assert.ok(paths.includes('spec.sessionAffinityConfig.clientIP.timeoutSeconds'));
  for (const locale of ['en', 'ko'] as const) {
    const own = new Set(explanationKeys(locale).fields);
    const missing = paths.filter((p) => !own.has(p));
    assert.deepEqual(missing, [], `${locale} explanations missing`);
  }
});

test('hover: no hover outside Service documents', () => {
  assert.equal(hoverAt('apiVersion: apps/v1\nkind: Deployment\nspec:\n  rep|licas: 2\n'), undefined);
});
