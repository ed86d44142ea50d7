import { cis, exempt, noParameters, type Guardrail } from '../guardrail.ts';

export const securityHubEnabled: Guardrail = {
  id: 'security-hub-enabled',
  title: 'AWS Security Hub is enabled in every allowed region and stays on',
  reason: 'Findings from every detective control meet in one place.',
  area: 'detection',
  severity: 'medium',
  benchmarks: [...cis('4.16')],
  remediation:
    'Enable Security Hub from the delegated administrator (Security Hub > Configuration > auto-enable for the organization), or `aws securityhub enable-security-hub --region REGION` in the account.',
  parameters: noParameters,
  scp: (_p, ctx) => [
    exempt(
      {
        Sid: 'ProtectSecurityHub',
        Effect: 'Deny',
        Action: ['securityhub:DisableSecurityHub', 'securityhub:DisassociateFromAdministratorAccount'],
        Resource: '*',
      },
      [...ctx.breakGlass, ...ctx.automation],
    ),
  ],
  configRule: { kind: 'managed', identifier: 'SECURITYHUB_ENABLED', maximumExecutionFrequency: 'TwentyFour_Hours' },
  cases: [
    { name: 'Security Hub cannot be disabled', action: 'securityhub:DisableSecurityHub', expect: 'deny' },
    { name: 'reading findings is fine', action: 'securityhub:GetFindings', expect: 'allow' },
  ],
};
