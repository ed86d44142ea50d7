import { noParameters, type Guardrail } from '../guardrail.ts';

export const vpcFlowLogs: Guardrail = {
  id: 'vpc-flow-logs',
  title: 'Every VPC has flow logs',
  reason: 'Network traffic is logged so incidents can be investigated.',
  area: 'network',
  severity: 'medium',
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'VPC_FLOW_LOGS_ENABLED', inputParameters: () => ({ trafficType: 'ALL' }) },
  cases: [],
};
