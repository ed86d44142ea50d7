import { noParameters, type Guardrail } from '../guardrail.ts';

export const wafPublicLoadBalancers: Guardrail = {
  id: 'waf-public-load-balancers',
  title: 'Application load balancers have AWS WAF attached',
  reason: 'Web applications sit behind WAF against SQL injection, XSS and brute force.',
  area: 'network',
  severity: 'medium',
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'ALB_WAF_ENABLED' },
  cases: [],
};
