import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigServiceClient, DescribeOrganizationConfigRulesCommand } from '@aws-sdk/client-config-service';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { configRuleDeployments } from '../../../src/deployment/config-rules.ts';
import { catalogEntry, withDefaults } from '../../../src/commands/import/match.ts';
import { canonical } from '../../../scp/pack.ts';
import { catalogById } from '../../../guardrails/catalog/index.ts';
import { isCatalogUse, isCustomRcp, isCustomScp, type CustomRcpUse, type GuardrailSpec } from '../../../src/model/spec.ts';
import { atomsOf } from '../../../scp/normalize.ts';
import type { Analysis } from '../../../src/deployment/analyze.ts';
import { analyze, baseSpec, exampleText } from '../../helpers.ts';
import { deployedOrganization } from '../../aws/deployed-organization.ts';
import { emptyOrganization, enableResourceControlPolicies, type FakeOrganization } from '../../aws/organizations-server.ts';
import { runCli, tempDir, withOrganization } from '../../aws/loopback.ts';

/** Each target's SCP (or RCP) statement atoms (what decides requests there), FullAWSAccess (RCPFullAWSAccess) included. */
function atomsByTarget(analysis: Analysis, type: 'scps' | 'rcps' = 'scps'): Record<string, string[]> {
  return Object.fromEntries(
    [...analysis[type].targets.values()].map((t) => [t.target, [...new Set(t.policies.flatMap((p) => p.document.Statement.flatMap(atomsOf)))].sort()]),
  );
}

// Organizations is the stand-in endpoint; Config and STS (the audit account's organization rules) are mocked.
const config = mockClient(ConfigServiceClient);
const sts = mockClient(STSClient);

/** The organization Config rules `pulumi up` of a spec leaves in the audit account. */
function deployConfigRules(analysis: Analysis) {
  const ids = [...analysis.loaded.index.accounts.values()].filter((a) => a.id).map((a) => [a.name, a.id!] as const);
  config.on(DescribeOrganizationConfigRulesCommand).resolves({
    OrganizationConfigRules: configRuleDeployments(analysis.loaded).map((r) => ({
      OrganizationConfigRuleName: r.name,
      OrganizationConfigRuleArn: `arn:aws:config:us-east-1:333333333333:organization-config-rule/${r.name}`,
      OrganizationManagedRuleMetadata: { RuleIdentifier: 'X', InputParameters: JSON.stringify(r.inputParameters) },
      ExcludedAccounts: r.organizationWide ? [] : ids.filter(([name]) => !r.accounts.includes(name)).map(([, id]) => id),
    })),
  });
}

async function importOf(org: FakeOrganization, extra: string[] = []) {
  const out = join(tempDir(), 'imported.yaml');
  const run = await withOrganization(org, () => runCli(['import', '--out', out, '--rate', '1000', ...extra]));
  return { out, run, text: existsSync(out) ? readFileSync(out, 'utf8') : '' };
}

