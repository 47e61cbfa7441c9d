/**
 * How each server under test is started and configured. Both get the same client capabilities;
 * only the settings they pull and the notifications they expect differ.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.join(here, '..', '..');
export const defaultOurServer = path.join(repoRoot, 'dist', 'server.js');
export const defaultYamlLs = path.join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

/**
 * The URLs yaml-language-server's `kubernetes` schema keyword leads to (any Kubernetes version):
 * all.json, and the _definitions.json it refers to when it is the real yannh/kubernetes-json-schema one.
 */
const kubernetesSchemaUrl = /^https:\/\/raw\.githubusercontent\.com\/yannh\/kubernetes-json-schema\/master\/v[\d.]+-standalone-strict\/(all|_definitions)\.json$/;

export function clientCapabilities() {
  return {
    workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: false },
      publishDiagnostics: { versionSupport: true, relatedInformation: true },
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    },
    window: { workDoneProgress: false },
  };
}

export function initializeParams(rootUri) {
  return { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], locale: 'en', capabilities: clientCapabilities() };
}

export function ourServer(serverPath = defaultOurServer) {
  return {
    id: 'ours',
    label: 'k8s-service-yaml',
    args: [serverPath, '--stdio'],
    configuration: (section) => (section === 'k8sServiceYaml' ? { locale: 'en', validate: true } : null),
    content: () => undefined,
    afterInitialize: () => undefined,
    waitForConfiguration: false,
  };
}

/** The package version of a yaml-language-server entry script (bin/… or out/server/src/server.js). */
export function yamlLsVersion(entry) {
  let dir = path.dirname(entry);
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'yaml-language-server') return pkg.version;
    } catch {
      // keep climbing
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

/**
 * Answers the Kubernetes schema URLs from local files: `schema` is either our generated,
 * self-contained schema file (answers all.json), or a directory holding an all.json +
 * _definitions.json pair in the yannh "standalone-strict" layout (--k8s-schema-dir).
 */
function localKubernetesSchema(schema) {
  return (uri) => {
    const m = kubernetesSchemaUrl.exec(uri);
    if (!m) return undefined;
    if (schema.dir) return readFileSync(path.join(schema.dir, `${m[1]}.json`), 'utf8');
    return m[1] === 'all' ? readFileSync(schema.file, 'utf8') : undefined;
  };
}

/**
 * yaml-language-server in Kubernetes mode (`yaml.schemas: { kubernetes: '*.yaml' }`), with the
 * schema that mode would download answered locally: the client registers for `vscode/content`
 * requests (as vscode-yaml does), so the server asks us for the Kubernetes schema URL and we
 * answer with the generated schema file. Schema Store and the CRD store are off, and an
 * unreachable HTTP proxy makes any other download attempt fail at once instead of going out.
 */
export function yamlLanguageServer(entry, schema) {
  const yamlSettings = {
    schemas: { kubernetes: '*.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    keyOrdering: false,
  };
  return {
    id: 'yamlLs',
    label: `yaml-language-server ${yamlLsVersion(entry) ?? ''}`.trim(),
    version: yamlLsVersion(entry),
    args: [entry, '--stdio'],
    configuration: (section) => {
      switch (section) {
        case 'yaml':
          return yamlSettings;
        case 'http':
          return { proxy: 'http://127.0.0.1:9', proxyStrictSSL: false };
        case '[yaml]':
        case 'editor':
          return {};
        default:
          return null;
      }
    },
    content: localKubernetesSchema(schema),
    afterInitialize: (client) => client.notify('yaml/registerContentRequest'),
    waitForConfiguration: true,
  };
}
