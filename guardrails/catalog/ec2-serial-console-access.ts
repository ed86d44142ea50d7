import { assign, declarativeGuardrail } from '../declarative.ts';

/** Declarative attribute serial_console_access: status enabled | disabled. */
export const ec2SerialConsoleAccess = declarativeGuardrail<{ status: string; lockChildren: boolean }>({
  id: 'ec2-serial-console-access',
  title: 'EC2 serial console access is off',
  reason: 'Least privilege: the serial console bypasses network controls and instance logins.',
  area: 'least-privilege',
  severity: 'medium',
  remediation:
    'EC2 serial console access stays off: troubleshoot instances with Session Manager or EC2 Instance Connect instead; the platform team can change `ec2-serial-console-access` in the spec if an account needs it.',
  attribute: 'serial_console_access',
  properties: { status: { enum: ['disabled', 'enabled'], default: 'disabled' } },
  content: ({ status }) => ({ status: assign(status) }),
});
