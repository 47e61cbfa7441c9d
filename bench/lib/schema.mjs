/**
 * The Kubernetes JSON schema yaml-language-server is benchmarked with. Its Kubernetes mode
 * downloads yannh/kubernetes-json-schema's `vX.Y.Z-standalone-strict/all.json` and the
 * `_definitions.json` it refers to; this generates a pair in that layout from the
 * `kubernetes-models` package (the one our field data comes from), so the bench needs no network
 * and yaml-language-server validates against the whole API as its users' copy does:
 *
 * - `_definitions.json`: every API type of the package (all its groups, versions and kinds, List
 *   kinds, and every type inside them) under its OpenAPI name. Strict like "standalone-strict":
 *   objects with known properties reject others. Top-level kinds carry
 *   `x-kubernetes-group-version-kind` and an `enum` on `kind` and on `apiVersion`.
 * - `all.json`: a `oneOf` with a `$ref` to every definition, as openapi2jsonschema writes it
 *   (not only the kinds: yaml-language-server tries each branch on every document, which is
 *   what makes the real schema slow; it hides the "Matches multiple schemas" warnings the
 *   free-form branches cause in Kubernetes mode).
 *
 * Differences from a yannh release schema: the package also ships API versions Kubernetes no
 * longer serves (apps/v1beta1, extensions/v1beta1, ...); those whose kinds all have a GA version
 * are left out (see servedTypes). `apiVersion` gets an enum (yannh constrains only `kind`), or a
 * Deployment would match the Deployment branch of every version that remains. Enums wherever the
 * declarations have string-literal unions (the OpenAPI v2 document yannh converts has none);
 * `apiVersion` and `kind` required, as the declarations have them; numbers all `integer` (the
 * declarations do not tell int from double); IntOrString, Quantity and Time written in place
 * rather than as definitions of their own.
 *
 * The pair is generated into bench/.k8s-schema/ (git-ignored) and reused while the packages and
 * this generator are unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { apimachineryVersion, groupVersionKindOf, kubernetesModelsVersion, readAllApiTypes } from '../../scripts/lib/kubernetes-models-types.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const generatorFiles = [fileURLToPath(import.meta.url), path.join(here, '..', '..', 'scripts', 'lib', 'kubernetes-models-types.mjs')];

/** Where the generated pair is kept between runs (git-ignored), one directory per package version. */
export const kubernetesSchemaDir = path.join(here, '..', '.k8s-schema', `kubernetes-models-${kubernetesModelsVersion}`);

const generatedFrom = `kubernetes-models@${kubernetesModelsVersion} (@kubernetes-models/apimachinery@${apimachineryVersion})`;

function propertySchema(type, definitionName) {
  switch (type.kind) {
    case 'string': {
      const schema = { type: 'string' };
      if (type.enum) schema.enum = type.enum;
      if (type.format) schema.format = type.format;
      return schema;
    }
    case 'integer':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'intOrString':
      // What openapi2jsonschema puts in for IntOrString and Quantity.
      return { oneOf: [{ type: 'string' }, { type: type.format === 'quantity' ? 'number' : 'integer' }] };
    case 'object':
      return type.ref ? { $ref: `#/definitions/${definitionName(type.ref)}` } : objectSchema(type.fields, definitionName);
    case 'array':
      return { type: 'array', items: propertySchema(type.items, definitionName) };
    case 'map':
      return { type: 'object', additionalProperties: propertySchema(type.values, definitionName) };
    case 'any':
    default:
      return {};
  }
}

function objectSchema(fields, definitionName, description) {
  const head = description ? { description } : {};
  // A type without fields (RawExtension, FieldsV1, JSON) is free-form in the API.
  if (fields.length === 0) return { ...head, type: 'object' };
  const properties = {};
  for (const field of fields) {
    properties[field.name] = { ...propertySchema(field.type, definitionName), ...(field.description ? { description: field.description } : {}) };
  }
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return { ...head, properties, ...(required.length ? { required } : {}), type: 'object', additionalProperties: false };
}

/**
 * Builds the pair from the types read by readAllApiTypes(): `all` (all.json) and `definitions`
 * (_definitions.json), plus counts for the report.
 */
