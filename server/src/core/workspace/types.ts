/**
 * Plain data of the workspace index: the workloads (what runs pods, with their pod-template
 * labels and container ports) and the Services of every manifest file, each with where it is.
 * Positions are the core's (zero-based, UTF-16), see ../types.ts.
 */
import type { Range } from '../types';

/** A place in a file of the workspace. */
export interface Location {
  uri: string;
  range: Range;
}

/** One `key: value` of a label map (pod-template labels or a Service selector). */
export interface LabelEntry {
  key: string;
  /** The value as kubectl reads it (a YAML 1.1 `yes` or `1` as its source text). */
  value: string;
  keyRange: Range;
  valueRange: Range;
  /** From the key's start to the value's end. */
  range: Range;
}

/** One entry of a container's `ports`. */
export interface ContainerPort {
  /** Index in the container's `ports` list. */
  index: number;
  name?: string;
  containerPort?: number;
  /** `TCP` when absent. */
  protocol: string;
  /** The whole list item. */
  range: Range;
  nameRange?: Range;
  containerPortRange?: Range;
}

export interface ContainerInfo {
  /** Index in the template's `containers` list. */
  index: number;
  name: string;
  nameRange?: Range;
  ports: ContainerPort[];
}

/** The kinds whose pod template we know where to find (others are read at spec.template if they have one). */
export type WorkloadKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'Job' | 'CronJob' | string;

/** Something that makes pods: a Pod, or a controller with a pod template. */
export interface WorkloadInfo {
  /** Unique in the index: `uri#document[/item]`. */
  id: string;
  uri: string;
  /** Index of the YAML document in the file. */
  documentIndex: number;
  kind: WorkloadKind;
  name: string;
  /** `deployment/api`: how kubectl names it. */
  ref: string;
  /** `metadata.namespace`, or `default`. */
  namespace: string;
  namespaceExplicit: boolean;
  /** `spec.replicas` when written (Deployment, StatefulSet, ReplicaSet, ReplicationController). */
  replicas?: number;
  /** Range of the `metadata.name` value (of the `kind` value when there is no name). */
  nameRange: Range;
  /** The whole document (or List item). */
  range: Range;
  /** Field path of the pod-template labels: `spec.template.metadata.labels`. */
  labelsPath: string;
  /** The `labels` key of the pod template, when present. */
  labelsKeyRange?: Range;
  /** Pod-template labels, the last of duplicate keys (as kubectl keeps it). */
  labels: LabelEntry[];
  labelMap: Map<string, string>;
  containers: ContainerInfo[];
  /**
   * The containers list was readable (a list of mappings). When false (a half-written or
   * templated manifest) the ports of this workload are unknown and port checks hold back.
   */
  containersKnown: boolean;
  /** The document holds `{{ }}` template expressions (Helm): labels may not be what is written. */
  templated: boolean;
}

export interface ServicePort {
  /** Index in `spec.ports`. */
  index: number;
  name?: string;
  port?: number;
  /** As written: a number or a port name; undefined when absent (then `port` is used). */
  targetPort?: number | string;
  /** The port the Service sends to: `targetPort`, or `port` when targetPort is absent. */
  effectiveTarget?: number | string;
  /** `TCP` when absent. */
  protocol: string;
  protocolRange?: Range;
  range: Range;
  portRange?: Range;
  targetPortRange?: Range;
}

export interface ServiceInfo {
  id: string;
  uri: string;
  documentIndex: number;
  name: string;
  namespace: string;
  namespaceExplicit: boolean;
  nameRange: Range;
  range: Range;
  /** `spec.type` (ClusterIP when absent). */
  type: string;
  /** `spec.clusterIP: None`. */
  headless: boolean;
  /** The selector entries; empty when absent or `{}`. */
  selector: LabelEntry[];
  selectorMap: Map<string, string>;
  /** Range of the `selector` key, when present. */
  selectorKeyRange?: Range;
  /** The selector is written but is not a flat map of scalars (the validation reports that). */
  selectorInvalid: boolean;
  /**
   * No selector (or an empty one), or an ExternalName Service: endpoints are not derived
   * from pods, so there is nothing to check against workloads.
   */
  selectorless: boolean;
  ports: ServicePort[];
  /** The document has YAML syntax errors: what was read may be partial. */
  hasErrors: boolean;
  templated: boolean;
}

/** What one file contributes to the index. */
export interface FileIndex {
  uri: string;
  workloads: WorkloadInfo[];
  services: ServiceInfo[];
}
