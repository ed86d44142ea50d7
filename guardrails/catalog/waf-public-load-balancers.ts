import { fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const wafPublicLoadBalancers: Guardrail = {
  id: 'waf-public-load-balancers',
  title: 'Application load balancers have AWS WAF attached',
  reason: 'Web applications sit behind WAF against SQL injection, XSS and brute force.',
  area: 'network',
  severity: 'medium',
  benchmarks: [...fsbp('ELB.16')],
  remediation:
    'Associate a web ACL with the load balancer: `aws wafv2 associate-web-acl --web-acl-arn WEBACL --resource-arn ALB` (WAF & Shield > Web ACLs > Associated AWS resources).',
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'ALB_WAF_ENABLED' },
  cases: [],
};
