/** The SCP and RCP parts of a plan: every document with its size and headroom, per target. */
import type { Analysis } from '../../deployment/analyze.ts';
import type { PolicyPlan } from '../../../scp/compile.ts';
import { accountsUnder } from '../../model/organization.ts';

export interface ScpTargetSummary {
  target: string;
  kind: string;
  accounts: number;
  slots: { used: number; limit: number; reserved: number };
  policies: { name: string; size: number; headroom: number; statements: number; awsManaged: boolean; sources: string[] }[];
}

/** Targets with a policy of their own (or without the managed full-access one), for SCPs or RCPs. */
export function summarizePolicies(analysis: Analysis, plan: PolicyPlan): ScpTargetSummary[] {
  const { loaded } = analysis;
  return [...plan.targets.values()]
    .filter((t) => t.policies.some((p) => !p.awsManaged) || !t.fullAwsAccess)
    .map((t) => ({
      target: t.target,
      kind: t.kind,
      accounts: accountsUnder(loaded.index, t.target).filter((a) => !a.isManagement).length,
      slots: { used: t.policies.length, limit: t.slotLimit + t.reservedSlots, reserved: t.reservedSlots },
      policies: t.policies.map((p) => ({
        name: p.name,
        size: p.size,
        headroom: plan.sizeLimit - p.size,
        statements: p.document.Statement.length,
        awsManaged: p.awsManaged ?? false,
        sources: [...new Set(p.origins.flat().map((o) => o.source))],
      })),
    }));
}

export const summarizeScps = (analysis: Analysis): ScpTargetSummary[] => summarizePolicies(analysis, analysis.scps);
