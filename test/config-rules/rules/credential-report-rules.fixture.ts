/** A real-shaped IAM credential report (all 22 columns), for the credential-report rules' tests. */
import { parseCredentialReport } from '../../../config-rules/framework/credential-report.ts';

export const csv = `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111122223333:root,2024-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,ROOTMFA,ROOTKEY,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,true,2026-11-20T00:00:00+00:00,N/A,N/A,true,true,2026-11-01T00:00:00+00:00,2026-11-28T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
bob,arn:aws:iam::111122223333:user/bob,2024-01-01T00:00:00+00:00,true,2026-01-01T00:00:00+00:00,N/A,N/A,false,true,2026-06-01T00:00:00+00:00,N/A,N/A,N/A,true,2026-11-01T00:00:00+00:00,2026-11-27T00:00:00+00:00,us-east-1,ec2,false,N/A,false,N/A
ci,arn:aws:iam::111122223333:user/ci,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
`;
export const report = (rootMfa: boolean, rootKey: boolean) =>
  parseCredentialReport(csv.replace('ROOTMFA', String(rootMfa)).replace('ROOTKEY', String(rootKey)));
export const context = { accountId: '111122223333', now: new Date('2026-11-29T00:00:00Z') };
