/**
 * `vend`: creates (or adopts) an account, moves it to its OU, tags it and writes it into the
 * spec. Every step is safe to repeat: an existing account with the email, or a creation still
 * in progress under the name, is adopted, never created twice; interrupted anywhere, the same
 * command completes the rest. A failure leaves the spec byte-identical.
 */
import { analyzeSpec, type Analysis } from '../../deployment/analyze.ts';
import { formatDiagnostic } from '../../core/diagnostics.ts';
import { configRuleDeployments } from '../../deployment/config-rules.ts';
import { chainOf, ROOT } from '../../model/organization.ts';
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
  /** Writes all or nothing (temp file + rename). */
  writeAtomically(text: string): Promise<void>;
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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the request against the spec; says whether the account is already there (a rerun after success). */
export function checkVendRequest(analysis: Analysis, request: VendRequest): { alreadyVended?: string } {
  const { index } = analysis.loaded;
  const problems: string[] = [];
  if (request.ou !== ROOT && !index.units.has(request.ou)) {
    const hint = didYouMean(request.ou, [...index.units.keys()]);
    problems.push(`unknown OU "${request.ou}"${hint ? ` (${hint})` : ''}`);
  }
  if (!EMAIL.test(request.email) || request.email.length < 6 || request.email.length > 64)
    problems.push(`"${request.email}" is not a valid email address (6 to 64 characters)`);
  if (!/^[^/]{1,50}$/.test(request.name) || request.name === ROOT)
    problems.push(`"${request.name}" is not a valid account name (1 to 50 characters, no "/", not "Root")`);
  if (index.units.has(request.name)) problems.push(`"${request.name}" is an OU path; pick another account name`);
  for (const [k, v] of Object.entries(request.tags))
    if (k.length < 1 || k.length > 128 || v.length > 256 || k.startsWith('aws:'))
      problems.push(`tag "${k}=${v}" is not valid (key 1-128 characters, not aws:, value up to 256)`);
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
  const chain = chainOf(analysis.loaded.index, accountName);
  const scps = chain.flatMap((t) => (analysis.scps.targets.get(t)?.policies ?? []).filter((p) => !p.awsManaged).map((p) => `${p.name} (on ${t})`));
  const rules = configRuleDeployments(analysis.loaded).filter((d) => d.accounts.includes(accountName));
  const ou = analysis.loaded.index.accounts.get(accountName)!.parent;
  return [
    `SCPs in force through Root → ${chain.slice(1).join(' → ')}: ${scps.length ? scps.join(', ') : 'none besides FullAWSAccess'}`,
    `the baseline StackSet deploys to ${ou} automatically (Config recorder in every allowed region, S3 account public access block, EBS default encryption, IAM password policy)`,
    `AWS Config organization rules evaluating it: ${rules.map((r) => r.name).join(', ') || 'none'}`,
  ];
}

async function analyzeText(file: string, text: string): Promise<Analysis> {
  const result = await analyzeSpec(file, text);
  if (!result.ok) throw new UserError(`${file} has errors:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return result.analysis;
}

export async function vend(file: string, request: VendRequest, deps: VendDeps): Promise<VendResult> {
  const original = await deps.spec.read();
  const analysis = await analyzeText(file, original);
  const { alreadyVended } = checkVendRequest(analysis, request);
  if (alreadyVended) {
    deps.log(`account "${request.name}" (${alreadyVended}) is already in ${file} under ${request.ou}; nothing to do`);
    return { accountId: alreadyVended, outcome: 'already-vended', rollout: rolloutFor(analysis, request.name) };
  }
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

  let accountId = existing?.id;
  const outcome: VendResult['outcome'] = existing ? 'adopted' : inProgress ? 'resumed' : 'created';
  if (existing) deps.log(`adopting account ${existing.id} (${existing.name}), which already uses ${request.email}`);
  if (!accountId) {
    const status = inProgress ?? (await createAccount(api, { name: request.name, email: request.email, roleName, tags: request.tags }));
    deps.log(inProgress ? `resuming creation request ${status.Id}` : `creation requested (${status.Id})`);
    const final = await waitForCreation(api, status.Id!, (s, polls) => deps.progress(`creating "${request.name}": ${s.State} (check ${polls})`));
    if (final.State !== 'SUCCEEDED' || !final.AccountId) {
      const reason = final.FailureReason ?? 'UNKNOWN';
      throw new UserError(`account creation failed: ${reason}`, FAILURE_ADVICE[reason] ?? 'see the AWS Organizations console for details');
    }
    accountId = final.AccountId;
    deps.log(`account ${accountId} created`);
  }

  const move = await moveToUnit(api, accountId, ouId);
  deps.log(move.moved ? `moved ${accountId} from ${move.from} to ${request.ou} (${ouId})` : `${accountId} is already in ${request.ou}`);
  await tagAccount(api, accountId, request.tags);

  const current = await deps.spec.read();
  if (current !== original) {
    throw new UserError(
      `${file} changed on disk while the account was being vended; it was not overwritten`,
      `rerun the same command: it adopts account ${accountId} and adds it to the current file`,
    );
  }
  const updated = addAccountToSpec(original, request.ou, { name: request.name, email: request.email, id: accountId, tags: request.tags });
  const after = await analyzeText(file, updated);
  await deps.spec.writeAtomically(updated);
  deps.log(`added "${request.name}" (${accountId}) to ${file} under ${request.ou}`);
  return { accountId, outcome, rollout: rolloutFor(after, request.name) };
}
