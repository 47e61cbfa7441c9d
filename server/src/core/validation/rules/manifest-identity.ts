/**
 * Rules 3 and 4: kubectl needs `apiVersion` and `kind`, and maps the pair to a resource.
 * A Service exists only as `apiVersion: v1` + `kind: Service`; anything else (`core/v1`,
 * `apps/v1`, `kind: service`, `Services`) is rejected before the object reaches validation.
 */
import { isMap, type Node } from 'yaml';
import { getPair } from '../../document';
import { closest } from '../../schema';
import type { Rule } from '../context';

/** Other kinds whose names are close to "Service" but are real kinds, never to be "corrected". */
const realKinds = ['Service', 'ServiceAccount', 'ServiceCIDR', 'Secret', 'Event', 'Ingress'];

export const manifestIdentity: Rule = {
  codes: { 'api-version': 'error', 'unknown-kind': 'error' },
  appliesTo: 'kubernetes',
  stage: 'kubectl',
  check({ document, report }) {
    const root = document.yaml.contents;
    if (!isMap(root)) return;
    const kindPair = getPair(root, 'kind');
    const kindNode = kindPair?.value as Node | null | undefined;
    const kind = document.kind;
    if (kind !== undefined && kind !== 'Service' && !realKinds.includes(kind) && closest(kind, ['Service']) && kindNode?.range) {
      report({ code: 'unknown-kind', start: kindNode.range[0], end: kindNode.range[1], messageKey: 'unknown-kind', args: { value: kind, suggestion: 'Service' }, path: 'kind', data: { suggestion: 'Service' } });
    }
    if (kind !== 'Service') return;
    const apiPair = getPair(root, 'apiVersion');
    const apiNode = apiPair?.value as Node | null | undefined;
    if (!apiPair) {
      const keyNode = kindPair?.key as Node | null;
      const [start, end] = keyNode?.range ?? [document.start, document.start];
      report({ code: 'api-version', start, end, messageKey: 'api-version.missing', path: 'apiVersion', data: { suggestion: 'v1', missing: true } });
    } else if (document.apiVersion !== 'v1' && apiNode?.range) {
      const value = document.apiVersion ?? String((apiNode as { source?: string }).source ?? '');
      report({ code: 'api-version', start: apiNode.range[0], end: apiNode.range[1], messageKey: 'api-version', args: { value }, path: 'apiVersion', data: { suggestion: 'v1' } });
    }
  },
};
