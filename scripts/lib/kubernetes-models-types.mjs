/**
 * Reads the Kubernetes API types from the `kubernetes-models` package's TypeScript declarations
 * (generated from the Kubernetes OpenAPI document; unlike `kubernetes-types` they keep enum
 * values as string-literal unions and the "Possible enum values" notes).
 *
 * Two generators share it so both read the API the same way: scripts/generate-field-data.mjs
 * (our committed field data, the Service tree) and bench/lib/schema.mjs (the all-kinds JSON
 * schema yaml-language-server is benchmarked with).
 *
 * A type is `{ key, name, openApiName, description, fields: [{ name, type, description, required }] }`;
 * `key` is the package's PascalCase name (IoK8sApiCoreV1Service), `name` the Kubernetes type name
 * (Service), `openApiName` the OpenAPI definition name (io.k8s.api.core.v1.Service). A field's
 * `type` is one of:
 *   { kind: 'string', enum?, format? } · { kind: 'integer' } · { kind: 'boolean' }
 *   { kind: 'intOrString', format? ('quantity') } · { kind: 'object', ref: <key> }
 *   { kind: 'object', fields } (an object type spelled out in place)
 *   { kind: 'array', items } · { kind: 'map', values } · { kind: 'any' }
 * Type aliases (IntOrString, Quantity, Time, MicroTime) are resolved into the field's type.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);

export const kubernetesModelsDir = path.dirname(require.resolve('kubernetes-models/package.json'));
// Resolved from kubernetes-models itself: that is the copy its declarations import.
const apimachineryDir = path.dirname(createRequire(path.join(kubernetesModelsDir, 'package.json')).resolve('@kubernetes-models/apimachinery/package.json'));

const versionOf = (dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
export const kubernetesModelsVersion = versionOf(kubernetesModelsDir);
export const apimachineryVersion = versionOf(apimachineryDir);

/** The declaration file for a path such as 'kubernetes-models/v1/Service.d.ts'. */
// The package's export map hides its .d.ts files from require.resolve, so they are found by path.
export const declarationFile = (file) => path.join(kubernetesModelsDir, '..', file);

/**
 * The types declared by `files` (paths such as 'kubernetes-models/v1/Service.d.ts') and every
 * type they refer to, directly or not. `roots` lists the keys of the files' own types.
 */
export function readApiTypesOf(files) {
  const paths = files.map(declarationFile);
  return readApiTypes(paths, (source) => paths.includes(path.normalize(source.fileName)));
}

/**
 * Every API type of `kubernetes-models` (all groups and versions it ships, List kinds included)
 * and the `@kubernetes-models/apimachinery` types they use. `roots` lists them all.
 */
export function readAllApiTypes() {
  const modelsDirs = [kubernetesModelsDir, apimachineryDir].map((dir) => `${dir}${path.sep}`);
  return readApiTypes([path.join(kubernetesModelsDir, 'index.d.ts')], (source) => modelsDirs.some((dir) => path.normalize(source.fileName).startsWith(dir)));
}

