import { describe, expect, it } from 'vitest';
import type { LiveOrganization } from '../../../src/aws/organizations.ts';
import { checkRoundTrip } from '../../../src/commands/import/round-trip.ts';
import { importTree } from '../../../src/commands/import/organization.ts';
import { analyze, baseSpec } from '../../helpers.ts';
import { deployedOrganization } from '../../aws/deployed-organization.ts';
import type { FakeOrganization } from '../../aws/organizations-server.ts';

/** The stand-in organization as the reader returns it. */
function liveOf(org: FakeOrganization): LiveOrganization {
  const paths = new Map<string, string>([[org.rootId, '']]);
  const units = org.units.map((u) => {
    const path = paths.get(u.parentId) ? `${paths.get(u.parentId)}/${u.name}` : u.name;
    paths.set(u.id, path);
    return { ...u, path };
  });
  const typeOf = (id: string) => (id === org.rootId ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT');
  return {
    id: org.id,
    managementAccountId: org.managementAccountId,
    featureSet: 'ALL',
    root: { id: org.rootId, policyTypes: org.policyTypes.map((t) => ({ type: t.Type, status: t.Status })) },
    units,
    accounts: org.accounts.map((a) => ({ ...a })),
    policies: org.policies.map((p) => ({ ...p, targets: [...p.targets].map((id) => ({ id, type: typeOf(id) })) })),
    trustedServices: org.trustedServices,
    delegatedAdministrators: org.delegated,
  };
}

const specWith = (guardrails: unknown[]) => ({ ...baseSpec({ guardrails }), organization: { ...baseSpec().organization, id: 'o-a1b2c3d4e5' } });

describe('import round trip', () => {
  it('finds no difference when the live SCPs and RCPs are what the spec plans', async () => {
    const analysis = await analyze(
      specWith([
        { use: 'deny-root-user', on: ['Root'] },
        { use: 'resource-tls-only', on: ['Workloads'] },
      ]),
    );
    const live = liveOf(deployedOrganization(analysis));
    const result = await checkRoundTrip(analysis, live, importTree(live).targetOf);
    expect(result.differences).toEqual([]);
    expect(result.requests).toBeGreaterThan(0);
  });

  it('names a request an RCP the spec plans would decide differently from the live organization', async () => {
    const planned = await analyze(specWith([{ use: 'resource-tls-only', on: ['Workloads'] }]));
    const live = liveOf(deployedOrganization(await analyze(specWith([]))));
    const result = await checkRoundTrip(planned, live, importTree(live).targetOf);
    expect(result.targets).toBeGreaterThan(0);
    // Plain HTTP to the organization's resources: allowed today, refused after `pulumi up`.
    expect(result.differences).toContainEqual(
      expect.objectContaining({ account: 'Workloads', context: { 'aws:SecureTransport': 'false' }, live: 'allowed', planned: 'explicit-deny' }),
    );
  });
});
