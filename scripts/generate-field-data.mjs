// Generates server/src/core/data/k8s-types.generated.json from the `kubernetes-models` package's
// type declarations (read by scripts/lib/kubernetes-models-types.mjs): the whole field tree of
// each kind below, with what completion and validation need on top of the types (enum value
// notes, defaults named in prose, reference pages).
//
// Run: npm run generate:data   (the output is committed; tests never regenerate it)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupVersionKindOf, kubernetesModelsVersion, readApiTypesOf } from './lib/kubernetes-models-types.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outFile = path.join(here, '..', 'server', 'src', 'core', 'data', 'k8s-types.generated.json');

/** Declaration files of the kinds whose whole field tree is emitted. */
const kindFiles = ['kubernetes-models/v1/Service.d.ts'];

/** kubernetes.io API reference pages for the types a Service user meets. */
const referencePages = {
  IoK8sApiCoreV1Service: 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#Service',
  IoK8sApiCoreV1ServiceSpec: 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
  IoK8sApiCoreV1ServicePort: 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
  IoK8sApiCoreV1SessionAffinityConfig: 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
  IoK8sApiCoreV1ClientIPConfig: 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
  IoK8sApiCoreV1ServiceStatus: 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceStatus',
  IoK8sApimachineryPkgApisMetaV1ObjectMeta: 'https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/#ObjectMeta',
};
const defaultReference = 'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/';

/** Splits "Possible enum values:" notes into a per-value map and the remaining text. */
function splitEnumNotes(description) {
  const at = description.indexOf('Possible enum values:');
  if (at < 0) return { description, valueDocs: undefined };
  const valueDocs = {};
  for (const m of description.slice(at).matchAll(/^\s*- `"([^"]*)"`\s*(.*(?:\n(?!\s*- `").*)*)/gm)) {
    valueDocs[m[1]] = m[2].replace(/\s+/g, ' ').trim();
  }
  return { description: description.slice(0, at).trim(), valueDocs };
}

/** The default named in prose ("Defaults to ClusterIP.", "Default is TCP", "Default is \"true\""). */
function defaultFromProse(description) {
  const m = /\bDefault(?:s)? (?:is|to) "?([A-Za-z0-9.]+?)"?(?:[.,;\s]|$)/.exec(description);
  return m ? m[1] : undefined;
}

/** Our enums list the values a user picks from; the "" some unions carry means "unset". */
function withoutEmptyEnumValue(type) {
  if (type.enum) return { ...type, enum: type.enum.filter((v) => v !== '') };
  if (type.items) return { ...type, items: withoutEmptyEnumValue(type.items) };
  if (type.values) return { ...type, values: withoutEmptyEnumValue(type.values) };
  return type;
}

function fieldEntry(field) {
  const { description, valueDocs } = splitEnumNotes(field.description);
  const entry = { type: withoutEmptyEnumValue(field.type), description };
  if (field.required) entry.required = true;
  if (valueDocs) entry.valueDocs = valueDocs;
  const def = defaultFromProse(description);
  if (def) entry.default = def;
  return entry;
}

const { types, roots } = readApiTypesOf(kindFiles);
const kinds = Object.fromEntries(roots.map((key) => [groupVersionKindOf(types.get(key)).kind, key]));
const entries = {};
for (const key of [...types.keys()].sort()) {
  const type = types.get(key);
  entries[key] = {
    name: type.name,
    description: type.description,
    reference: referencePages[key] ?? defaultReference,
    fields: Object.fromEntries(type.fields.map((field) => [field.name, fieldEntry(field)])),
  };
}
writeFileSync(outFile, JSON.stringify({ generatedFrom: `kubernetes-models@${kubernetesModelsVersion}`, kinds, types: entries }, null, 1) + '\n');
console.log(`wrote ${path.relative(process.cwd(), outFile)}: ${types.size} types from kubernetes-models@${kubernetesModelsVersion}`);
