import { describe, expect, it } from 'vitest';
import { decidedByText, renderImpact } from '../../../src/commands/impact/render.ts';
import type { ImpactReport } from '../../../src/commands/impact/impact.ts';

const group = {
  account: 'dev-app',
  accountId: '666666666666',
  principal: 'arn:aws:iam::666666666666:role/Developer',
  action: 'ec2:RunInstances',
  region: 'us-west-2',
  count: 2,
  firstSeen: '2026-11-02T09:01:12Z',
  lastSeen: '2026-11-02T09:41:55Z',
  sampleEventId: 'e-1',
  before: 'allowed' as const,
  after: 'explicit-deny' as const,
  decidedBy: { target: 'Root', policy: 'guardrails-Root-1', sid: 'DenyOutsideAllowedRegions', statementIndex: 3, sources: ['region-restriction'] },
  sampleRequest: { resource: '*', context: {} },
};
const report: ImpactReport = {
  summary: { files: 1, events: 5, evaluated: 4, skipped: { 'event type AwsConsoleSignIn': 1 }, newDenies: 2, newlyAllowed: 0, uncertain: 1, alreadyDenied: 0 },
  changes: [group],
  uncertain: [{ ...group, action: 'ec2:DeleteVpc', count: 1, principal: 'arn:aws:iam::666666666666:user/a|b', missingKeys: ['aws:PrincipalTag/team'] }],
  alreadyDenied: [],
};

describe('impact renderers', () => {
  it('text groups account → principal → action and names the deciding guardrail and statement', () => {
    const text = renderImpact(report, 'text', 'Impact of x against y');
    expect(text).toContain(
      'dev-app (666666666666)\n  arn:aws:iam::666666666666:role/Developer\n    ec2:RunInstances in us-west-2: 2 events, allowed → explicit-deny, by region-restriction (guardrails-Root-1 DenyOutsideAllowedRegions at Root)',
    );
    expect(text).toContain('depends on aws:PrincipalTag/team');
    expect(text).toMatch(/Skipped:\n {2}1 {2}event type AwsConsoleSignIn/);
  });

  it('md: one table row per group; a pipe in a value cannot break the table', () => {
    const md = renderImpact(report, 'md', 'Impact');
    expect(md).toContain('**2 calls seen in CloudTrail would be denied by this change.**');
    expect(md).toContain('| dev-app | arn:aws:iam::666666666666:user/a\\|b | ec2:DeleteVpc |');
  });

  it('json is the report itself', () => {
    expect(JSON.parse(renderImpact(report, 'json', 'x'))).toEqual(report);
  });

  it('names an implicit deny by the level lacking an Allow', () => {
    expect(decidedByText({ target: 'Sandbox' })).toBe('no Allow at Sandbox');
  });
});
