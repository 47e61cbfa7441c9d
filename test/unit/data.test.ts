import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { catalogueKeys } from '../../server/src/core/i18n';
import { explanationKeys, objectType, resolvePath, schemaSource } from '../../server/src/core/schema';

const root = path.join(__dirname, '..', '..', '..');

test('data: every message exists in English and Korean', () => {
  assert.deepEqual(catalogueKeys('ko').sort(), catalogueKeys('en').sort());
});

test('data: English and Korean explanations cover the same fields and values', () => {
  const en = explanationKeys('en');
  const ko = explanationKeys('ko');
  assert.deepEqual([...ko.fields].sort(), [...en.fields].sort());
  assert.deepEqual([...ko.values].sort(), [...en.values].sort());
});

test('data: every explained path exists in the schema, every explained value is a valid value', () => {
  for (const p of explanationKeys('en').fields) {
    const keys = p.split(/\.|(?=\[\])/).filter(Boolean);
    assert.ok(resolvePath('Service', keys).type, `explanation for unknown field ${p}`);
  }
  for (const v of explanationKeys('en').values) {
    const [p, value] = v.split('=');
    const keys = p.split(/\.|(?=\[\])/).filter(Boolean);
    const resolved = resolvePath('Service', keys);
    const allowed = [...(resolved.type?.enum ?? []), ...(resolved.field?.suggestions ?? [])];
    assert.ok(allowed.includes(value), `explanation for unknown value ${v}`);
  }
});

test('data: the schema is generated from kubernetes-models and knows the Service enums', () => {
  assert.match(schemaSource, /^kubernetes-models@\d/);
  const spec = objectType('IoK8sApiCoreV1ServiceSpec');
  assert.deepEqual(spec?.fields.type.type.enum, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  assert.equal(objectType('IoK8sApiCoreV1ServicePort')?.fields.port.required, true);
});

test('data: the core imports no LSP or VS Code module (it also backs the CLI)', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (full.endsWith('.ts')) files.push(full);
    }
  };
  walk(path.join(root, 'server', 'src', 'core'));
  assert.ok(files.length > 5);
  for (const file of files) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /from ['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/, file);
  }
});
