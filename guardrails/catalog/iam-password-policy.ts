import { cis, exempt, fsbp, type AccountBaselineSettings, type Guardrail } from '../guardrail.ts';

interface PasswordPolicy {
  minimumLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercase: boolean;
  requireLowercase: boolean;
  maxAgeDays: number;
  reusePrevention: number;
}

/** The one mapping of the parameters to AWS's password policy fields (the baseline sets them, the Config rule checks them). */
const passwordPolicy = (p: PasswordPolicy): NonNullable<AccountBaselineSettings['passwordPolicy']> => ({
  MinimumPasswordLength: p.minimumLength,
  RequireSymbols: p.requireSymbols,
  RequireNumbers: p.requireNumbers,
  RequireUppercaseCharacters: p.requireUppercase,
  RequireLowercaseCharacters: p.requireLowercase,
  MaxPasswordAge: p.maxAgeDays,
  PasswordReusePrevention: p.reusePrevention,
  AllowUsersToChangePassword: true,
});

/** The baseline StackSet sets the policy; this keeps it set and checks it. */
export const iamPasswordPolicy: Guardrail<PasswordPolicy> = {
  id: 'iam-password-policy',
  title: 'Account password policy is strong and cannot be weakened',
  reason: 'Passwords are renewed regularly and hard to guess.',
  area: 'identity',
  severity: 'medium',
  benchmarks: [...cis('1.7', '1.8'), ...fsbp('IAM.7')],
  remediation:
    "Set the account password policy to the spec's values (the baseline StackSet does this): `aws iam update-account-password-policy --minimum-password-length 14 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --max-password-age 90 --password-reuse-prevention 24`.",
  parameters: {
    type: 'object',
    properties: {
      minimumLength: { type: 'integer', minimum: 8, maximum: 128, default: 14 },
      requireSymbols: { type: 'boolean', default: true },
      requireNumbers: { type: 'boolean', default: true },
      requireUppercase: { type: 'boolean', default: true },
      requireLowercase: { type: 'boolean', default: true },
      maxAgeDays: { type: 'integer', minimum: 1, maximum: 1095, default: 90 },
      reusePrevention: { type: 'integer', minimum: 1, maximum: 24, default: 24 },
    },
    additionalProperties: false,
  },
  scp: (_p, ctx) => [
    exempt({ Sid: 'ProtectPasswordPolicy', Effect: 'Deny', Action: ['iam:DeleteAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy'], Resource: '*' }, [
      ...ctx.breakGlass,
      ...ctx.automation,
    ]),
  ],
  configRule: {
    kind: 'managed',
    scope: 'global',
    identifier: 'IAM_PASSWORD_POLICY',
    // IAM_PASSWORD_POLICY takes the same fields as strings (AllowUsersToChangePassword is not one of its parameters).
    inputParameters: (p) =>
      Object.fromEntries(
        Object.entries(passwordPolicy(p))
          .filter(([k]) => k !== 'AllowUsersToChangePassword')
          .map(([k, v]) => [k, String(v)]),
      ),
  },
  baseline: (p) => ({ passwordPolicy: passwordPolicy(p) }),
  cases: [
    { name: 'developers cannot weaken the policy', action: 'iam:UpdateAccountPasswordPolicy', expect: 'deny' },
    { name: 'the baseline StackSet may set it', principal: 'role/stacksets-exec-0123456789abcdef', action: 'iam:UpdateAccountPasswordPolicy', expect: 'allow' },
    { name: 'break-glass may change it', principal: 'role/BreakGlass', action: 'iam:DeleteAccountPasswordPolicy', expect: 'allow' },
    { name: 'reading it is fine', action: 'iam:GetAccountPasswordPolicy', expect: 'allow' },
  ],
};
