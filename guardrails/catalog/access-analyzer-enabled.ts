import { cis, exempt, noParameters, type Guardrail } from '../guardrail.ts';

export const accessAnalyzerEnabled: Guardrail = {
  id: 'access-analyzer-enabled',
  title: 'IAM Access Analyzer for external access is on in every allowed region',
  reason: 'Resources shared outside the organization are found, not guessed at.',
  area: 'detection',
  severity: 'medium',
  benchmarks: [...cis('1.19')],
  remediation:
    'Create an external-access analyzer in the region: `aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region REGION` (IAM > Access Analyzer > Create analyzer).',
  parameters: noParameters,
  scp: (_p, ctx) => [
    exempt({ Sid: 'ProtectAccessAnalyzer', Effect: 'Deny', Action: 'access-analyzer:DeleteAnalyzer', Resource: '*' }, [...ctx.breakGlass, ...ctx.automation]),
  ],
  configRule: { kind: 'managed', identifier: 'IAM_EXTERNAL_ACCESS_ANALYZER_ENABLED', maximumExecutionFrequency: 'TwentyFour_Hours' },
  cases: [
    { name: 'analyzers cannot be deleted', action: 'access-analyzer:DeleteAnalyzer', expect: 'deny' },
    { name: 'creating one is fine', action: 'access-analyzer:CreateAnalyzer', expect: 'allow' },
  ],
};
