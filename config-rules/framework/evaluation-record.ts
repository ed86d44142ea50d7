/**
 * The one evaluation record `scan` writes, the live aggregator read yields and `report` renders,
 * and the versioned file that carries it from `scan --out` to `report --input`. The file is
 * checked against a JSON Schema on read: a report never guesses at a value of the wrong type
 * (a truthy non-object `exemption` would otherwise exempt, a non-string annotation crash).
 * Not imported by the Lambda handler: its bundle stays without ajv.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { ComplianceType, Exemption } from './types.ts';

export interface EvaluationRecord {
  /** The guardrail the rule belongs to, when the writer knows it (`scan` does; the aggregator does not). */
  guardrail?: string;
  configRule: string;
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  /** INSUFFICIENT_DATA comes from AWS Config's aggregator only. */
  complianceType: ComplianceType | 'INSUFFICIENT_DATA';
  annotation?: string;
  /** A NON_COMPLIANT resource whose owner holds an exemption (judged for expiry when a report is made). */
  exemption?: Exemption;
  /** When AWS Config recorded the result, if known. */
  recordedAt?: string;
}

export interface SkippedRule {
  guardrail: string;
  configRule: string;
  reason: string;
}

export const EVALUATIONS_FILE_VERSION = 1;

export interface EvaluationsFile {
  version: typeof EVALUATIONS_FILE_VERSION;
  evaluations: EvaluationRecord[];
  skipped: SkippedRule[];
}

const text = { type: 'string' };
export const evaluationsFileSchema = {
  type: 'object',
  required: ['version', 'evaluations'],
  properties: {
    version: { const: EVALUATIONS_FILE_VERSION },
    evaluations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['configRule', 'accountId', 'region', 'resourceType', 'resourceId', 'complianceType'],
        properties: {
          guardrail: text,
          configRule: { type: 'string', minLength: 1 },
          accountId: { type: 'string', pattern: '^[0-9]{12}$' },
          region: text,
          resourceType: text,
          resourceId: text,
          complianceType: { enum: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'] },
          annotation: text,
          exemption: {
            type: 'object',
            required: ['reason', 'until'],
            properties: { reason: text, until: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } },
          },
          recordedAt: text,
        },
      },
    },
    skipped: { type: 'array', items: { type: 'object', required: ['configRule', 'reason'], properties: { guardrail: text, configRule: text, reason: text } } },
  },
} as const;

let validate: ReturnType<Ajv['compile']> | undefined;
const where = (e: ErrorObject) =>
  e.instancePath
    .replace(/^\//, '')
    .replace(/\/(\d+)/g, '[$1]')
    .replace(/\//g, '.') || 'the file';

/** The file's evaluations, or a list of what is wrong with it (each naming the place), first the version. */
export function checkEvaluationsFile(document: unknown): { file: EvaluationsFile } | { problems: string[] } {
  const version = (document as { version?: unknown } | null)?.version;
  if (version !== EVALUATIONS_FILE_VERSION)
    return {
      problems: [
        version === undefined
          ? 'no "version" (expected the file `guardrails scan --out` writes, version 1)'
          : `version ${JSON.stringify(version)} is not one this org-guardrails reads (it reads version ${EVALUATIONS_FILE_VERSION}); use the org-guardrails that wrote it, or rerun scan`,
      ],
    };
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(evaluationsFileSchema);
  if (validate(document)) return { file: { skipped: [], ...(document as Omit<EvaluationsFile, 'skipped'>) } };
  const errors = validate.errors ?? [];
  return {
    problems: errors
      .slice(0, 5)
      .map((e) => `${where(e)}: ${e.message}`)
      .concat(errors.length > 5 ? [`and ${errors.length - 5} more`] : []),
  };
}
