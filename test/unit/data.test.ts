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

test('data: every vscode.l10n.t string of the client has a Korean translation', () => {
  const bundle = JSON.parse(readFileSync(path.join(root, 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
  const strings = new Set<string>();
  for (const name of readdirSync(path.join(root, 'client', 'src'))) {
    for (const m of readFileSync(path.join(root, 'client', 'src', name), 'utf8').matchAll(/vscode\.l10n\.t\('((?:[^'\\]|\\.)*)'/g)) strings.add(m[1].replace(/\\'/g, "'"));
  }
  assert.ok(strings.size > 10);
  assert.deepEqual([...strings].filter((s) => !(s in bundle)), []);
  assert.deepEqual(Object.keys(bundle).filter((k) => !strings.has(k)), [], 'no stale translations');
});

test('data: every package.nls key exists in Korean, and every %key% in package.json is defined', () => {
  const en = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const ko = JSON.parse(readFileSync(path.join(root, 'package.nls.ko.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
  const used = [...readFileSync(path.join(root, 'package.json'), 'utf8').matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]);
  assert.deepEqual(used.filter((k) => !(k in en)), []);
});

test('data: settings that name an executable or a kubeconfig are machine-scoped', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const properties = manifest.contributes.configuration.properties;
  assert.equal(properties['k8sServiceYaml.kubectl.path'].scope, 'machine');
  assert.equal(properties['k8sServiceYaml.kubectl.kubeconfig'].scope, 'machine');
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  for (const id of ['k8sServiceYaml.create', 'k8sServiceYaml.dryRun', 'k8sServiceYaml.getServices']) {
    assert.equal(manifest.contributes.commands.find((c: { command: string }) => c.command === id)?.enablement, 'isWorkspaceTrusted', id);
  }
});
