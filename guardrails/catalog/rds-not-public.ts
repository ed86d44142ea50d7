import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const rdsNotPublic: Guardrail = {
  id: 'rds-not-public',
  title: 'RDS DB instances are not publicly accessible',
  reason: 'Databases are reached from inside the network, never from the internet.',
  area: 'network',
  severity: 'critical',
  benchmarks: [...cis('2.2.3'), ...fsbp('RDS.2')],
  remediation: 'Turn public access off: `aws rds modify-db-instance --db-instance-identifier DB --no-publicly-accessible --apply-immediately`.',
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK' },
  cases: [],
};
