import { describe, expect, it } from 'vitest';
import type { LiveOrganization, LivePolicy } from '../../../src/aws/organizations.ts';
import { customEntries, itemsByTarget } from '../../../src/commands/import/custom.ts';
import { atomsOf } from '../../../scp/normalize.ts';

const policy = (over: Partial<LivePolicy>): LivePolicy => ({
  id: 'p-1',
  name: 'x',
  type: 'SERVICE_CONTROL_POLICY',
  awsManaged: false,
  description: '',
  content: '{}',
  targets: [{ id: 'r-ab12', type: 'ROOT' }],
  ...over,
});

const leave = { Sid: 'DenyLeaveOrganization', Effect: 'Deny' as const, Action: 'organizations:LeaveOrganization', Resource: '*' };

describe('custom entries of an import', () => {
  it("gives a packed document's leftover statements back to the entries its description names, without the guardrail's Sid", () => {
    const packed = policy({
      name: 'guardrails-Root-1',
      description: 'org-guardrails: Root; custom: no-opt-in (1)',
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'DenyLeaveOrganizationNoOptIn', Effect: 'Deny', Action: ['organizations:LeaveOrganization', 'account:EnableRegion'], Resource: '*' },
        ],
      }),
    });
    const live = { policies: [packed] } as LiveOrganization;
    const perTarget = itemsByTarget(live, new Map([['r-ab12', 'Root']]), 'SERVICE_CONTROL_POLICY', []);
    const explained = new Map([['Root', { atoms: new Set(atomsOf(leave)), sids: new Set([leave.Sid]) }]]);
    expect(customEntries(perTarget, explained, 'scp', new Set())).toEqual([
      {
        key: 'scp',
        name: 'no-opt-in',
        on: ['Root'],
        statements: [{ Sid: 'NoOptIn', Effect: 'Deny', Action: 'account:EnableRegion', Resource: '*' }],
        origin: 'imported from SERVICE_CONTROL_POLICY "guardrails-Root-1" (p-1)',
      },
    ]);
  });

  it('keeps a policy written by hand as one entry under its own name and description, and says which documents it could not read', () => {
    const notes: string[] = [];
    const live = {
      policies: [
        policy({ name: 'lab guard', description: 'by hand', content: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }) }),
        policy({ id: 'p-2', name: 'broken', type: 'DECLARATIVE_POLICY_EC2', content: '{"ec2_attributes": 3}' }),
      ],
    } as LiveOrganization;
    const targets = new Map([['r-ab12', 'Root']]);
    const [entry] = customEntries(itemsByTarget(live, targets, 'SERVICE_CONTROL_POLICY', notes), new Map(), 'scp', new Set(['lab-guard']));
    expect(entry).toMatchObject({ name: 'lab-guard-2', description: 'by hand', statements: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] });
    expect(itemsByTarget(live, targets, 'DECLARATIVE_POLICY_EC2', notes).size).toBe(0);
    expect(notes).toEqual(['DECLARATIVE_POLICY_EC2 "broken" (p-2) is not a valid document and was not imported']);
  });
});
