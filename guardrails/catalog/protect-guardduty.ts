import { exempt, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const protectGuardDuty: Guardrail = {
  id: 'protect-guardduty',
  title: 'GuardDuty cannot be disabled, detached or muted',
  reason: 'Always-on threat detection (GuardDuty) with alerts that nobody can silence.',
  area: 'detection',
  severity: 'high',
  benchmarks: [...fsbp('GuardDuty.1')],
  remediation:
    'Enable GuardDuty in every allowed region from the delegated administrator (GuardDuty > Accounts > auto-enable for all organization accounts), or `aws guardduty create-detector --enable` in the account and region.',
  parameters: noParameters,
  scp: (_p, ctx) => [
    exempt(
      {
        Sid: 'ProtectGuardDuty',
        Effect: 'Deny',
        Action: [
          'guardduty:DeleteDetector',
          'guardduty:UpdateDetector',
          'guardduty:DisassociateFromAdministratorAccount',
          'guardduty:DisassociateFromMasterAccount',
          'guardduty:DeleteMembers',
          'guardduty:DisassociateMembers',
          'guardduty:StopMonitoringMembers',
          // Filters auto-archive findings and trusted IP sets suppress them: both can mute detection.
          'guardduty:CreateFilter',
          'guardduty:UpdateFilter',
          'guardduty:CreateIPSet',
          'guardduty:UpdateIPSet',
          'guardduty:DeletePublishingDestination',
          'guardduty:UpdatePublishingDestination',
        ],
        Resource: '*',
      },
      // The deployment configures GuardDuty's organization settings in the audit account.
      [...ctx.breakGlass, ...ctx.automation],
    ),
  ],
  configRule: { kind: 'managed', identifier: 'GUARDDUTY_ENABLED_CENTRALIZED', maximumExecutionFrequency: 'TwentyFour_Hours' },
  cases: [
    { name: 'detector cannot be deleted', action: 'guardduty:DeleteDetector', expect: 'deny' },
    { name: 'findings cannot be muted with a trusted IP set', action: 'guardduty:CreateIPSet', expect: 'deny' },
    { name: 'reading findings is fine', action: 'guardduty:GetFindings', expect: 'allow' },
    { name: 'break-glass can', principal: 'role/BreakGlass', action: 'guardduty:UpdateDetector', expect: 'allow' },
  ],
};
