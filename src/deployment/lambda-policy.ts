/**
 * Who may invoke a custom Config rule's function: AWS Lambda's resource-based policy, as data.
 *
 * AWS Config's security best practice is a permission scoped with the source account
 * (AWS Config Developer Guide, "Custom Lambda Rules (General Example)": restrict the
 * resource-based policy with sourceARN and/or sourceAccountId —
 * https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs.html);
 * AddPermission takes one SourceAccount per statement (Lambda API Reference, AddPermission —
 * https://docs.aws.amazon.com/lambda/latest/dg/API_AddPermission.html). So an organization rule
 * needs one statement per account it reaches, and a function's policy is capped at 20 KB (Lambda
 * quotas, "Function resource-based policy": 20 KB, not adjustable —
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): about 70 accounts.
 *
 * The design: one statement per reached account while they fit; past the quota, one statement for
 * the service without a source account, and the guarantee is the function itself (it refuses an
 * event from an account outside the organization: config-rules/framework/handler.ts, and its role
 * may assume the member role only where aws:ResourceOrgID is the organization's). An account that
 * joins later is admitted on the next `pulumi up` (until then its invocations are denied: fail closed).
 */

/** Lambda quotas: function resource-based policy, 20 KB. */
export const LAMBDA_POLICY_QUOTA_BYTES = 20 * 1024;

export const CONFIG_SERVICE_PRINCIPAL = 'config.amazonaws.com';

export interface InvokeStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: { Service: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/** One statement as Lambda stores it for AddPermission (GetPolicy shows SourceAccount as AWS:SourceAccount, SourceArn as AWS:SourceArn). */
export function invokeStatement(args: {
  sid: string;
  principal: string;
  action: string;
  functionArn: string;
  sourceAccount?: string;
  sourceArn?: string;
}): InvokeStatement {
  const condition: Record<string, Record<string, string>> = {};
  if (args.sourceAccount) condition.StringEquals = { 'AWS:SourceAccount': args.sourceAccount };
  if (args.sourceArn) condition.ArnLike = { 'AWS:SourceArn': args.sourceArn };
  return {
    Sid: args.sid,
    Effect: 'Allow',
    Principal: { Service: args.principal },
    Action: args.action,
    Resource: args.functionArn,
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
}

/** The size of a function policy holding these statements, in bytes. */
export const lambdaPolicyBytes = (statements: InvokeStatement[]): number =>
  Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }));

export const configInvokeSid = (accountId?: string) => (accountId ? `config-${accountId}` : 'config');

export type ConfigInvokePermissions =
  /** One statement per account, each with its SourceAccount. */
  | { scoped: true; sourceAccounts: string[] }
  /** One statement for AWS Config from any account: per-account statements would not fit the policy quota. */
  | { scoped: false; reason: string };

/** How AWS Config is admitted to a rule function reached from these accounts. */
export function configInvokePermissions(functionArn: string, accountIds: string[]): ConfigInvokePermissions {
  const sourceAccounts = [...new Set(accountIds)].sort();
  const statements = sourceAccounts.map((a) =>
    invokeStatement({ sid: configInvokeSid(a), principal: CONFIG_SERVICE_PRINCIPAL, action: 'lambda:InvokeFunction', functionArn, sourceAccount: a }),
  );
  if (lambdaPolicyBytes(statements) <= LAMBDA_POLICY_QUOTA_BYTES) return { scoped: true, sourceAccounts };
  return {
    scoped: false,
    reason: `one invoke permission per account for ${sourceAccounts.length} accounts would not fit Lambda's ${LAMBDA_POLICY_QUOTA_BYTES / 1024} KB function policy quota: AWS Config in any account may invoke the function, which refuses events from accounts outside the organization`,
  };
}
