/** A large organization for scale tests and benches: the bench's synthetic spec (catalog guardrails on the root), with custom SCPs on OUs first, then on accounts. */
import { parse, stringify } from 'yaml';
import { syntheticSpec } from '../fixtures/synthetic-spec.ts';

export interface SyntheticShape {
  accounts: number;
  units: number;
  /** Custom SCPs, one per OU first, then one per account. */
  customPolicies: number;
}

export function syntheticOrganizationSpec({ accounts, units, customPolicies }: SyntheticShape): string {
  const { text, accountNames } = syntheticSpec(accounts, units);
  const spec = parse(text);
  delete spec.tests;
  const paths = spec.organization.units.flatMap((o: { name: string; units?: { name: string }[] }) => [
    o.name,
    ...(o.units ?? []).map((u) => `${o.name}/${u.name}`),
  ]);
  spec.guardrails = [
    ...spec.guardrails.filter((g: { use?: string }) => g.use),
    ...[...paths, ...accountNames].slice(0, customPolicies).map((on, i) => ({
      scp: `boundary-${i}`,
      on: [on],
      statements: [
        {
          Sid: `Boundary${i}`,
          Effect: 'Deny',
          Action: ['iam:CreateUser', 'iam:CreateAccessKey', `ec2:${['DeleteVpc', 'CreateVpc', 'DeleteSubnet'][i % 3]}`],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalTag/team': `team-${i}` } },
        },
      ],
    })),
  ];
  return stringify(spec, { lineWidth: 0 });
}