export function buildKubernetesSchema({ types }) {
  const definitionName = (key) => types.get(key).openApiName;
  const kept = servedTypes(types);
  const sorted = [...kept.values()].sort((a, b) => (a.openApiName < b.openApiName ? -1 : 1));
  const definitions = {};
  let kinds = 0;
  for (const type of sorted) {
    const schema = objectSchema(type.fields, definitionName, type.description);
    const gvk = groupVersionKindOf(type);
    if (gvk) kinds++;
    definitions[type.openApiName] = gvk ? { ...schema, 'x-kubernetes-group-version-kind': [gvk] } : schema;
  }
  return {
    all: { oneOf: sorted.map((type) => ({ $ref: `_definitions.json#/definitions/${type.openApiName}` })) },
    definitions: { definitions },
    counts: { definitions: sorted.length, kinds },
  };
}

const prerelease = /^v\d+(alpha|beta)\d+$/;

/**
 * The types of one Kubernetes release, as near as the package tells: an alpha or beta API
 * version is dropped (with the types declared in it) when most of the kinds it serves also have
 * a GA version (apps/v1beta1 and extensions/v1beta1, whose Deployments moved to apps/v1; their
 * leftovers like DeploymentRollback or PodSecurityPolicy are gone from Kubernetes too). The package keeps
 * such old versions; a release schema, which users get, does not. Keeping them would make
 * yaml-language-server slower than it is for its users, and our lead look larger than it is.
 */
function servedTypes(types) {
  const packageOf = (type) => type.openApiName.slice(0, type.openApiName.lastIndexOf('.'));
  const gaKinds = new Set();
  const kindsByPackage = new Map();
  for (const type of types.values()) {
    const gvk = groupVersionKindOf(type);
    if (!gvk) continue;
    if (!prerelease.test(gvk.version)) gaKinds.add(gvk.kind.replace(/List$/, ''));
    const list = kindsByPackage.get(packageOf(type)) ?? [];
    list.push(gvk);
    kindsByPackage.set(packageOf(type), list);
  }
  const dropped = new Set();
  for (const [pkg, kinds] of kindsByPackage) {
    const main = kinds.filter((gvk) => !gvk.kind.endsWith('List'));
    const superseded = main.filter((gvk) => gaKinds.has(gvk.kind));
    if (main.length > 0 && prerelease.test(main[0].version) && superseded.length * 2 > main.length) dropped.add(pkg);
  }
  const kept = new Map([...types].filter(([, type]) => !dropped.has(packageOf(type))));
  // A type a kept one refers to stays, wherever it is declared.
  const refsOf = (type, out = []) => {
    const walk = (t) => {
      if (!t) return;
      if (t.ref) out.push(t.ref);
      if (t.fields) for (const field of t.fields) walk(field.type);
      walk(t.items);
      walk(t.values);
    };
    for (const field of type.fields) walk(field.type);
    return out;
  };
  for (const queue = [...kept.values()]; queue.length > 0; ) {
    for (const ref of refsOf(queue.pop())) {
      if (!kept.has(ref) && types.has(ref)) {
        kept.set(ref, types.get(ref));
        queue.push(types.get(ref));
      }
    }
  }
  return kept;
}

/** Changes to the generator or the packages make a cached pair stale. */
function cacheStamp() {
  const hash = createHash('sha256');
  for (const file of generatorFiles) hash.update(readFileSync(file));
  return { generatedFrom, generator: hash.digest('hex') };
}

/** Writes through a temporary name, so a concurrent run never reads a half-written file. */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Makes sure `dir` holds all.json + _definitions.json for the installed kubernetes-models,
 * generating them only when missing or stale. Returns the counts; `generatedMs` only when it generated.
 */
export function ensureKubernetesSchema(dir = kubernetesSchemaDir) {
  const stampFile = path.join(dir, 'generated-from.json');
  const stamp = cacheStamp();
  if (existsSync(stampFile) && ['all.json', '_definitions.json'].every((file) => existsSync(path.join(dir, file)))) {
    const cached = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (cached.generatedFrom === stamp.generatedFrom && cached.generator === stamp.generator) return { dir, ...cached, generatedMs: undefined };
  }
  const started = performance.now();
  const { all, definitions, counts } = buildKubernetesSchema(readAllApiTypes());
  mkdirSync(dir, { recursive: true });
  writeAtomically(path.join(dir, '_definitions.json'), `${JSON.stringify(definitions, null, 2)}\n`);
  writeAtomically(path.join(dir, 'all.json'), `${JSON.stringify(all, null, 2)}\n`);
  // Written last: it is what marks the pair complete.
  writeAtomically(stampFile, `${JSON.stringify({ ...stamp, ...counts }, null, 2)}\n`);
  return { dir, ...stamp, ...counts, generatedMs: Math.round(performance.now() - started) };
}
