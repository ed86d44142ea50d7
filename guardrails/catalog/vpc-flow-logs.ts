import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const vpcFlowLogs: Guardrail = {
  id: 'vpc-flow-logs',
  title: 'Every VPC has flow logs',
  reason: 'Network traffic is logged so incidents can be investigated.',
  area: 'network',
  severity: 'medium',
  benchmarks: [...cis('3.7'), ...fsbp('EC2.6')],
  remediation:
    'Create a flow log for the VPC capturing all traffic: `aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::BUCKET` (VPC > Your VPCs > Flow logs > Create flow log).',
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'VPC_FLOW_LOGS_ENABLED', inputParameters: () => ({ trafficType: 'ALL' }) },
  cases: [],
};
