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

/** A kind that is not Service nor another real kind, but close to "Service" (`Servce`, `service`). */
function looksLikeService(kind: string): boolean {
  return kind !== 'Service' && !realKinds.includes(kind) && closest(kind, ['Service']) !== undefined;
}

export const manifestIdentity: Rule = {
  codes: { 'api-version': 'error', 'unknown-kind': 'error', 'kind-missing': 'error' },
  appliesTo: 'kubernetes',
  stage: 'kubectl',
  // A plain document has a string apiVersion and kind and is not a Service: only a kind that
  // looks like a misspelt Service is worth a word.
  quietOnPlain: (document) => document.kind === undefined || !looksLikeService(document.kind),
  check({ document, report }) {
    const root = document.yaml.contents;
    if (!isMap(root)) return;
    const kindPair = getPair(root, 'kind');
    const kindNode = kindPair?.value as Node | null | undefined;
    const kind = document.kind;
    if (kind !== undefined && looksLikeService(kind) && kindNode?.range) {
      report({ code: 'unknown-kind', start: kindNode.range[0], end: kindNode.range[1], messageKey: 'unknown-kind', args: { value: kind, suggestion: 'Service' }, path: 'kind', data: { rule: 4, type: 'NoKindMatch', suggestion: 'Service' } });
    }
    // Rule 3: kubectl refuses a document without apiVersion or kind, and stops the file there.
    const apiPair = getPair(root, 'apiVersion');
    const firstKey = root.items[0]?.key as Node | null | undefined;
    const [docStart, docEnd] = firstKey?.range ? [firstKey.range[0], firstKey.range[1]] : [document.start, document.start];
    if (!kindPair) {
      const anchor = (apiPair?.key as Node | null | undefined)?.range;
      report({ code: 'kind-missing', start: anchor?.[0] ?? docStart, end: anchor?.[1] ?? docEnd, messageKey: 'kind-missing', path: 'kind', data: { rule: 3, type: 'ClientValidation', stopsFile: true } });
    }
    if (!apiPair) {
      const keyNode = kindPair?.key as Node | null;
      const [start, end] = keyNode?.range ?? [docStart, docEnd];
      report({ code: 'api-version', start, end, messageKey: 'api-version.missing', path: 'apiVersion', data: { rule: 3, type: 'ClientValidation', stopsFile: true, missing: true, ...(kind === 'Service' ? { suggestion: 'v1' } : {}) } });
      return;
    }
    if (kind !== 'Service') return;
    // Rule 4: a Service is only served as v1.
    const apiNode = apiPair.value as Node | null | undefined;
    if (document.apiVersion !== 'v1' && apiNode?.range) {
      const value = document.apiVersion ?? String((apiNode as { source?: string }).source ?? '');
      report({ code: 'api-version', start: apiNode.range[0], end: apiNode.range[1], messageKey: 'api-version', args: { value }, path: 'apiVersion', data: { rule: 4, type: 'NoKindMatch', suggestion: 'v1' } });
    }
  },
};