describe('guardrails import', () => {
  beforeEach(() => {
    config.reset();
    sts.reset();
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'AKIDAUDIT', SecretAccessKey: 'secret', SessionToken: 't', Expiration: new Date(0) } });
    config.on(DescribeOrganizationConfigRulesCommand).resolves({ OrganizationConfigRules: [] });
  });

  it('reproduces the organization and the guardrails of a deployed example spec, and proves the round trip', async () => {
    const example = await analyze(exampleText());
    deployConfigRules(example);
    const { run, text, out } = await importOf(deployedOrganization(example));
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /Round trip: the planned SCPs and RCPs decide all \d+ requests as the live ones do \(0 targets whose documents change, level by level; 8 accounts end to end\)/,
    );

    const imported = await analyze(text, out);
    const spec = imported.loaded.spec;
    const want = example.loaded.spec;
    // The organization: same OUs and accounts where the example has them, with ids, emails and tags.
    const accounts = (a: Analysis) =>
      [...a.loaded.index.accounts.values()].map(({ name, email, id, parent, tags, fullAwsAccess }) => ({ name, email, id, parent, tags, fullAwsAccess }));
    expect(new Set(accounts(imported))).toEqual(new Set(accounts(example)));
    expect([...imported.loaded.index.units.values()].map((u) => [u.path, u.fullAwsAccess]).sort()).toEqual(
      [...example.loaded.index.units.values()].map((u) => [u.path, u.fullAwsAccess]).sort(),
    );
    expect(spec.organization).toMatchObject({
      managementAccountId: want.organization.managementAccountId,
      id: want.organization.id,
      homeRegion: 'us-east-1',
      breakGlass: want.organization.breakGlass,
      allowedRegions: want.organization.allowedRegions,
      auditAccount: 'audit',
      logArchiveAccount: 'log-archive',
      // Machine-readable, so the deployment adopts these registrations instead of registering the audit account again.
      delegatedAdministrators: {
        'config-multiaccountsetup.amazonaws.com': ['audit'],
        'config.amazonaws.com': ['audit'],
        'guardduty.amazonaws.com': ['audit'],
      },
    });
    // The guardrails: every catalog entry of the example (SCP, RCP, declarative and Config rule parts), on the same
    // targets, with the same parameters (defaults filled in).
    const uses = (s: GuardrailSpec) =>
      s.guardrails
        .filter(isCatalogUse)
        .map((g) => `${g.use} on ${[...g.on].sort().join(',')} with ${canonical(withDefaults(catalogEntry(catalogById.get(g.use)!), g.with ?? {}))}`)
        .sort();
    expect(uses(spec)).toEqual(uses(want));
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe('arn:aws:iam::333333333333:role/OrganizationAccountAccessRole');
    // The custom SCPs (and RCPs), under their spec names and descriptions, on the same targets, meaning the same.
    const customs = (s: GuardrailSpec) =>
      s.guardrails
        .filter((g) => isCustomScp(g) || isCustomRcp(g))
        .map((g) => ({
          name: isCustomScp(g) ? `scp:${g.scp}` : `rcp:${(g as CustomRcpUse).rcp}`,
          description: g.description,
          on: g.on,
          atoms: g.statements.flatMap(atomsOf).sort(),
        }));
    expect(customs(spec)).toEqual(expect.arrayContaining(customs(want)));
    expect(customs(spec)).toHaveLength(customs(want).length);
    // And what decides requests and sets EC2 attributes: identical SCP and RCP statements, identical declarative documents, on every target.
    expect(atomsByTarget(imported)).toEqual(atomsByTarget(example));
    expect(atomsByTarget(imported, 'rcps')).toEqual(atomsByTarget(example, 'rcps'));
    const declarative = (a: Analysis) => Object.fromEntries([...a.declarative.targets.values()].map((p) => [p.target, canonical(p.document)]));
    expect(declarative(imported)).toEqual(declarative(example));
    expect(Object.keys(declarative(example))).toEqual(['Root', 'Workloads']);
    expect(text).toContain('# imported from SERVICE_CONTROL_POLICY "guardrails-Root-1"');
    expect(text).toContain(
      'Delegated administrator audit (333333333333): config-multiaccountsetup.amazonaws.com, config.amazonaws.com, guardduty.amazonaws.com.',
    );
  });

  it('gives custom SCPs and RCPs back under their spec names, and finds RCP and declarative parameters', async () => {
    const spec = baseSpec({
      guardrails: [
        { use: 'deny-leave-organization', on: ['Root'] },
        { use: 'resource-tls-only', on: ['Root'], with: { exemptResources: ['arn:aws:s3:::public-site/*'] } },
        { use: 'ec2-instance-metadata-defaults', on: ['Workloads'], with: { hopLimit: 1, httpEndpoint: 'enabled', lockChildren: false } },
        {
          scp: 'no-big-instances',
          on: ['Workloads', 'prod'],
          statements: [
            { Sid: 'NoMetal', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLike: { 'ec2:InstanceType': '*.metal' } } },
            { Effect: 'Deny', Action: 'ec2:PurchaseReservedInstancesOffering', Resource: '*' },
          ],
        },
        {
          scp: 'no-regions-change',
          description: 'Regions are opted in by the platform team ("Regions" runbook, step 2), never by hand.',
          on: ['Root'],
          statements: [{ Sid: 'NoOptIn', Effect: 'Deny', Action: 'account:EnableRegion', Resource: '*' }],
        },
        {
          rcp: 'no-public-queues',
          on: ['Root'],
          statements: [
            {
              Sid: 'NoAnonymous',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sqs:*',
              Resource: '*',
              Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' }, Null: { 'aws:PrincipalAccount': 'true' } },
            },
          ],
        },
      ],
    });
    spec.organization.id = 'o-a1b2c3d4e5';
    const custom = (name: string) => spec.guardrails.find((g: any) => g.scp === name || g.rcp === name).statements;
    const deployed = await analyze(spec);
    const org = deployedOrganization(deployed);
    // Set by hand: an attribute a catalog guardrail writes, and one none writes (the spec has no custom declarative entries).
    org.policies.push({
      id: 'p-serialbyhand',
      name: 'serial-console',
      type: 'DECLARATIVE_POLICY_EC2',
      awsManaged: false,
      description: '',
      content: JSON.stringify({
        ec2_attributes: { serial_console_access: { status: { '@@assign': 'disabled' } }, exception_message: { '@@assign': 'Ask the platform team' } },
      }),
      targets: new Set(['555555555555']),
    });
    const { run, text, out } = await importOf(org);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const imported = parse(text);
    expect(imported.guardrails).toEqual(
      expect.arrayContaining([
        { use: 'resource-tls-only', on: ['Root'], with: { exemptResources: ['arn:aws:s3:::public-site/*'] } },
        { use: 'ec2-serial-console-access', on: ['prod'], with: { lockChildren: false } },
        { use: 'ec2-instance-metadata-defaults', on: ['Workloads'], with: { hopLimit: 1, httpEndpoint: 'enabled', lockChildren: false } },
        {
          scp: 'no-regions-change',
          description: 'Regions are opted in by the platform team ("Regions" runbook, step 2), never by hand.',
          on: ['Root'],
          statements: custom('no-regions-change'),
        },
        { rcp: 'no-public-queues', on: ['Root'], statements: custom('no-public-queues') },
      ]),
    );
    expect(imported.guardrails.find((g: any) => g.scp === 'no-big-instances')).toMatchObject({ on: ['Workloads', 'prod'] });
    expect(
      imported.guardrails
        .find((g: any) => g.scp === 'no-big-instances')
        .statements.flatMap(atomsOf)
        .sort(),
    ).toEqual(custom('no-big-instances').flatMap(atomsOf).sort());
    expect(text).toContain('#   on prod, from "serial-console" (p-serialbyhand): {"exception_message":{"@@assign":"Ask the platform team"}}');
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('writes the same bytes on a rerun, and never overwrites without --force', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    const first = await importOf(org);
    const refused = await withOrganization(org, () => runCli(['import', '--out', first.out, '--rate', '1000']));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/exists \(pass --force to overwrite it/);
    writeFileSync(first.out, 'changed by hand\n');
    const forced = await withOrganization(org, () => runCli(['import', '--out', first.out, '--rate', '1000', '--force']));
    expect(forced.code).toBe(0);
    expect(readFileSync(first.out, 'utf8')).toBe(first.text);
  });

  it('recognises a hand-written catalog policy, keeps the rest (RCPs too) verbatim, and leaves Control Tower and suspended accounts as comments', async () => {
    const org = emptyOrganization();
    org.units.push({ id: 'ou-ab12-11111111', name: 'Workloads', parentId: org.rootId }, { id: 'ou-ab12-22222222', name: 'Sandbox', parentId: org.rootId });
    org.accounts.push(
      { id: '111111111111', name: 'management', email: 'm@example.com', parentId: org.rootId, state: 'ACTIVE', tags: {} },
      { id: '222222222222', name: 'prod', email: 'p@example.com', parentId: 'ou-ab12-11111111', state: 'ACTIVE', tags: { team: 'payments' } },
      { id: '333333333333', name: 'old', email: 'o@example.com', parentId: 'ou-ab12-11111111', state: 'SUSPENDED', tags: {} },
      { id: '444444444444', name: 'lab', email: 'l@example.com', parentId: 'ou-ab12-22222222', state: 'ACTIVE', tags: {} },
    );
    org.policies[0].targets = new Set([org.rootId, 'ou-ab12-11111111', 'ou-ab12-22222222', '111111111111', '222222222222', '333333333333']);
    const policy = (
      id: string,
      name: string,
      statements: unknown[],
      targets: string[],
      type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' = 'SERVICE_CONTROL_POLICY',
    ) =>
      org.policies.push({
        id,
        name,
        type,
        awsManaged: false,
        description: `${name} by hand`,
        content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        targets: new Set(targets),
      });
    // Written by hand years ago: the catalog's leave-organization deny, under another Sid, next to a custom one.
    policy(
      'p-handwritten1',
      'baseline',
      [
        { Sid: 'NoLeaving', Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: ['*'] },
        { Sid: 'NoBigInstances', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLike: { 'ec2:InstanceType': ['*.metal'] } } },
      ],
      [org.rootId],
    );
    policy('p-labonly0001', 'lab-allow-list', [{ Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: '*' }], ['444444444444']);
    policy('p-ctguardrail', 'aws-guardrails-AbCdEf', [{ Effect: 'Deny', Action: 'config:DeleteConfigRule', Resource: '*' }], ['ou-ab12-11111111']);
    enableResourceControlPolicies(org, [org.rootId]);
    policy('p-rcp0000001', 'no-outside-s3', [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }], [org.rootId], 'RESOURCE_CONTROL_POLICY');
    org.trustedServices = ['controltower.amazonaws.com'];

    const { run, text, out } = await importOf(org, ['--home-region', 'eu-west-1']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const spec = parse(text);
    expect(spec.guardrails).toContainEqual({ use: 'deny-leave-organization', on: ['Root'] });
    expect(spec.guardrails).toContainEqual({
      scp: 'baseline',
      description: 'baseline by hand',
      on: ['Root'],
      statements: [
        { Sid: 'NoBigInstances', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLike: { 'ec2:InstanceType': ['*.metal'] } } },
      ],
    });
    expect(spec.guardrails.find((g: any) => g.scp === 'lab-allow-list')).toMatchObject({ on: ['lab'] });
    expect(text).toContain('# imported from SERVICE_CONTROL_POLICY "baseline" (p-handwritten1)');
    // Control Tower's SCP is not copied: its slot is reserved and the spec says why.
    expect(text).not.toContain('config:DeleteConfigRule');
    expect(spec.organization.units.find((u: any) => u.name === 'Workloads')).toMatchObject({ reservedScpSlots: 1 });
    expect(text).toContain('governed next to AWS Control Tower');
    // ... and its baseline uses the Config recorders Control Tower created instead of creating a second one.
    expect(spec.baseline).toEqual({ configRecorder: 'existing' });
    // The lab account has no FullAWSAccess: an allow-list target.
    expect(spec.organization.units.find((u: any) => u.name === 'Sandbox').accounts[0]).toMatchObject({ name: 'lab', fullAwsAccess: false });
    // Suspended accounts are kept in view as comments; an RCP becomes a custom rcp: entry, verbatim.
    expect(JSON.stringify(spec.organization)).not.toContain('333333333333');
    expect(text).toContain('#   old (333333333333, SUSPENDED, o@example.com)');
    expect(text).toContain('# imported from RESOURCE_CONTROL_POLICY "no-outside-s3" (p-rcp0000001)');
    expect(spec.guardrails.find((g: any) => g.rcp === 'no-outside-s3')).toMatchObject({
      on: ['Root'],
      statements: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
    });
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('still writes the spec when organization Config rules cannot be read, and says so in it', async () => {
    config.on(DescribeOrganizationConfigRulesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const { run, text } = await importOf(deployedOrganization(await analyze(exampleText())));
    expect(run.code).toBe(0);
    expect(text).toContain(
      '# Organization Config rules were not read (access denied reading organization Config rules in 333333333333: not authorized; the caller needs sts:AssumeRole, config:DescribeOrganizationConfigRules): detective guardrails are missing here.',
    );
    expect(parse(text).guardrails.map((g: { use?: string }) => g.use)).not.toContain('console-mfa');
  });

  it('adopts an existing organization trail, seen as a shadow trail of its own Region, and warns when there are several', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    const management = org.managementAccountId;
    org.trails = [
      { name: 'account-trail', account: management, homeRegion: 'us-east-1', bucket: 'account-trail-logs', organization: false, multiRegion: true },
      // Created in eu-west-1 by Control Tower; import runs in us-east-1, where it is a shadow trail.
      {
        name: 'aws-controltower-BaselineCloudTrail',
        account: management,
        homeRegion: 'eu-west-1',
        bucket: 'aws-controltower-logs-222222222222-eu-west-1',
        organization: true,
        multiRegion: true,
      },
    ];
    const { run, text, out } = await importOf(org);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toContain(
      'Organization trail found: arn:aws:cloudtrail:eu-west-1:111111111111:trail/aws-controltower-BaselineCloudTrail; the spec adopts it (logging.trail.organizationTrail: existing).',
    );
    expect(text).toContain(
      [
        'logging:',
        '  trail:',
        '    name: aws-controltower-BaselineCloudTrail',
        '    # An organization trail exists: arn:aws:cloudtrail:eu-west-1:111111111111:trail/aws-controltower-BaselineCloudTrail (home Region eu-west-1, multi-Region, bucket aws-controltower-logs-222222222222-eu-west-1).',
        '    # The deployment uses it as it is (no second trail, bucket, key or log group); the logging.trail settings below are not applied to it.',
        '    organizationTrail: existing',
      ].join('\n'),
    );
    const imported = await analyze(text, out);
    expect(imported.loaded.spec.logging.trail).toMatchObject({ name: 'aws-controltower-BaselineCloudTrail', organizationTrail: 'existing' });
    expect((await runCli(['validate', out])).code).toBe(0);

    // A second organization trail, created in us-east-1 by the CloudTrail delegated administrator (owned by the management account).
    org.trails.push({
      name: 'security-org-trail',
      account: management,
      homeRegion: 'us-east-1',
      bucket: 'security-logs',
      organization: true,
      multiRegion: true,
    });
    const several = await importOf(org);
    expect(several.run.code).toBe(0);
    expect(several.run.err).toBe(
      'warning: 2 organization trails found (arn:aws:cloudtrail:eu-west-1:111111111111:trail/aws-controltower-BaselineCloudTrail, arn:aws:cloudtrail:us-east-1:111111111111:trail/security-org-trail); the spec adopts aws-controltower-BaselineCloudTrail',
    );
    expect(several.text).toContain(
      '# 2 organization trails record this organization; logging.trail names the first, the others are left as they are:\n#   arn:aws:cloudtrail:us-east-1:111111111111:trail/security-org-trail (home Region us-east-1, multi-Region, bucket security-logs)',
    );
  });

  it('warns when the adopted organization trail is not logging, and says so when its status cannot be read', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    const arn = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail';
    org.trails = [
      { name: 'org-trail', account: org.managementAccountId, homeRegion: 'eu-west-1', bucket: 'b', organization: true, multiRegion: true, logging: false },
    ];
    const stopped = await importOf(org);
    expect(stopped.run.code).toBe(0);
    const warning = `The organization trail org-trail is not logging (CloudTrail GetTrailStatus: IsLogging false); the spec adopts it as it is, so nothing records the organization until it is started: aws cloudtrail start-logging --name ${arn} --region eu-west-1`;
    expect(stopped.run.err).toBe(`warning: ${warning}`);
    expect(stopped.text).toContain(`# ${warning}`);
    expect(parse(stopped.text).logging.trail).toEqual({ name: 'org-trail', organizationTrail: 'existing' });

    org.trails[0].logging = true;
    expect((await importOf(org)).run.err).toBe('');

    org.denied.add('GetTrailStatus');
    const unread = await importOf(org);
    expect(unread.run.code).toBe(0);
    expect(unread.run.err).toMatch(
      /^warning: Whether the organization trail org-trail is logging was not read \(access denied reading whether trail org-trail is logging: .*cloudtrail:GetTrailStatus; the caller needs cloudtrail:GetTrailStatus\); check it: aws cloudtrail get-trail-status --name arn:aws:cloudtrail:eu-west-1:111111111111:trail\/org-trail --region eu-west-1$/,
    );
    expect(parse(unread.text).logging.trail).toEqual({ name: 'org-trail', organizationTrail: 'existing' });
  });

  it('keeps the Control Tower trail hint when the trails were read and none is an organization trail', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    org.trustedServices.push('controltower.amazonaws.com');
    // A landing zone before 3.0: a trail in each account, none of them the organization's.
    org.trails = [
      {
        name: 'aws-controltower-BaselineCloudTrail',
        account: org.managementAccountId,
        homeRegion: 'us-east-1',
        bucket: 'ct-logs',
        organization: false,
        multiRegion: true,
      },
    ];
    const { run, text } = await importOf(org);
    expect(run.code).toBe(0);
    expect(text).toContain(
      '# No organization trail is seen from us-east-1: a Control Tower landing zone before version 3.0 keeps a trail in each account (aws-controltower-BaselineCloudTrail),',
    );
    expect(parse(text).logging).toBeUndefined();
    // Without Control Tower, no such hint.
    org.trustedServices = org.trustedServices.filter((s) => s !== 'controltower.amazonaws.com');
    expect((await importOf(org)).text).not.toContain('No organization trail is seen');
  });

  it('says precisely that trails could not be read, and keeps the default trail setting', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    org.trails = [{ name: 'org', account: org.managementAccountId, homeRegion: 'us-east-1', bucket: 'b', organization: true, multiRegion: true }];
    org.denied.add('DescribeTrails');
    const { run, text, out } = await importOf(org);
    expect(run.code).toBe(0);
    expect(run.err).toBe(
      'warning: CloudTrail trails were not read (access denied describing the trails in us-east-1: User: arn:aws:iam::111111111111:role/reader is not authorized to perform: cloudtrail:DescribeTrails; the caller needs cloudtrail:DescribeTrails); logging.trail.organizationTrail stays "create": check for an existing organization trail',
    );
    expect(text).toContain('# CloudTrail trails were not read (access denied describing the trails in us-east-1:');
    expect(parse(text).logging).toBeUndefined();
    expect((await analyze(text, out)).loaded.spec.logging.trail.organizationTrail).toBe('create');
  });

  it('names the permission a denied call needs, and writes nothing', async () => {
    const org = emptyOrganization();
    org.denied.add('ListPolicies');
    const { run, out } = await importOf(org);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error: access denied listing SERVICE_CONTROL_POLICY policies: .* \(the caller needs organizations:ListPolicies\)$/);
    expect(existsSync(out)).toBe(false);
  });

  it('asks for a home region when none is configured', async () => {
    const spec = baseSpec();
    const org = deployedOrganization(await analyze(spec));
    const saved = process.env.AWS_REGION;
    const out = join(tempDir(), 'x.yaml');
    const run = await withOrganization(org, async () => {
      delete process.env.AWS_REGION;
      delete process.env.AWS_DEFAULT_REGION;
      return runCli(['import', '--out', out]);
    });
    process.env.AWS_REGION = saved;
    if (saved === undefined) delete process.env.AWS_REGION;
    expect(run).toMatchObject({ code: 1, err: 'error: no home region (pass --home-region or set AWS_REGION)' });
  });
});
