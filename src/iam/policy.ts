/** IAM policy grammar as SCPs use it (AWS's JSON policy element reference). */
export type OneOrMany<T> = T | T[];

export type ConditionBlock = Record<string, Record<string, OneOrMany<string | number | boolean>>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
  /** Not allowed in SCPs; typed so the linter can name it. */
  Principal?: unknown;
  NotPrincipal?: unknown;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export const asList = <T>(v: OneOrMany<T> | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * AWS's own FullAWSAccess SCP, attached everywhere unless a target opts out: its fixed policy id,
 * name and document (Organizations User Guide, "AWS managed policies": p-FullAWSAccess).
 */
export const FULL_AWS_ACCESS = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } as PolicyDocument,
} as const;

/** Size as AWS counts it: UTF-8 bytes of the document exactly as sent (we send it minified). */
export const documentSize = (doc: PolicyDocument): number => Buffer.byteLength(JSON.stringify(doc), 'utf8');
