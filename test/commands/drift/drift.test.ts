import { AttachPolicyCommand, DetachPolicyCommand, MoveAccountCommand, OrganizationsClient, UpdatePolicyCommand } from '@aws-sdk/client-organizations';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILE, analyze, exampleText } from '../../helpers.ts';
import { deployedOrganization } from '../../aws/deployed-organization.ts';
import { runCli, withOrganization } from '../../aws/loopback.ts';
import type { FakeOrganization } from '../../aws/organizations-server.ts';

const drift = (org: FakeOrganization, extra: string[] = []) =>
  withOrganization(org, () => runCli(['drift', EXAMPLE_FILE, '--rate', '1000', '--no-services', ...extra]));

describe('guardrails drift', () => {
  it('finds nothing on the organization the spec deployed, and says what it did not check', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    const run = await drift(org, ['--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out);
    expect(report.drift).toEqual([]);
    expect(report.unchecked.map((u: { what: string }) => u.what)).toEqual(['organization Config rules', 'baseline StackSet instances', 'GuardDuty members']);
  });

  it('names each out-of-band change: an SCP edited in the console, an account moved, FullAWSAccess re-attached', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    const run = await withOrganization(org, async () => {
      const client = new OrganizationsClient({});
      const rootPolicy = org.policies.find((p) => p.name === 'guardrails-Root-1')!;
      const edited = JSON.parse(rootPolicy.content);
      edited.Statement = edited.Statement.filter((s: { Sid?: string }) => s.Sid !== 'DenyLeaveOrganization');
      edited.Statement.push({ Sid: 'AddedInConsole', Effect: 'Deny', Action: 'ec2:DeleteVpc', Resource: '*' });
      await client.send(new UpdatePolicyCommand({ PolicyId: rootPolicy.id, Content: JSON.stringify(edited) }));
      const prod = org.units.find((u) => u.name === 'Prod')!;
      const dev = org.units.find((u) => u.name === 'Dev')!;
      await client.send(new MoveAccountCommand({ AccountId: '666666666666', SourceParentId: dev.id, DestinationParentId: prod.id }));
      const sandbox = org.units.find((u) => u.name === 'Sandbox')!;
      await client.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: sandbox.id }));
      return runCli(['drift', EXAMPLE_FILE, '--rate', '1000', '--no-services', '--json', '--fail-on', 'drift']);
    });
    expect(run.code).toBe(1);
    const { drift: items } = JSON.parse(run.out);
    expect(items).toHaveLength(3);
    const byKind = Object.fromEntries(items.map((d: { kind: string }) => [d.kind, d]));
    expect(byKind['policy-content']).toMatchObject({ target: 'Root', expected: 'guardrails-Root-1 as planned' });
    expect(byKind['policy-content'].statements.missing).toEqual([
      { Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
    ]);
    expect(byKind['policy-content'].statements.extra).toEqual([{ Sid: 'AddedInConsole', Effect: 'Deny', Action: 'ec2:DeleteVpc', Resource: '*' }]);
    expect(byKind['account-misplaced']).toMatchObject({ target: 'dev-app', expected: 'Workloads/Dev', actual: 'Workloads/Prod' });
    expect(byKind['full-aws-access-attached']).toMatchObject({ target: 'Sandbox', actual: 'attached' });
    for (const d of items) expect(Object.keys(d)).toEqual(expect.arrayContaining(['kind', 'target', 'expected', 'actual', 'fix']));
  });

  it('names RCP and declarative policy changes as it names SCP changes: content edited, a policy detached, a policy type disabled', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    const workloads = org.policies.find((p) => p.name === 'guardrails-rcp-Workloads-1')!;
    const root = org.policies.find((p) => p.name === 'guardrails-rcp-Root-1')!;
    const imds = org.policies.find((p) => p.name === 'guardrails-ec2-Root-1')!;
    const run = await withOrganization(org, async () => {
      const client = new OrganizationsClient({});
      await client.send(new UpdatePolicyCommand({ PolicyId: workloads.id, Content: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
      await client.send(new DetachPolicyCommand({ PolicyId: root.id, TargetId: org.rootId }));
      // IMDSv1 allowed again for new instances, in the console.
      const edited = JSON.parse(imds.content);
      edited.ec2_attributes.instance_metadata_defaults.http_tokens['@@assign'] = 'optional';
      await client.send(new UpdatePolicyCommand({ PolicyId: imds.id, Content: JSON.stringify(edited) }));
      return runCli(['drift', EXAMPLE_FILE, '--rate', '1000', '--no-services', '--json']);
    });
    const { drift: items } = JSON.parse(run.out);
    expect(items).toEqual([
      expect.objectContaining({ kind: 'attachment-missing', target: 'Root', expected: 'guardrails-rcp-Root-1 attached' }),
      expect.objectContaining({ kind: 'policy-content', target: 'Workloads', expected: 'guardrails-rcp-Workloads-1 as planned' }),
      expect.objectContaining({
        kind: 'policy-content',
        target: 'Root',
        expected: 'guardrails-ec2-Root-1 as planned',
        actual: 'attributes changed or removed (instance_metadata_defaults), added or changed (instance_metadata_defaults)',
      }),
    ]);
    expect(items[1].statements.missing.map((s: { Sid: string }) => s.Sid)).toEqual(['EnforceOrgIdentities']);
    org.policyTypes.splice(
      org.policyTypes.findIndex((t) => t.Type === 'RESOURCE_CONTROL_POLICY'),
      1,
    );
    expect(JSON.parse((await drift(org, ['--json'])).out).drift).toContainEqual(
      expect.objectContaining({ kind: 'policy-type-disabled', expected: 'RESOURCE_CONTROL_POLICY enabled' }),
    );
  });

  it('reports OUs and accounts the spec does not know, and spec accounts that are suspended', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    org.units.push({ id: 'ou-ab12-99999999', name: 'Legacy', parentId: org.rootId });
    org.accounts.push({ id: '888888888888', name: 'legacy-app', email: 'legacy@example.com', parentId: 'ou-ab12-99999999', state: 'ACTIVE', tags: {} });
    org.accounts.find((a) => a.id === '777777777777')!.state = 'SUSPENDED';
    org.units.splice(
      org.units.findIndex((u) => u.name === 'Infrastructure'),
      1,
    );
    const text = await drift(org);
    expect(text.code).toBe(0);
    expect(text.out).toContain('ou-extra  Legacy: expected absent; actual exists (ou-ab12-99999999)');
    expect(text.out).toContain('account-unknown  legacy-app (888888888888): expected in the spec; actual in Legacy');
    expect(text.out).toContain('account-suspended  sandbox-alice: expected ACTIVE; actual SUSPENDED');
    expect(text.out).toContain('ou-missing  Infrastructure: expected exists; actual absent');
  });

  it('reports a denied read as not checked, never as no drift, and fails the gate on it', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    org.denied.add('ListPolicies');
    org.denied.add('ListAWSServiceAccessForOrganization');
    const run = await drift(org, ['--fail-on', 'drift']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('No drift found in what could be checked');
    expect(run.out).toMatch(/organization policies \(SCPs, RCPs, declarative\) and their attachments: access denied.*organizations:ListPolicies/);
    expect(run.out).toMatch(/trusted access for AWS services: access denied.*organizations:ListAWSServiceAccessForOrganization/);
  });

  it('reads the baseline StackSet in the home Region and names the instances a rollout left failed or never created', async () => {
    // The stand-in denies AssumeRole into the audit account (Config rules and GuardDuty are then unchecked); the StackSet is read from the management account.
    const org = deployedOrganization(await analyze(exampleText()));
    const [stackSet] = org.stackSets!;
    const at = (account: string, region: string) => stackSet.instances.findIndex((i) => i.account === account && i.region === region);
    Object.assign(stackSet.instances[at('555555555555', 'eu-west-1')], {
      status: 'OUTDATED',
      detailedStatus: 'FAILED',
      reason:
        'ResourceLogicalId:AccountSettings, ResourceType:Custom::AccountSettings, ResourceStatusReason:Received response status [FAILED] from custom resource.',
    });
    stackSet.instances.splice(at('666666666666', 'us-west-2'), 1);
    const run = await withOrganization(org, async (server) => ({
      run: await runCli(['drift', EXAMPLE_FILE, '--rate', '1000', '--json', '--fail-on', 'drift']),
      calls: server.calls.get('ListStackInstances'),
    }));
    expect(run.run.code).toBe(1);
    const report = JSON.parse(run.run.out);
    expect(report.drift.map((d: { kind: string; target: string }) => `${d.kind} ${d.target}`)).toEqual([
      'baseline-failed prod-app@eu-west-1',
      'baseline-instance-missing dev-app@us-west-2',
    ]);
    expect(report.drift[0].actual).toBe(
      'OUTDATED/FAILED: ResourceLogicalId:AccountSettings, ResourceType:Custom::AccountSettings, ResourceStatusReason:Received response status [FAILED] from custom resource.',
    );
    expect(report.unchecked.map((u: { what: string }) => u.what)).toEqual(['organization Config rules', 'GuardDuty members']);
    // One listing (every Region) per baseline StackSet, both to the home Region's endpoint; the example uses no existing-recorder OU, so that one's absence is no finding.
    expect(run.calls).toBe(2);

    // A StackSet created in another Region is not the one the program manages: a precise finding, not a crash.
    stackSet.homeRegion = 'eu-west-1';
    const elsewhere = await withOrganization(org, () => runCli(['drift', EXAMPLE_FILE, '--rate', '1000']));
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.out).toContain('baseline-missing  guardrails-account-baseline: expected StackSet deployed in us-east-1 (the home Region); actual absent');
    // A denied read is unchecked, with the permission it needs.
    org.denied.add('ListStackInstances');
    const denied = await withOrganization(org, () => runCli(['drift', EXAMPLE_FILE, '--rate', '1000', '--json']));
    expect(JSON.parse(denied.out).unchecked).toContainEqual({
      what: 'baseline StackSet instances',
      why: expect.stringMatching(
        /^access denied reading the instances of StackSets guardrails-account-baseline and guardrails-account-baseline-existing-recorder in us-east-1: .*cloudformation:ListStackInstances \(the caller needs cloudformation:ListStackInstances\)$/,
      ),
    });
  });

  it('reads the StackSet of each Config recorder mode and names an instance in the wrong one with its delete command', async () => {
    const text = exampleText().replace('baseline:\n', 'baseline:\n  configRecorderByUnit: { Sandbox: existing }\n');
    const org = deployedOrganization(await analyze(text));
    const [create, existing] = ['guardrails-account-baseline', 'guardrails-account-baseline-existing-recorder'].map((n) =>
      org.stackSets!.find((s) => s.name === n)!,
    );
    // Sandbox was deployed in create mode before its mode changed: its old instance is still there.
    const sandbox = existing.instances.find((i) => i.account === '777777777777' && i.region === 'us-east-1')!;
    create.instances.push({ ...sandbox });
    const dir = mkdtempSync(join(tmpdir(), 'drift-modes-'));
    const file = join(dir, 'spec.yaml');
    writeFileSync(file, text);
    try {
      const run = await withOrganization(org, async (server) => ({
        run: await runCli(['drift', file, '--rate', '1000', '--json']),
        calls: server.calls.get('ListStackInstances'),
      }));
      expect(run.calls).toBe(2);
      expect(JSON.parse(run.run.out).drift).toEqual([
        expect.objectContaining({
          kind: 'baseline-instance-unexpected',
          target: 'guardrails-account-baseline:Sandbox',
          fix: expect.stringContaining(
            `aws cloudformation delete-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=${sandbox.ou} --regions us-east-1 --no-retain-stacks --call-as SELF --region us-east-1`,
          ),
        }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes Markdown whose cells cannot carry markup from the organization', async () => {
    const org = deployedOrganization(await analyze(exampleText()));
    org.units.push({ id: 'ou-ab12-77777777', name: '<img src=x onerror=alert(1)>|x', parentId: org.rootId });
    const run = await drift(org, ['--format', 'md']);
    expect(run.out).toContain('| ou-extra | &lt;img src=x onerror=alert(1)&gt;\\|x |');
    expect(run.out).not.toContain('<img');
  });

  it('rejects an unknown format or gate before reading anything', async () => {
    expect(await runCli(['drift', EXAMPLE_FILE, '--format', 'xml'])).toMatchObject({ code: 1, err: 'error: --format "xml" is not one of text, json, md' });
    expect(await runCli(['drift', EXAMPLE_FILE, '--fail-on', 'noncompliant'])).toMatchObject({
      code: 1,
      err: 'error: --fail-on "noncompliant" is not known (use --fail-on drift)',
    });
  });
});
