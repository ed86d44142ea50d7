/** An IAM role an AWS service assumes, named (so policies and exemptions can name it), with AWS managed policies attached. */
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';

export function serviceRole(
  resourceName: string,
  role: { name: string; service: string; managedPolicies?: string[]; partition?: string },
  opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
  return new aws.iam.Role(
    resourceName,
    {
      name: role.name,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: role.service }, Action: 'sts:AssumeRole' }],
      }),
      ...(role.managedPolicies ? { managedPolicyArns: role.managedPolicies.map((p) => `arn:${role.partition ?? 'aws'}:iam::aws:policy/${p}`) } : {}),
    },
    opts,
  );
}
