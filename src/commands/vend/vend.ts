/**
 * `vend`: creates (or adopts) an account, moves it to its OU, tags it and writes it into the
 * spec. Every step is safe to repeat: an existing account with the email, or a creation still
 * in progress under the name, is adopted, never created twice; interrupted anywhere, the same
 * command completes the rest. The whole would-be spec is validated before any AWS call, so
 * nothing is created that the spec could not then hold. A failure leaves the spec byte-identical.
 */
import type { CreateAccountStatus } from '@aws-sdk/client-organizations';
import { analyzeSpec, type Analysis } from '../../deployment/analyze.ts';
import { formatDiagnostic } from '../../core/diagnostics.ts';
import { configRuleDeployments } from '../../deployment/config-rules.ts';
import { baselineTargetUnits } from '../../deployment/baseline-template.ts';
import { chainOf, ROOT } from '../../model/organization.ts';
import { ACCOUNT_EMAIL, ACCOUNT_NAME, nameProblem, TAG_KEY, TAG_VALUE } from '../../model/organizations-names.ts';
import { didYouMean } from '../../core/suggest.ts';
import { addAccountToSpec } from './spec-edit.ts';
import {
  createAccount,
  FAILURE_ADVICE,
  findAccountByEmail,
  findCreationInProgress,
  moveToUnit,
  resolveOrganizationalUnit,
  tagAccount,
  waitForCreation,
  type OrgApi,
} from './organizations.ts';
import { UserError } from '../../core/errors.ts';

export interface VendRequest {
  name: string;
  email: string;
  ou: string;
  tags: Record<string, string>;
  dryRun?: boolean;
}

export interface SpecFile {
  read(): Promise<string>;
  /**
   * Under the file's lock: hands `edit` the current text and writes what it returns, all or
   * nothing (temp file + rename); returning the text unchanged writes nothing.
   */
  update(edit: (current: string) => Promise<string>): Promise<void>;
}

export interface VendDeps {
  api: OrgApi;
  spec: SpecFile;
  log: (line: string) => void;
  progress: (line: string) => void;
}

export interface VendResult {
  accountId?: string;
  outcome: 'created' | 'adopted' | 'resumed' | 'already-vended' | 'dry-run';
  rollout: string[];
}

/** Checks the request against the spec; says whether the account is already there (a rerun after success). */
export function checkVendRequest(analysis: Analysis, request: VendRequest): { alreadyVended?: string } {
  const { index } = analysis.loaded;
  const problems: string[] = [];
  if (request.ou !== ROOT && !index.units.has(request.ou)) {
    const hint = didYouMean(request.ou, [...index.units.keys()]);
    problems.push(`unknown OU "${request.ou}"${hint ? ` (${hint})` : ''}`);
  }
  // The same rules the spec schema applies (organizations-names.ts).
  for (const problem of [
    nameProblem(ACCOUNT_EMAIL, request.email),
    nameProblem(ACCOUNT_NAME, request.name),
    ...Object.entries(request.tags).flatMap(([k, v]) => [nameProblem(TAG_KEY, k), nameProblem(TAG_VALUE, v)]),
  ])
    if (problem) problems.push(problem);
  if (request.name === ROOT) problems.push(`"${ROOT}" is reserved for the organization root; pick another account name`);
  if (index.units.has(request.name)) problems.push(`"${request.name}" is an OU path; pick another account name`);
  const byName = index.accounts.get(request.name);
  const byEmail = [...index.accounts.values()].find((a) => a.email.toLowerCase() === request.email.toLowerCase());
  if (byName && byEmail === byName && byName.parent === request.ou && byName.id) {
    if (problems.length) throw new UserError(problems.join('; '));
    return { alreadyVended: byName.id };
  }
  if (byName)
    problems.push(
      `account name "${request.name}" is already in the spec${byName.email.toLowerCase() !== request.email.toLowerCase() ? ` with email ${byName.email}` : ''}`,
    );
  if (byEmail && byEmail !== byName) problems.push(`email ${request.email} is already used by account "${byEmail.name}" in the spec`);
  if (problems.length) throw new UserError(problems.join('; '));
  return {};
}

