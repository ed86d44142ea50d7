import { describe, expect, it } from 'vitest';
import { baseSpec, problems } from '../helpers.ts';

const errorsOf = (spec: Record<string, any>) => problems(spec).filter((m) => !m.includes(': warning: '));
const withOrg = (patch: (org: any) => void, overrides: Record<string, unknown> = {}) => {
  const spec = baseSpec(overrides);
  patch(spec.organization);
  return spec;
};

describe('semantic checks', () => {
  it('a valid base spec has no problems', () => {
    expect(problems(baseSpec())).toEqual([]);
  });

  it('duplicate account names, emails (case-insensitive) and ids', () => {
    const out = errorsOf(withOrg((org) => org.units[1].units[0].accounts.push({ name: 'prod', email: 'P@example.com', id: '555555555555' })));
    expect(out.some((m) => m.includes('duplicate account name "prod" (first defined on line'))).toBe(true);
    expect(out.some((m) => m.includes('duplicate account email "P@example.com" (also used by "prod")'))).toBe(true);
    expect(out.some((m) => m.includes('duplicate account id 555555555555 (also used by "prod")'))).toBe(true);
  });

  it('duplicate OUs under one parent', () => {
    const out = errorsOf(withOrg((org) => org.units.push({ name: 'Security' })));
    expect(out.some((m) => m.includes('duplicate organizational unit "Security"'))).toBe(true);
  });

  it('account ids must be 12 digits', () => {
    const out = errorsOf(withOrg((org) => (org.units[0].accounts[1].id = '33333333')));
    expect(out.some((m) => m.includes('accounts[1].id: "33333333" is not valid'))).toBe(true);
  });

  it('AWS limits on account names, emails and tags', () => {
    const out = errorsOf(
      withOrg((org) => {
        org.units[1].units[0].accounts[0].name = 'x'.repeat(51);
        org.units[1].units[0].accounts[0].email = `${'a'.repeat(60)}@example.com`;
        org.units[0].accounts[1].tags = { 'aws:reserved': 'x', ok: 'v'.repeat(257) };
      }),
    );
    expect(out.some((m) => /accounts\[0\]\.name: must NOT have more than 50 characters/.test(m))).toBe(true);
    expect(out.some((m) => /accounts\[0\]\.email: must NOT have more than 64 characters/.test(m))).toBe(true);
    expect(out.filter((m) => m.includes('.tags'))).toEqual([
      expect.stringMatching(
        /tags: "aws:reserved" is not valid \(tag keys are 1 to 128 letters, numbers, spaces and _ \. : \/ = \+ - @, not starting with aws:\)$/,
      ),
      expect.stringMatching(/tags\.ok: must NOT have more than 256 characters/),
    ]);
    expect(out.some((m) => /tags\.ok: must NOT have more than 256 characters/.test(m))).toBe(true);
  });

  it("account and OU names, emails and tags AWS cannot hold are refused with AWS's documented rules", () => {
    const out = errorsOf(
      withOrg((org) => {
        org.units[0].accounts[0].name = 'line\nbreak';
        org.units[0].accounts[1].name = 'nul\u0000';
        org.units[1].units[0].name = 'tab\there';
        org.units[1].units[0].accounts[0].email = 'user@exa_mple.com';
        org.units[0].accounts[1].email = 'a"b@example.com';
        org.units[0].accounts[0].email = 'user@example..com';
        org.units[0].accounts[1].tags = { 'bell\u0007': 'x', ok: 'new\nline' };
      }),
    );
    for (const where of ['accounts[0].name', 'accounts[1].name', 'units[0].name', 'units[0].accounts[0].email', 'accounts[1].email', 'accounts[0].email'])
      expect(out.some((m) => m.includes(`${where}: `) && m.includes('is not valid'))).toBe(true);
    expect(out.filter((m) => m.includes('.tags')).length).toBe(2);
    expect(errorsOf(withOrg((org) => (org.units[0].accounts[0].email = 'ünï@example.com'))).some((m) => m.includes('email'))).toBe(true);
  });

  it('unknown region codes, with a suggestion', () => {
    const out = errorsOf(withOrg((org) => org.allowedRegions.push('eu-wset-1')));
    expect(out.some((m) => m.includes('unknown AWS region "eu-wset-1" (did you mean "eu-west-1"?)'))).toBe(true);
  });

  it('home region and key regions must be inside allowedRegions', () => {
    const spec = withOrg((org) => (org.homeRegion = 'us-west-2'), {
      keys: [{ alias: 'data', account: 'prod', region: 'ap-south-1', admins: ['arn:aws:iam::555555555555:role/admin'] }],
    });
    const out = errorsOf(spec);
    expect(out.some((m) => m.includes('home region "us-west-2" is outside organization.allowedRegions'))).toBe(true);
    expect(out.some((m) => m.includes('key region "ap-south-1" is outside organization.allowedRegions'))).toBe(true);
  });

  it('a guardrail parameter region outside allowedRegions', () => {
    const out = errorsOf(baseSpec({ guardrails: [{ use: 'region-restriction', on: ['Root'], with: { regions: ['us-east-1', 'sa-east-1'] } }] }));
    expect(out.some((m) => m.includes('region "sa-east-1" is outside organization.allowedRegions'))).toBe(true);
  });

  it('tests may name a region outside allowedRegions (to prove a deny) but it must exist', () => {
    const test = { name: 't', account: 'prod', principal: 'root', action: 's3:GetObject', expect: 'deny' };
    expect(errorsOf(baseSpec({ tests: [{ ...test, region: 'sa-east-1' }] }))).toEqual([]);
    expect(errorsOf(baseSpec({ tests: [{ ...test, region: 'sa-east-9' }] })).some((m) => m.includes('unknown AWS region "sa-east-9"'))).toBe(true);
  });

  it('OU depth above five', () => {
    let units: any[] = [{ name: 'L6' }];
    for (const n of [5, 4, 3, 2, 1]) units = [{ name: `L${n}`, units }];
    const out = errorsOf(withOrg((org) => org.units.push(...units)));
    expect(out.some((m) => m.includes('OU "L1/L2/L3/L4/L5/L6" is nested 6 levels deep; AWS Organizations allows 5 below the root'))).toBe(true);
    expect(out.filter((m) => m.includes('levels deep'))).toHaveLength(1);
  });

  it('logArchiveAccount and auditAccount must name existing accounts', () => {
    const out = errorsOf(withOrg((org) => ((org.logArchiveAccount = 'log-archive'), (org.auditAccount = 'audti'))));
    expect(out.some((m) => m.includes('logArchiveAccount names unknown account "log-archive"'))).toBe(true);
    expect(out.some((m) => m.includes('auditAccount names unknown account "audti" (did you mean "audit"?)'))).toBe(true);
  });

  it('unknown guardrail ids and targets with suggestions', () => {
    const out = errorsOf(
      baseSpec({
        guardrails: [
          { use: 'protect-cloudtrial', on: ['Root'] },
          { use: 'protect-config', on: ['Workloads/prod', 'Prod'] },
        ],
      }),
    );
    expect(out.some((m) => m.includes('unknown guardrail "protect-cloudtrial" (did you mean "protect-cloudtrail"?)'))).toBe(true);
    expect(out.some((m) => m.includes('unknown target "Workloads/prod" (did you mean "Workloads/Prod"?)'))).toBe(true);
    expect(out.some((m) => m.includes('unknown target "Prod"'))).toBe(true);
  });

  it('the same guardrail twice on one target', () => {
    const out = errorsOf(baseSpec({ guardrails: [{ use: 'protect-config', on: ['Root', 'Root'] }] }));
    expect(out.some((m) => m.includes('"protect-config" is already applied to "Root"'))).toBe(true);
  });

  it('targets must be unambiguous and "Root" is reserved', () => {
    const out = errorsOf(
      withOrg((org) =>
        org.units.push({ name: 'Root' }, { name: 'sandbox', accounts: [] }, { name: 'Other', accounts: [{ name: 'Security', email: 's@example.com' }] }),
      ),
    );
    expect(out.some((m) => m.includes('"Root" is reserved for the organization root; rename the OU'))).toBe(true);
    expect(out.some((m) => m.includes('account name "Security" is also an OU path'))).toBe(true);
  });

  it('break-glass patterns that match everyone are refused', () => {
    const out = errorsOf(withOrg((org) => (org.breakGlass = ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:role/BreakGlass'])));
    expect(out.filter((m) => m.includes('matches every principal'))).toHaveLength(1);
  });

  it('test assertions must name known accounts and valid principals', () => {
    const out = errorsOf(baseSpec({ tests: [{ name: 't', account: 'prd', principal: 'admin', action: 's3:GetObject', expect: 'deny' }] }));
    expect(out.some((m) => m.includes('test "t" names unknown account "prd" (did you mean "prod"?)'))).toBe(true);
    expect(out.some((m) => m.includes('principal "admin" is not root, role/NAME, user/NAME or an IAM/STS ARN'))).toBe(true);
  });

  it('keys must live in known, already-vended accounts', () => {
    const spec = withOrg((org) => (org.units[1].accounts = [{ name: 'new', email: 'n@example.com' }]), {
      keys: [
        { alias: 'a', account: 'prdo', admins: ['arn:aws:iam::555555555555:role/admin'] },
        { alias: 'b', account: 'new', admins: ['arn:aws:iam::555555555555:role/admin'] },
      ],
    });
    const out = errorsOf(spec);
    expect(out.some((m) => m.includes('key "a" names unknown account "prdo" (did you mean "prod"?)'))).toBe(true);
    expect(out.some((m) => m.includes('key "b" is in account "new", which has no id yet'))).toBe(true);
  });

  it('warns (without failing) when an SCP guardrail targets the management account', () => {
    const out = problems(baseSpec({ guardrails: [{ use: 'protect-config', on: ['management'] }] }));
    expect(out).toEqual([expect.stringContaining('warning: SCPs never apply to the management account "management"')]);
  });

  it('a test names its resource owner by account name or 12-digit id', () => {
    const test = (resourceAccount: string) => ({ name: 't', account: 'prod', principal: 'root', action: 's3:GetObject', resourceAccount, expect: 'deny' });
    expect(errorsOf(baseSpec({ tests: [test('prod'), { ...test('999999999999'), name: 'u' }] }))).toEqual([]);
    expect(errorsOf(baseSpec({ tests: [test('prdo')] }))).toEqual([
      expect.stringContaining('test "t" names unknown resource account "prdo" (did you mean "prod"?)'),
    ]);
  });

  it('custom RCPs: unique names, and a warning on the management account, whose resources RCPs never restrict', () => {
    const rcp = { rcp: 'tls', on: ['management'], statements: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] };
    expect(problems(baseSpec({ guardrails: [rcp] }))).toEqual([expect.stringContaining('warning: RCPs never apply to the management account "management"')]);
    const out = errorsOf(
      baseSpec({
        guardrails: [
          { ...rcp, on: ['prod'] },
          { ...rcp, on: ['audit'] },
        ],
      }),
    );
    expect(out).toEqual([expect.stringMatching(/duplicate custom RCP name "tls" \(first defined on line \d+\)/)]);
    // An SCP and an RCP may share a name: they are different policy types.
    expect(
      errorsOf(
        baseSpec({
          guardrails: [
            { ...rcp, on: ['prod'] },
            { scp: 'tls', on: ['prod'], statements: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('RCP catalog guardrails need organization.id', () => {
    expect(errorsOf(baseSpec({ guardrails: [{ use: 'resource-identity-perimeter', on: ['Root'] }] }))).toEqual([
      expect.stringContaining('organization.id is not set'),
    ]);
    expect(errorsOf(withOrg((org) => (org.id = 'o-exampleorgid'), { guardrails: [{ use: 'resource-identity-perimeter', on: ['Root'] }] }))).toEqual([]);
  });
});
