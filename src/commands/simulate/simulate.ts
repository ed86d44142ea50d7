import type { Analysis } from '../../deployment/analyze.ts';
import { createSimulator, type Decision } from '../../../scp/simulate.ts';
import { AWS_REGIONS } from '../../model/regions.ts';
import { didYouMean } from '../../core/suggest.ts';
import { UserError } from '../../core/errors.ts';
import { loadIamReference } from '../../iam/reference.ts';
import { lintStatement } from '../../iam/lint.ts';

export interface SimulateOptions {
  account: string;
  principal: string;
  action: string;
  resource?: string;
  region?: string;
  context?: Record<string, string | string[]>;
}

export interface SimulateResult extends Decision {
  request: { account: string; principal: string; action: string; resource: string; region: string };
}

/** A misspelt action would be "allowed" by any deny list that does not name it: check it against the IAM data first. */
export async function checkAction(action: string): Promise<void> {
  const iam = await loadIamReference([action.split(':')[0]]);
  const finding = lintStatement({ Effect: 'Deny', Action: action, Resource: '*' }, iam)[0];
  if (finding) throw new UserError(finding.message, finding.hint);
}

export function simulate(analysis: Analysis, options: SimulateOptions): SimulateResult {
  const { index, spec } = analysis.loaded;
  if (!index.accounts.has(options.account)) throw new UserError(`unknown account "${options.account}"`, didYouMean(options.account, index.accounts.keys()));
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(options.action))
    throw new UserError(`"${options.action}" is not an action`, 'write service:ActionName, e.g. s3:GetObject');
  const region = options.region ?? spec.organization.homeRegion;
  if (!AWS_REGIONS.has(region)) throw new UserError(`unknown AWS region "${region}"`, didYouMean(region, AWS_REGIONS));
  const resource = options.resource ?? '*';
  const decision = createSimulator(analysis.scps, index, spec.organization.id).simulate({ ...options, region, resource });
  return { request: { account: options.account, principal: options.principal, action: options.action, resource, region }, ...decision };
}

/** `--context k=v` (repeatable; a repeated key makes a multi-valued key). */
export function parseContext(pairs: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`--context "${pair}" is not key=value`, 'e.g. --context aws:MultiFactorAuthPresent=true');
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const existing = out[key];
    out[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return out;
}