function readApiTypes(entryFiles, isRootFile) {
  const program = ts.createProgram(entryFiles, { noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  /** @type {Map<string, object>} */
  const types = new Map();

  function keyOf(decl) {
    const key = exportedKeyOf(decl);
    if (!key) throw new Error(`${decl.getSourceFile().fileName}: ${decl.name.text} is not exported under an IIo… name`);
    return key;
  }

  function typeOf(node) {
    if (!node) return { kind: 'any' };
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword: return { kind: 'string' };
      // The declarations do not tell int32/int64 from double; nearly every API number is an integer.
      case ts.SyntaxKind.NumberKeyword: return { kind: 'integer' };
      case ts.SyntaxKind.BooleanKeyword: return { kind: 'boolean' };
      case ts.SyntaxKind.LiteralType:
        if (ts.isStringLiteral(node.literal)) return { kind: 'string', enum: [node.literal.text] };
        break;
      case ts.SyntaxKind.UnionType: {
        const parts = node.types.map(typeOf);
        if (parts.every((p) => p.kind === 'string' && p.enum)) return { kind: 'string', enum: parts.flatMap((p) => p.enum) };
        const kinds = new Set(parts.map((p) => p.kind));
        if (kinds.has('string') && kinds.has('integer') && kinds.size === 2) return { kind: 'intOrString' };
        return { kind: 'any' };
      }
      case ts.SyntaxKind.TypeLiteral: {
        const index = node.members.find(ts.isIndexSignatureDeclaration);
        if (index) return { kind: 'map', values: typeOf(index.type) };
        // An object spelled out in place (StatefulSetSpec.volumeClaimTemplates) has no name to refer to.
        if (node.members.some(ts.isPropertySignature)) return { kind: 'object', fields: fieldsOf(node.members) };
        return { kind: 'any' };
      }
      case ts.SyntaxKind.ArrayType: return { kind: 'array', items: typeOf(node.elementType) };
      case ts.SyntaxKind.TypeReference: {
        if (node.typeName.getText() === 'Array') return { kind: 'array', items: typeOf(node.typeArguments[0]) };
        let symbol = checker.getSymbolAtLocation(node.typeName);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const decl = symbol?.declarations?.[0];
        if (decl && ts.isInterfaceDeclaration(decl)) return { kind: 'object', ref: readInterface(decl) };
        if (decl && ts.isTypeAliasDeclaration(decl)) {
          const key = keyOf(decl);
          const inner = typeOf(decl.type);
          if (/IntOrString$/.test(key)) return { kind: 'intOrString' };
          if (/MetaV1(Micro)?Time$/.test(key)) return { ...inner, format: 'date-time' };
          if (/ResourceQuantity$/.test(key)) return { kind: 'intOrString', format: 'quantity' };
          return inner;
        }
        return { kind: 'any' };
      }
      default:
        break;
    }
    return { kind: 'any' };
  }

  /** Records an interface (once) with its fields in declaration order; returns its key. */
  function readInterface(decl) {
    const key = keyOf(decl);
    if (types.has(key)) return key;
    const name = decl.name.text.replace(/^I/, '');
    const type = { key, name, openApiName: openApiNameOf(key, name), description: docOf(decl), fields: [] };
    // Registered before its fields are read, so a type that refers to itself ends the walk.
    types.set(key, type);
    type.fields = fieldsOf(decl.members);
    return key;
  }

  function fieldsOf(members) {
    return members.filter(ts.isPropertySignature).map((member) => ({
      name: member.name.text ?? member.name.getText().replace(/"/g, ''),
      type: typeOf(member.type),
      description: docOf(member),
      required: !member.questionToken,
    }));
  }

  const roots = [];
  for (const source of program.getSourceFiles()) {
    if (!isRootFile(source)) continue;
    for (const statement of source.statements) {
      // Type aliases are folded into the fields that use them, so only interfaces are roots.
      if (ts.isInterfaceDeclaration(statement) && exportedKeyOf(statement)) roots.push(readInterface(statement));
    }
  }
  return { types, roots };
}

/**
 * The key a declaration is exported under: each declaration file re-exports its own type as
 * `IIo…` (`export { IService as IIoK8sApiCoreV1Service, … }`); undefined for any other declaration.
 */
function exportedKeyOf(decl) {
  const local = decl.name.text;
  for (const statement of decl.getSourceFile().statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    const element = statement.exportClause.elements.find((e) => (e.propertyName ?? e.name).text === local && e.name.text.startsWith('IIo'));
    if (element) return element.name.text.slice(1);
  }
  return undefined;
}

function cleanDoc(text) {
  return text.replace(/\\\*/g, '*').replace(/\r/g, '').trim();
}

function docOf(node) {
  const tags = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  return cleanDoc(tags.map((d) => (typeof d.comment === 'string' ? d.comment : ts.getTextOfJSDocComment(d.comment) ?? '')).join('\n'));
}

/** Package paths whose PascalCase spelling does not split into one lower-case word per segment. */
const hyphenatedPackages = [
  ['IoK8sApiextensionsApiserverPkgApis', 'io.k8s.apiextensions-apiserver.pkg.apis'],
  ['IoK8sKubeAggregatorPkgApis', 'io.k8s.kube-aggregator.pkg.apis'],
];

/** IoK8sApiCoreV1ServicePort + ServicePort → io.k8s.api.core.v1.ServicePort (the OpenAPI definition name). */
export function openApiNameOf(key, name) {
  if (!key.endsWith(name)) throw new Error(`type ${key} does not end with its name ${name}`);
  let rest = key.slice(0, key.length - name.length);
  const segments = [];
  const hyphenated = hyphenatedPackages.find(([pascal]) => rest.startsWith(pascal));
  if (hyphenated) {
    segments.push(hyphenated[1]);
    rest = rest.slice(hyphenated[0].length);
  }
  segments.push(...rest.split(/(?=[A-Z])/).filter(Boolean).map((s) => s.toLowerCase()), name);
  return segments.join('.');
}

/**
 * The group, version and kind of a top-level kind (its `apiVersion` and `kind` fields are single
 * string literals, e.g. "apps/v1" and "Deployment"); undefined for the types inside a kind.
 */
export function groupVersionKindOf(type) {
  const literal = (name) => {
    const values = type.fields.find((f) => f.name === name)?.type.enum;
    return values?.length === 1 ? values[0] : undefined;
  };
  const apiVersion = literal('apiVersion');
  const kind = literal('kind');
  if (apiVersion === undefined || kind === undefined) return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion, kind } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}
