/** Every offline evaluator of an AWS managed rule, by identifier; `scan` finds them here. */
import { identityEvaluators } from './identity.ts';
import { networkEvaluators } from './network.ts';
import { liveOnly, serviceEvaluators } from './services.ts';
import { storageEvaluators } from './storage.ts';
import type { ManagedEvaluator } from './types.ts';

export const managedEvaluators: readonly ManagedEvaluator[] = [
  ...storageEvaluators,
  ...networkEvaluators,
  ...serviceEvaluators,
  ...identityEvaluators,
  ...liveOnly,
];

export const managedEvaluatorsByIdentifier: ReadonlyMap<string, ManagedEvaluator> = new Map(managedEvaluators.map((e) => [e.identifier, e]));
