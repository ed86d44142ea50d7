/**
 * The IAM credential report (GenerateCredentialReport / GetCredentialReport, or the CSV that
 * `aws iam get-credential-report` returns, base64-decoded). The root user's row is named
 * <root_account>; "N/A" and "not_supported" mean no value.
 */
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient, paginateListUsers, paginateListUserTags } from '@aws-sdk/client-iam';
import type { LiveClients, PeriodicRule, ResourceVerdict } from './types.ts';

export interface CredentialReportRow {
  user: string;
  /** The user's id (AIDA...), which AWS Config records as the AWS::IAM::User resource id; from ListUsers live, the snapshot offline. */
  userId?: string;
  arn: string;
  accountId: string;
  isRoot: boolean;
  /** Dates are Invalid Dates when the report's value cannot be read; undefined when there is none ("N/A"). */
  userCreationTime?: Date;
  passwordEnabled: boolean;
  passwordLastUsed?: Date;
  passwordLastChanged?: Date;
  mfaActive: boolean;
  accessKeys: { slot: 1 | 2; active: boolean; lastRotated?: Date; lastUsed?: Date }[];
}

/** The resource a user's verdict is about, with the id AWS Config records for it. */
export const userResource = (r: CredentialReportRow): Pick<ResourceVerdict, 'resourceType' | 'resourceId' | 'resourceName'> => ({
  resourceType: 'AWS::IAM::User',
  resourceId: r.userId ?? r.user,
  resourceName: r.user,
});

export interface CredentialReport {
  generatedAt?: Date;
  rows: CredentialReportRow[];
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

const date = (v: string | undefined) => (!v || v === 'N/A' || v === 'not_supported' || v === 'no_information' ? undefined : new Date(v));

export const isInvalidDate = (d: Date | undefined): boolean => d !== undefined && Number.isNaN(d.getTime());

export function parseCredentialReport(csv: string, generatedAt?: Date): CredentialReport {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('the credential report is empty');
  const header = splitCsvLine(lines[0]);
  for (const column of ['user', 'arn', 'password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated']) {
    if (!header.includes(column)) throw new Error(`not an IAM credential report: no "${column}" column`);
  }
  const rows = lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    const get = (c: string) => cells[header.indexOf(c)];
    const arn = get('arn');
    return {
      user: get('user'),
      arn,
      accountId: arn.split(':')[4] ?? '',
      isRoot: get('user') === '<root_account>',
      userCreationTime: date(get('user_creation_time')),
      passwordEnabled: get('password_enabled') === 'true',
      passwordLastUsed: date(get('password_last_used')),
      passwordLastChanged: date(get('password_last_changed')),
      mfaActive: get('mfa_active') === 'true',
      accessKeys: ([1, 2] as const).map((slot) => ({
        slot,
        active: get(`access_key_${slot}_active`) === 'true',
        lastRotated: date(get(`access_key_${slot}_last_rotated`)),
        lastUsed: date(get(`access_key_${slot}_last_used_date`)),
      })),
    };
  });
  return { generatedAt, rows };
}

/** Asks IAM for a fresh report, waiting while it is generated (the SDK retries throttling itself). */
export async function fetchCredentialReport(clients: LiveClients, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<CredentialReport> {
  const iam = new IAMClient({ region: clients.region, credentials: clients.credentials });
  for (let attempt = 0; attempt < 30; attempt++) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') break;
    await sleep(Math.min(2000 * (attempt + 1), 10_000));
  }
  const report = await iam.send(new GetCredentialReportCommand({}));
  if (!report.Content) throw new Error('IAM returned an empty credential report');
  const parsed = parseCredentialReport(new TextDecoder().decode(report.Content), report.GeneratedTime);
  const ids = new Map<string, string>();
  for await (const page of paginateListUsers({ client: iam }, {})) for (const u of page.Users ?? []) if (u.UserName && u.UserId) ids.set(u.UserName, u.UserId);
  return withUserIds(parsed, (_accountId, user) => ids.get(user));
}

/** The report with each user's id filled in, where `idOf` knows it. */
export function withUserIds(report: CredentialReport, idOf: (accountId: string, user: string) => string | undefined): CredentialReport {
  return { ...report, rows: report.rows.map((r) => (r.isRoot ? r : { ...r, userId: idOf(r.accountId, r.user) ?? r.userId })) };
}

/** A periodic rule over the credential report: only its evaluation differs from rule to rule. */
export function credentialReportRule<P>(
  rule: Pick<PeriodicRule<P, CredentialReport>, 'id' | 'description' | 'parameters' | 'evaluate'>,
): PeriodicRule<P, CredentialReport> {
  return {
    ...rule,
    trigger: 'periodic',
    input: 'credential-report',
    liveCall: 'iam:GenerateCredentialReport, iam:GetCredentialReport and iam:ListUsers',
    gather: (clients) => fetchCredentialReport(clients),
    resourceTags: userTags,
  };
}

/** Tags of the IAM users among the verdicts, keyed "AWS::IAM::User/<resource id>". */
async function userTags(clients: LiveClients, verdicts: ResourceVerdict[]): Promise<Map<string, Record<string, string>>> {
  const iam = new IAMClient({ region: clients.region, credentials: clients.credentials });
  const out = new Map<string, Record<string, string>>();
  for (const v of verdicts.filter((x) => x.resourceType === 'AWS::IAM::User')) {
    const tags: Record<string, string> = {};
    for await (const page of paginateListUserTags({ client: iam }, { UserName: v.resourceName ?? v.resourceId }))
      for (const t of page.Tags ?? []) tags[t.Key!] = t.Value ?? '';
    out.set(`${v.resourceType}/${v.resourceId}`, tags);
  }
  return out;
}
