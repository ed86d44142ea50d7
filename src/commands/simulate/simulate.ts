import type { Analysis } from '../../deployment/analyze.ts';
import { type Decision } from '../../../scp/simulate.ts';
import { simulatorOf } from '../../deployment/simulator.ts';
import { AWS_REGIONS } from '../../model/regions.ts';
import { didYouMean } from '../../core/suggest.ts';
import { UserError } from '../../core/errors.ts';
import { loadIamReference } from '../../iam/reference.ts';
import { lintStatement } from '../../iam/lint.ts';

export interface SimulateOptions {
  /** The principal's account (name or id); optional when the principal is a full ARN. */
  account?: string;
  principal: string;
  action: string;
  resource?: string;
  region?: string;
  context?: Record<string, string | string[]>;
  /** The resource owner for RCPs (name or id); default: the account in the resource ARN, else the principal's. */
  resourceAccount?: string;
}

export interface SimulateResult extends Decision {
  request: { account?: string; principal: string; action: string; resource: string; region: string; resourceAccount?: string };
}

/** A misspelt action would be "allowed" by any deny list that does not name it: check it against the IAM data first. */
export async function checkAction(action: string): Promise<void> {
  const iam = await loadIamReference([action.split(':')[0]]);
  const finding = lintStatement({ Effect: 'Deny', Action: action, Resource: '*' }, iam)[0];
  if (finding) throw new UserError(finding.message, finding.hint);
}

/** A name of the spec or a 12-digit id (the management account's, or an account outside the organization). */
function checkAccount(analysis: Analysis, flag: string, account: string | undefined): void {
  const { index } = analysis.loaded;
  if (account === undefined || index.accounts.has(account) || /^\d{12}$/.test(account)) return;
  throw new UserError(
    `unknown account "${account}"`,
    didYouMean(account, index.accounts.keys()) ?? `${flag} takes an account name of the spec or a 12-digit id`,
  );
}

export function simulate(analysis: Analysis, options: SimulateOptions): SimulateResult {
  const { spec } = analysis.loaded;
  if (options.account === undefined && !/^arn:|\.amazonaws\.com(\.cn)?$/.test(options.principal))
    throw new UserError(`--account is needed for principal "${options.principal}"`, 'give --account NAME, or the principal as a full ARN');
  checkAccount(analysis, '--account', options.account);
  checkAccount(analysis, '--resource-account', options.resourceAccount);
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(options.action))
    throw new UserError(`"${options.action}" is not an action`, 'write service:ActionName, e.g. s3:GetObject');
  const region = options.region ?? spec.organization.homeRegion;
  if (!AWS_REGIONS.has(region)) throw new UserError(`unknown AWS region "${region}"`, didYouMean(region, AWS_REGIONS));
  const resource = options.resource ?? '*';
  const decision = simulatorOf(analysis).simulate({ ...options, region, resource });
  const { account, principal, action, resourceAccount } = options;
  return { request: { account, principal, action, resource, region, ...(resourceAccount ? { resourceAccount } : {}) }, ...decision };
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
