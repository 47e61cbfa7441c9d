/**
 * Rule 2: duplicate mapping keys are not an error for kubectl: its YAML-to-JSON step keeps
 * the last occurrence silently (kubernetes/kubernetes#125885), so the earlier ones are lost.
 * We warn on every occurrence that is overridden.
 */
import { isMap, isPair, isSeq, type Node } from 'yaml';
import { formatPath, keyText } from '../../document';
import type { Rule } from '../context';

export const duplicateKeys: Rule = {
  codes: { 'duplicate-key': 'warning' },
  appliesTo: 'kubernetes',
  // The fast reader takes no document with a key written twice.
  quietOnPlain: () => true,
  stage: 'lint',
  check({ document, report }) {
    // An explicit stack: documents may nest deeper than the call stack allows.
    const stack: { node: Node | null | undefined; path: (string | number)[] }[] = [{ node: document.yaml.contents, path: [] }];
    const seen = new Set<Node>();
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      if (!node || seen.has(node)) continue;
      seen.add(node);
      if (isMap(node)) {
        const last = new Map<string, number>();
        node.items.forEach((pair, i) => {
          const key = keyText(pair);
          if (key !== undefined) last.set(key, i);
        });
        node.items.forEach((pair, i) => {
          const key = keyText(pair);
          const keyNode = pair.key as Node | null;
          if (key !== undefined && last.get(key) !== i && keyNode?.range) {
            report({ code: 'duplicate-key', start: keyNode.range[0], end: keyNode.range[1], messageKey: 'duplicate-key', args: { key }, path: formatPath([...path, key]) });
          }
          stack.push({ node: pair.value as Node | null, path: [...path, key ?? '?'] });
        });
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => stack.push({ node: isPair(item) ? (item.value as Node) : (item as Node), path: [...path, i] }));
      }
    }
  },
};
