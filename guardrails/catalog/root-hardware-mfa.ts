import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

/**
 * The AWS managed rule ROOT_ACCOUNT_HARDWARE_MFA_ENABLED reads the account summary (AccountMFAEnabled)
 * and fails when a virtual MFA device is assigned to the root user (ListVirtualMFADevices). No
 * configuration item or credential report says which kind of device root has, so `scan` cannot judge it offline.
 */
export const rootHardwareMfa: Guardrail = {
  id: 'root-hardware-mfa',
  title: 'The root user has a hardware MFA device',
  reason: 'MFA is required for every account; the most powerful sign-in gets the strongest factor.',
  area: 'identity',
  severity: 'high',
  benchmarks: [...cis('1.5'), ...fsbp('IAM.6')],
  remediation:
    "Sign in as root, Security credentials > Multi-factor authentication > Assign MFA device > Hardware TOTP token or security key; then remove the virtual device. Or remove member accounts' root credentials centrally (IAM > Root access management).",
  parameters: noParameters,
  configRule: { kind: 'managed', scope: 'global', identifier: 'ROOT_ACCOUNT_HARDWARE_MFA_ENABLED', maximumExecutionFrequency: 'TwentyFour_Hours' },
  cases: [],
};
