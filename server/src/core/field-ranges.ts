/**
 * From an API server field path (`spec.ports[0].nodePort`) back to where it is in the file, so
 * kubectl's errors can be shown on the field the user wrote. The server's quirks are followed:
 * map keys in brackets (`metadata.annotations[example.com/x]`), and a differently cased name
 * (`spec.LoadBalancerSourceRanges`).
 */
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import { getPair, keyText, type ManifestDocument, type ParsedFile } from './document';
import type { Range } from './types';

/** Splits a field path into keys and indexes: `a.b[0].c[x/y]` -> ['a', 'b', 0, 'c', 'x/y']. */
export function parseFieldPath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (match[1] !== undefined) keys.push(match[1]);
    else keys.push(/^\d+$/.test(match[2]) ? Number(match[2]) : match[2]);
  }
  return keys;
}

function nameOf(document: ManifestDocument): string | undefined {
  const root = document.yaml.contents;
  if (!isMap(root)) return undefined;
  const metadata = getPair(root, 'metadata')?.value;
  if (!isMap(metadata)) return undefined;
  const name = getPair(metadata, 'name')?.value as { value?: unknown } | undefined;
  return name && typeof name.value === 'string' ? name.value : undefined;
}

interface Walk {
  /** The deepest pair reached (its key is where a missing child is reported). */
  pair?: Pair;
  node?: Node | null;
  complete: boolean;
}

function walk(document: ManifestDocument, keys: (string | number)[]): Walk {
  let node = document.yaml.contents as Node | null;
  let pair: Pair | undefined;
  for (const key of keys) {
    if (typeof key === 'number' && isSeq(node)) {
      const item = node.items[key] as Node | undefined;
      if (!item) return { pair, node, complete: false };
      node = item;
      continue;
    }
    if (isMap(node)) {
      const wanted = String(key);
      const found = getPair(node, wanted) ?? node.items.find((p) => keyText(p)?.toLowerCase() === wanted.toLowerCase());
      if (!found) return { pair, node, complete: false };
      pair = found;
      node = found.value as Node | null;
      continue;
    }
    return { pair, node, complete: false };
  }
  return { pair, node, complete: true };
}

/**
 * The range of a field of the document with this kind and name (any document of the kind when
 * the name is empty): the whole `key: value` when the field is there, else the key of the
 * deepest enclosing field.
 */
export function rangeOfField(file: ParsedFile, target: { kind?: string; name?: string }, path: string): Range | undefined {
  const keys = parseFieldPath(path);
  const candidates = file.documents.filter((d) => (!target.kind || d.kind === target.kind) && (!target.name || nameOf(d) === target.name));
  let best: { walk: Walk; document: ManifestDocument } | undefined;
  for (const document of candidates) {
    const result = walk(document, keys);
    if (result.complete) {
      best = { walk: result, document };
      break;
    }
    best ??= { walk: result, document };
  }
  if (!best) return undefined;
  const { pair, node } = best.walk;
  const keyNode = pair?.key as Node | undefined;
  if (best.walk.complete && keyNode?.range) {
    const end = (node?.range?.[1] ?? keyNode.range[1]);
    return file.lines.range(keyNode.range[0], Math.max(end, keyNode.range[1]));
  }
  if (best.walk.complete && node?.range) return file.lines.range(node.range[0], node.range[1]);
  if (keyNode?.range) return file.lines.range(keyNode.range[0], keyNode.range[1]);
  const start = best.document.start;
  return file.lines.range(start, start);
}
