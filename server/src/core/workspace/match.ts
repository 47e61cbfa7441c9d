/**
 * How a Service selector selects pods: every selector label must be on the pod, where the
 * pod's labels are its template's plus those its controller adds (`pod-template-hash`,
 * `statefulset.kubernetes.io/pod-name`, `job-name`...), so a per-pod Service is not flagged.
 */
import type { WorkloadInfo } from './types';

/**
 * Labels the controllers put on the pods they create, in addition to the template's.
 * A value list is what the label can be; `undefined` means any value (a hash or an id).
 */
function generatedLabel(workload: WorkloadInfo, key: string): readonly string[] | undefined | null {
  switch (workload.kind) {
    case 'Deployment':
      return key === 'pod-template-hash' ? undefined : null;
    case 'ReplicaSet':
    case 'ReplicationController':
      return null;
    case 'DaemonSet':
      return key === 'controller-revision-hash' || key === 'pod-template-generation' ? undefined : null;
    case 'StatefulSet': {
      if (key === 'controller-revision-hash') return undefined;
      const replicas = workload.replicas ?? 1;
      if (key === 'statefulset.kubernetes.io/pod-name' || key === 'apps.kubernetes.io/pod-index') {
        if (replicas > 1000) return undefined;
        return Array.from({ length: replicas }, (_, i) => (key === 'apps.kubernetes.io/pod-index' ? String(i) : `${workload.name}-${i}`));
      }
      return null;
    }
    case 'Job':
      if (key === 'job-name' || key === 'batch.kubernetes.io/job-name') return [workload.name];
      return key === 'controller-uid' || key === 'batch.kubernetes.io/controller-uid' || key === 'batch.kubernetes.io/job-completion-index' ? undefined : null;
    case 'CronJob':
      // The Jobs are named after the CronJob plus a timestamp: any value.
      return key === 'job-name' || key === 'batch.kubernetes.io/job-name' || key === 'controller-uid' || key === 'batch.kubernetes.io/controller-uid' || key === 'batch.kubernetes.io/job-completion-index' ? undefined : null;
    default:
      return null;
  }
}

export const generatedKeys = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'job-name',
  'batch.kubernetes.io/job-name',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

/** Whether the pods of a workload carry a label (from its template, or put there by its controller). */
export function podHasLabel(workload: WorkloadInfo, key: string, value: string): boolean {
  const own = workload.labelMap.get(key);
  if (own !== undefined) return own === value;
  if (!generatedKeys.has(key)) return false;
  const generated = generatedLabel(workload, key);
  if (generated === null) return false;
  return generated === undefined || generated.includes(value);
}

/** Whether a selector (non-empty) selects the pods of a workload; namespaces are not compared here. */
export function selectorMatches(selector: Map<string, string>, workload: WorkloadInfo): boolean {
  if (selector.size === 0) return false;
  for (const [key, value] of selector) if (!podHasLabel(workload, key, value)) return false;
  return true;
}

