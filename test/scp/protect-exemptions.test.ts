import { describe, expect, it } from 'vitest';
import { requestContext } from '../../src/iam/request.ts';
import { statementApplies } from '../../src/iam/statement.ts';
import { protectExemptRoles } from '../../scp/protect-exemptions.ts';

const createBreakGlass = (principalArn: string) => ({
  action: 'iam:CreateRole',
  resource: 'arn:aws-us-gov:iam::222222222222:role/BreakGlass',
  context: requestContext({ 'aws:PrincipalArn': principalArn }),
});

describe('protection of exempted role names', () => {
  it("in AWS GovCloud the organization's access role is exempt in its own partition; anyone else is denied", () => {
    const deny = protectExemptRoles(['arn:aws-us-gov:iam::*:role/BreakGlass'], 'OrganizationAccountAccessRole', 'aws-us-gov')!;
    expect(statementApplies(deny, createBreakGlass('arn:aws-us-gov:iam::222222222222:role/OrganizationAccountAccessRole'))).toBe(false);
    expect(statementApplies(deny, createBreakGlass('arn:aws-us-gov:iam::222222222222:role/developer'))).toBe(true);
  });
});