/** What `pulumi up` rolls out to an account, read from the spec that now contains it. */
export function rolloutFor(analysis: Analysis, accountName: string): string[] {
  const { index } = analysis.loaded;
  const chain = chainOf(index, accountName);
  const scps = chain.flatMap((t) => (analysis.scps.targets.get(t)?.policies ?? []).filter((p) => !p.awsManaged).map((p) => `${p.name} (on ${t})`));
  const rules = configRuleDeployments(analysis.loaded).filter((d) => d.accounts.includes(accountName));
  const ou = index.accounts.get(accountName)!.parent;
  const baselineUnit = baselineTargetUnits(index).find((u) => u === ROOT || ou === u || ou.startsWith(`${u}/`));
  const baseline = baselineUnit
    ? `the baseline StackSet (Config recorder in every allowed region, S3 account public access block, EBS default encryption, IAM password policy) targets ${baselineUnit}: StackSets deploys it to the account on its own once \`pulumi up\` has run with this spec`
    : `no baseline: the baseline StackSet does not target ${ou}; vend into one of its OUs to get the Config recorder, S3 public access block, EBS default encryption and IAM password policy`;
  return [
    `SCPs in force through Root → ${chain.slice(1).join(' → ')}: ${scps.length ? scps.join(', ') : 'none besides FullAWSAccess'}`,
    baseline,
    `AWS Config organization rules evaluating it: ${rules.map((r) => r.name).join(', ') || 'none'}`,
  ];
}

