/**
 * Registry pre-checks and ValidateService for the rest of the spec (rules 10-19, 29-33, 46-58),
 * the lint warnings and the cluster-dependent information, one Rule per stage:
 * - spec-registry.ts: beginCreate (rules 10-15, 18-19), stage `registry`;
 * - spec-validation.ts: ValidateService (rules 29-33, 47, 49, 51-56, 58), stage `validation`;
 * - spec-lint.ts: accepted but ignored or deprecated, stage `lint`;
 * - spec-cluster.ts: depends on the cluster (rules 16-17, 58 versions), stage `cluster`.
 * All read the document through spec-model.ts. Target: Kubernetes 1.34 (see spec-validation.ts
 * for trafficDistribution and ip.ts for the IP parsing).
 */
import type { Rule } from '../context';
import { specCluster } from './spec-cluster';
import { specLint } from './spec-lint';
import { specRegistry } from './spec-registry';
import { specValidation } from './spec-validation';

export const specRules: Rule[] = [specRegistry, specValidation, specLint, specCluster];
