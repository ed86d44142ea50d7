/**
 * EC2 declarative policies (AWS Organizations User Guide, "Declarative policy syntax and examples"):
 * a document `{ "ec2_attributes": { ATTRIBUTE: { FIELD: { "@@assign": VALUE } } } }` in the management
 * policy syntax, whose inheritance operators (@@assign, @@append, @@remove,
 * @@operators_allowed_for_child_policies) say how an OU's or account's policy may change its parents'.
 * A catalog guardrail with a declarative part contributes one attribute; `declarativeGuardrail` builds it.
 */
import type { Guardrail, ParameterSchema, SecurityArea, Severity } from './guardrail.ts';

/** A node of a management policy: child keys, or operator keys with their values. */
export interface DeclarativeNode {
  [key: string]: DeclarativeNode | string | string[];
}

export interface DeclarativePolicyDocument {
  ec2_attributes: DeclarativeNode;
}

/** `{ "@@assign": value }`: the documented way to set a field. */
export const assign = (value: string): DeclarativeNode => ({ '@@assign': value });

/** Stops OUs and accounts below from changing the attribute: parent values then always win. */
export const LOCK_CHILDREN: DeclarativeNode = { '@@operators_allowed_for_child_policies': ['@@none'] };

/** Which SCP statement of the catalog a declarative attribute can replace, and which to prefer. */
export interface Replaces {
  guardrail: string;
  statements: string[];
  prefer: 'declarative' | 'scp' | 'both';
  why: string;
}

interface DeclarativeGuardrailInput<P> {
  id: string;
  title: string;
  reason: string;
  area: SecurityArea;
  severity: Severity;
  /** The attribute's key under ec2_attributes. */
  attribute: string;
  properties: Record<string, object>;
  content: (params: P) => DeclarativeNode;
  remediation?: string;
  replaces?: Replaces;
}

const lockChildren = {
  type: 'boolean',
  default: true,
  description: 'Forbid OUs and accounts below from changing the attribute (@@operators_allowed_for_child_policies: ["@@none"]).',
};

export function declarativeGuardrail<P extends { lockChildren: boolean }>(input: DeclarativeGuardrailInput<P>): Guardrail<P> {
  const parameters: ParameterSchema = { type: 'object', properties: { ...input.properties, lockChildren }, additionalProperties: false };
  return {
    id: input.id,
    title: input.title,
    reason: input.reason,
    area: input.area,
    severity: input.severity,
    remediation: input.remediation,
    parameters,
    declarative: (params) => ({ [input.attribute]: { ...(params.lockChildren ? LOCK_CHILDREN : {}), ...input.content(params) } }),
    replaces: input.replaces,
    cases: [],
  };
}