async function analyzeText(file: string, text: string, what = `${file} has errors`): Promise<Analysis> {
  const result = await analyzeSpec(file, text);
  if (!result.ok) throw new UserError(`${what}:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return result.analysis;
}

/** The spec with the account added; validated whole, so it is known to hold before anything is created. */
async function specWithAccount(file: string, text: string, request: VendRequest, accountId: string): Promise<{ text: string; analysis: Analysis }> {
  const updated = addAccountToSpec(text, request.ou, { name: request.name, email: request.email, id: accountId, tags: request.tags });
  return { text: updated, analysis: await analyzeText(file, updated, `adding "${request.name}" would leave ${file} invalid`) };
}

/** An id no account in the spec has, standing in for the one AWS will assign. */
const placeholderId = (analysis: Analysis) => {
  const taken = new Set([...analysis.loaded.index.accounts.values()].map((a) => a.id));
  let n = 999_999_999_999;
  while (taken.has(String(n))) n--;
  return String(n);
};

type Obtained = { accountId: string; outcome: 'created' | 'adopted' | 'resumed' };

/** The account for the request: adopted when the organization already has the email, else created (or a creation resumed). */
async function obtainAccount(deps: VendDeps, request: VendRequest, roleName: string, inProgress: CreateAccountStatus | undefined): Promise<Obtained> {
  const { api } = deps;
  const adopt = async (why: string): Promise<Obtained | undefined> => {
    const existing = await findAccountByEmail(api, request.email);
    if (!existing) return undefined;
    deps.log(`adopting account ${existing.id} (${existing.name}), which ${why} ${request.email}`);
    return { accountId: existing.id, outcome: 'adopted' };
  };
  let status = inProgress;
  if (!status) {
    // An interrupted run's creation may have started or finished during this run's lookups: look again right before creating.
    const adopted = await adopt('now uses');
    if (adopted) return adopted;
    status = await findCreationInProgress(api, request.name);
  }
  const resumed = Boolean(status);
  status ??= await createAccount(api, { name: request.name, email: request.email, roleName, tags: request.tags });
  deps.log(resumed ? `resuming creation request ${status.Id}` : `creation requested (${status.Id})`);
  const final = await waitForCreation(api, status.Id!, (s, polls) => deps.progress(`creating "${request.name}": ${s.State} (check ${polls})`));
  if (final.State === 'SUCCEEDED' && final.AccountId) {
    deps.log(`account ${final.AccountId} created`);
    return { accountId: final.AccountId, outcome: resumed ? 'resumed' : 'created' };
  }
  const reason = final.FailureReason ?? 'UNKNOWN';
  // The email may belong to an account of this organization created meanwhile (a concurrent or interrupted run): adopt it, never advise a new address.
  if (reason === 'EMAIL_ALREADY_EXISTS') {
    const adopted = await adopt('the organization created meanwhile with');
    if (adopted) return adopted;
  }
  throw new UserError(`account creation failed: ${reason}`, FAILURE_ADVICE[reason] ?? 'see the AWS Organizations console for details');
}

export async function vend(file: string, request: VendRequest, deps: VendDeps): Promise<VendResult> {
  const original = await deps.spec.read();
  const analysis = await analyzeText(file, original);
  const { alreadyVended } = checkVendRequest(analysis, request);
  if (alreadyVended) {
    deps.log(`account "${request.name}" (${alreadyVended}) is already in ${file} under ${request.ou}; nothing to do`);
    return { accountId: alreadyVended, outcome: 'already-vended', rollout: rolloutFor(analysis, request.name) };
  }
  // Before any AWS call: the spec must be able to hold the account (where it goes, and everything about it).
  await specWithAccount(file, original, request, placeholderId(analysis));
  const { api } = deps;
  const roleName = analysis.loaded.spec.organization.accessRole;

  // Resolve the OU first: nothing is created for an OU that does not exist yet.
  const { ouId } = await resolveOrganizationalUnit(api, request.ou);
  const existing = await findAccountByEmail(api, request.email);
  const inProgress = existing ? undefined : await findCreationInProgress(api, request.name);

  if (request.dryRun) {
    const first = existing
      ? `adopt existing account ${existing.id} (${existing.name}) that already uses ${request.email}`
      : inProgress
        ? `resume creation request ${inProgress.Id} already in progress for "${request.name}"`
        : `create account "${request.name}" <${request.email}> with role ${roleName}`;
    const steps = [
      first,
      `move it into ${request.ou} (${ouId})`,
      ...(Object.keys(request.tags).length
        ? [
            `tag it ${Object.entries(request.tags)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`,
          ]
        : []),
      `add it to ${file} under ${request.ou}`,
    ];
    steps.forEach((s, i) => deps.log(`${i + 1}. ${s}`));
    deps.log('dry run: nothing was changed');
    return { outcome: 'dry-run', rollout: [] };
  }

  if (existing) deps.log(`adopting account ${existing.id} (${existing.name}), which already uses ${request.email}`);
  const { accountId, outcome } = existing ? { accountId: existing.id, outcome: 'adopted' as const } : await obtainAccount(deps, request, roleName, inProgress);

  const move = await moveToUnit(api, accountId, ouId);
  deps.log(move.moved ? `moved ${accountId} from ${move.from} to ${request.ou} (${ouId})` : `${accountId} is already in ${request.ou}`);
  await tagAccount(api, accountId, request.tags);

  // Under the spec's lock, added to the text as it is now: a concurrent vend's account (or a colleague's edit) is kept.
  let after = analysis;
  await deps.spec.update(async (current) => {
    if (current !== original) {
      const now = await analyzeText(file, current, `${file} changed while the account was being vended and now has errors; account ${accountId} was not added`);
      try {
        if (checkVendRequest(now, request).alreadyVended === accountId) {
          after = now;
          return current;
        }
      } catch (e) {
        throw new UserError(
          `${file} changed while account ${accountId} was being vended: ${(e as Error).message}`,
          'resolve that, then rerun the same command: it adopts the account',
        );
      }
    }
    const edited = await specWithAccount(file, current, request, accountId);
    after = edited.analysis;
    return edited.text;
  });
  deps.log(`added "${request.name}" (${accountId}) to ${file} under ${request.ou}`);
  return { accountId, outcome, rollout: rolloutFor(after, request.name) };
}
