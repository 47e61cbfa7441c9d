// Generates server/src/core/data/k8s-types.generated.json from the `kubernetes-models`
// package's type declarations. Those declarations are generated from the Kubernetes
// OpenAPI document and keep, unlike `kubernetes-types`, the enum values as string-literal
// unions and the "Possible enum values" notes, which is what completion and validation need.
//
// Run: npm run generate:data   (the output is committed; tests never regenerate it)
import { createRequire } from 'node:module';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const outFile = path.join(here, '..', 'server', 'src', 'core', 'data', 'k8s-types.generated.json');

/** Kinds whose whole field tree is emitted: [kind, declaration file, interface name]. */
const roots = [['Service', 'kubernetes-models/v1/Service.d.ts', 'IService']];

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

const pkgDir = path.dirname(require.resolve('kubernetes-models/package.json'));
const pkgVersion = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
// The package's export map hides its .d.ts files from require.resolve, so they are found by path.
const declarationFile = (file) => path.join(pkgDir, '..', file);
const rootFiles = roots.map(([, file]) => declarationFile(file));
const program = ts.createProgram(rootFiles, { noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();
const types = {};

function cleanDoc(text) {
  return text.replace(/\\\*/g, '*').replace(/\r/g, '').trim();
}

function docOf(node) {
  const tags = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  return cleanDoc(tags.map((d) => (typeof d.comment === 'string' ? d.comment : ts.getTextOfJSDocComment(d.comment) ?? '')).join('\n'));
}

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

function aliasKey(name) {
  return name.replace(/^I(?=Io)/, '');
}

function typeOf(node) {
  if (!node) return { kind: 'any' };
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: return { kind: 'string' };
    case ts.SyntaxKind.NumberKeyword: return { kind: 'integer' };
    case ts.SyntaxKind.BooleanKeyword: return { kind: 'boolean' };
    case ts.SyntaxKind.LiteralType:
      if (ts.isStringLiteral(node.literal)) return { kind: 'string', enum: [node.literal.text] };
      break;
    case ts.SyntaxKind.UnionType: {
      const parts = node.types.map(typeOf);
      if (parts.every((p) => p.kind === 'string' && p.enum)) {
        return { kind: 'string', enum: parts.flatMap((p) => p.enum).filter((v) => v !== '') };
      }
      const kinds = new Set(parts.map((p) => p.kind));
      if (kinds.has('string') && kinds.has('integer') && kinds.size === 2) return { kind: 'intOrString' };
      return { kind: 'any' };
    }
    case ts.SyntaxKind.TypeLiteral: {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return { kind: 'map', values: typeOf(index.type) };
      return { kind: 'any' };
    }
    case ts.SyntaxKind.ArrayType: return { kind: 'array', items: typeOf(node.elementType) };
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText();
      if (name === 'Array') return { kind: 'array', items: typeOf(node.typeArguments[0]) };
      let symbol = checker.getSymbolAtLocation(node.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const decl = symbol?.declarations?.[0];
      if (decl && ts.isInterfaceDeclaration(decl)) {
        const key = aliasKey(name);
        emitInterface(key, decl);
        return { kind: 'object', ref: key };
      }
      if (decl && ts.isTypeAliasDeclaration(decl)) {
        const inner = typeOf(decl.type);
        if (/IntOrString$/.test(name)) return { kind: 'intOrString' };
        if (/MetaV1(Micro)?Time$/.test(name)) return { ...inner, format: 'date-time' };
        if (/ResourceQuantity$/.test(name)) return { kind: 'intOrString', format: 'quantity' };
        return inner;
      }
      return { kind: 'any' };
    }
    default:
      break;
  }
  return { kind: 'any' };
}

function emitInterface(key, decl) {
  if (types[key]) return;
  const entry = { name: key.replace(/^Io.*?V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, ''), description: docOf(decl), reference: referencePages[key] ?? defaultReference, fields: {} };
  types[key] = entry;
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member)) continue;
    const fieldName = member.name.text ?? member.name.getText().replace(/"/g, '');
    const { description, valueDocs } = splitEnumNotes(docOf(member));
    const field = { type: typeOf(member.type), description };
    if (!member.questionToken) field.required = true;
    if (valueDocs) field.valueDocs = valueDocs;
    const def = defaultFromProse(description);
    if (def) field.default = def;
    entry.fields[fieldName] = field;
  }
}

const kinds = {};
for (const [kind, file, iface] of roots) {
  const source = program.getSourceFile(declarationFile(file));
  const decl = source.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === iface);
  const exported = source.statements.find(ts.isExportDeclaration);
  const alias = exported.exportClause.elements.find((e) => e.propertyName?.text === iface).name.text;
  const key = aliasKey(alias);
  emitInterface(key, decl);
  kinds[kind] = key;
}

const sorted = Object.fromEntries(Object.keys(types).sort().map((k) => [k, types[k]]));
writeFileSync(outFile, JSON.stringify({ generatedFrom: `kubernetes-models@${pkgVersion}`, kinds, types: sorted }, null, 1) + '\n');
console.log(`wrote ${path.relative(process.cwd(), outFile)}: ${Object.keys(types).length} types from kubernetes-models@${pkgVersion}`);
