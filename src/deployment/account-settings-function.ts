/**
 * Inline code of the baseline's custom resource (CloudFormation has no resource for the IAM
 * password policy, the account-level S3 public access block or EBS default encryption, and
 * AWS::IAM::ServiceLinkedRole fails where Config's service-linked role already exists). Runs
 * on the nodejs22.x runtime, whose bundled AWS SDK v3 it uses; answers CloudFormation through
 * the pre-signed ResponseURL. On delete it leaves the settings in place: removing a baseline
 * must not weaken an account.
 */
import { ACCOUNT_SETTINGS_RESOURCE_ID } from '../model/names.ts';

export const ACCOUNT_SETTINGS_FUNCTION = String.raw`
const https = require('node:https');
const { IAMClient, UpdateAccountPasswordPolicyCommand, CreateServiceLinkedRoleCommand } = require('@aws-sdk/client-iam');
const { S3ControlClient, PutPublicAccessBlockCommand } = require('@aws-sdk/client-s3-control');
const { EC2Client, EnableEbsEncryptionByDefaultCommand } = require('@aws-sdk/client-ec2');
const respond = (event, status, reason) => new Promise((resolve) => {
  const body = JSON.stringify({ Status: status, Reason: reason, PhysicalResourceId: '${ACCOUNT_SETTINGS_RESOURCE_ID}', StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId });
  const req = https.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', resolve); });
  req.on('error', resolve);
  req.end(body);
});
exports.handler = async (event) => {
  try {
    if (event.RequestType !== 'Delete') {
      const p = event.ResourceProperties;
      const account = event.ServiceToken.split(':')[4];
      // The settings arrive in the shape of the AWS requests that apply them (AccountBaselineSettings).
      const s = JSON.parse(p.Settings || '{}');
      if (p.ConfigServiceLinkedRole === 'true') {
        try {
          await new IAMClient({}).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
        } catch (e) {
          if (!/has been taken|already exists/i.test(String(e && e.message))) throw e;
        }
      }
      if (s.passwordPolicy) await new IAMClient({}).send(new UpdateAccountPasswordPolicyCommand(s.passwordPolicy));
      if (s.s3AccountPublicAccessBlock) {
        await new S3ControlClient({}).send(new PutPublicAccessBlockCommand({ AccountId: account, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
      }
      if (s.ebsEncryptionByDefault) await new EC2Client({}).send(new EnableEbsEncryptionByDefaultCommand({}));
    }
    await respond(event, 'SUCCESS', 'ok');
  } catch (e) {
    await respond(event, 'FAILED', String(e && e.message || e).slice(0, 500));
  }
};
`;
