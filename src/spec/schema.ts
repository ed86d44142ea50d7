/**
 * The spec's JSON Schema, built from code so each catalog guardrail's own parameter
 * schema is part of it. `npm run schema` writes it to guardrails/spec.schema.json for
 * editors (yaml-language-server); a test keeps that file in sync with this function.
 */
import type { Guardrail } from '../../guardrails/guardrail.ts';
import { ACCOUNT_EMAIL, ACCOUNT_NAME, OU_NAME, schemaOf, TAG_KEY, TAG_VALUE } from '../model/organizations-names.ts';

const accountId = { type: 'string', pattern: '^[0-9]{12}$', description: 'a 12-digit AWS account id; quote it in YAML' };
const region = { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$' };
const name = { type: 'string', minLength: 1 };
const nonEmptyStrings = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };
const arnPattern = { type: 'string', pattern: '^arn:(aws|aws-cn|aws-us-gov):' };
const target = { type: 'string', minLength: 1, description: '"Root", an OU path such as "Workloads/Prod", or an account name.' };

const account = {
  type: 'object',
  required: ['name', 'email'],
  additionalProperties: false,
  properties: {
    name: { ...schemaOf(ACCOUNT_NAME), description: `Unique account name, also usable as a guardrail target: ${ACCOUNT_NAME.description}.` },
    email: schemaOf(ACCOUNT_EMAIL),
    id: accountId,
    fullAwsAccess: { type: 'boolean', description: "false: only this account's own Allow statements grant anything (allow-list)." },
    reservedScpSlots: { type: 'integer', minimum: 0, maximum: 9 },
    tags: {
      type: 'object',
      propertyNames: schemaOf(TAG_KEY),
      additionalProperties: schemaOf(TAG_VALUE),
    },
  },
};

const unit = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: schemaOf(OU_NAME),
    id: { type: 'string', pattern: '^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$', description: 'Existing OU to adopt.' },
    fullAwsAccess: { type: 'boolean' },
    reservedScpSlots: { type: 'integer', minimum: 0, maximum: 9 },
    units: { type: 'array', items: { $ref: '#/$defs/unit' } },
    accounts: { type: 'array', items: { $ref: '#/$defs/account' } },
  },
};

const statement = {
  type: 'object',
  required: ['Effect'],
  additionalProperties: false,
  properties: {
    Sid: { type: 'string', pattern: '^[A-Za-z0-9]*$' },
    Effect: { enum: ['Allow', 'Deny'] },
    Action: { $ref: '#/$defs/stringOrList' },
    NotAction: { $ref: '#/$defs/stringOrList' },
    Resource: { $ref: '#/$defs/stringOrList' },
    NotResource: { $ref: '#/$defs/stringOrList' },
    Condition: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: { anyOf: [{ type: ['string', 'number', 'boolean'] }, { type: 'array', items: { type: ['string', 'number', 'boolean'] } }] },
      },
    },
    Principal: { description: 'RCPs only, and only "*"; not supported in SCPs.' },
    NotPrincipal: { description: 'Not supported in SCPs or RCPs.' },
  },
};

/** A custom SCP (`scp: NAME`) or RCP (`rcp: NAME`) entry: a name, its targets and its IAM statements. */
const customPolicy = (key: 'scp' | 'rcp') => ({
  type: 'object',
  required: [key, 'on', 'statements'],
  additionalProperties: false,
  properties: {
    [key]: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'a name of letters, digits, - and _ (at most 64)' },
    description: { type: 'string' },
    on: { type: 'array', items: target, minItems: 1 },
    statements: { type: 'array', items: statement, minItems: 1 },
  },
});

const catalogEntry = (catalog: readonly Guardrail[]) => ({
  type: 'object',
  required: ['use', 'on'],
  additionalProperties: false,
  properties: {
    use: { type: 'string', enum: catalog.map((g) => g.id) },
    on: { type: 'array', items: target, minItems: 1 },
    with: { type: 'object' },
  },
  allOf: catalog.map(catalogUse),
});

function catalogUse(g: Guardrail) {
  return {
    if: { type: 'object', properties: { use: { const: g.id } }, required: ['use'] },
    then: { properties: { with: { ...g.parameters, default: {}, description: g.title } } },
  };
}

export function buildSpecSchema(catalog: readonly Guardrail[]): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://org-guardrails.dev/spec.schema.json',
    title: 'org-guardrails spec',
    type: 'object',
    required: ['version', 'organization', 'guardrails'],
    additionalProperties: false,
    properties: {
      version: { const: 1 },
      organization: {
        type: 'object',
        required: ['managementAccountId', 'homeRegion', 'allowedRegions', 'units'],
        additionalProperties: false,
        properties: {
          managementAccountId: accountId,
          id: { type: 'string', pattern: '^o-[a-z0-9]{10,32}$' },
          homeRegion: region,
          allowedRegions: { type: 'array', items: region, minItems: 1, uniqueItems: true },
          accessRole: { type: 'string', pattern: '^[\\w+=,.@-]{1,64}$', default: 'OrganizationAccountAccessRole' },
          breakGlass: { type: 'array', items: arnPattern, default: [] },
          logArchiveAccount: name,
          auditAccount: name,
          delegatedAdministrators: {
            type: 'object',
            propertyNames: { type: 'string', pattern: '^[a-z0-9.-]+\\.amazonaws\\.com$' },
            additionalProperties: { type: 'array', items: name, minItems: 1, uniqueItems: true },
            default: {},
            description:
              'The delegated administrators already registered, by service principal (account names; written by `guardrails import`). The deployment adopts a registration of auditAccount instead of registering it again, and the rehearsal refuses one AWS would reject next to another account.',
          },
          limits: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              // AWS Organizations quotas; the SCP ones are AWS's since 2026-05-15 (10 SCPs per target, 10,240 characters).
              scpSize: { type: 'integer', minimum: 1, default: 10240, description: 'Characters per SCP document (JSON as sent).' },
              scpsPerTarget: { type: 'integer', minimum: 1, default: 10, description: 'SCPs attached per root, OU or account, counting FullAWSAccess.' },
              rcpSize: { type: 'integer', minimum: 1, default: 5120, description: 'Characters per RCP document (JSON as sent).' },
              rcpsPerTarget: { type: 'integer', minimum: 1, default: 5, description: 'RCPs attached per root, OU or account, counting RCPFullAWSAccess.' },
              declarativePolicySize: { type: 'integer', minimum: 1, default: 10000, description: 'Characters per declarative policy document.' },
              ouDepth: { type: 'integer', minimum: 1, default: 5 },
            },
          },
          reservedScpSlots: { type: 'integer', minimum: 0, maximum: 9, default: 0, description: 'Slots per target kept free for SCPs other tools attach.' },
          fullAwsAccess: { type: 'boolean', default: true, description: 'Keep FullAWSAccess attached to the root.' },
          accounts: { type: 'array', items: { $ref: '#/$defs/account' }, description: 'Accounts directly under the root.' },
          units: { type: 'array', items: { $ref: '#/$defs/unit' } },
        },
      },
      guardrails: {
        type: 'array',
        items: {
          // Discriminated by `scp`, then `rcp`, so a typo in one kind is not reported against another.
          if: { type: 'object', required: ['scp'] },
          then: customPolicy('scp'),
          else: {
            if: { type: 'object', required: ['rcp'] },
            then: customPolicy('rcp'),
            else: catalogEntry(catalog),
          },
        },
      },
      logging: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          trail: {
            type: 'object',
            additionalProperties: false,
            default: {},
            properties: {
              name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$', default: 'organization-trail' },
              organizationTrail: {
                enum: ['create', 'existing'],
                default: 'create',
                description:
                  "create: the deployment creates the organization trail, its bucket and key; existing: the organization already has one (Control Tower's, say) named `name`, and the deployment creates no second trail (nor its bucket, key or log group).",
              },
              retentionDays: { type: 'integer', minimum: 1, default: 365 },
              objectLockDays: { type: 'integer', minimum: 1 },
              cloudWatchLogs: { type: 'boolean', default: false },
              cloudWatchLogsRetentionDays: {
                enum: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
                default: 90,
              },
              dataEvents: {
                type: 'object',
                additionalProperties: false,
                default: {},
                properties: {
                  s3: { enum: ['none', 'read', 'write', 'all'], default: 'none' },
                  lambda: { enum: ['none', 'read', 'write', 'all'], default: 'none' },
                },
              },
            },
          },
        },
      },
      keys: {
        type: 'array',
        items: {
          type: 'object',
          required: ['alias', 'account'],
          additionalProperties: false,
          properties: {
            alias: { type: 'string', pattern: '^(?!aws/)[A-Za-z0-9/_-]{1,250}$' },
            account: name,
            region,
            description: { type: 'string' },
            admins: { type: 'array', items: arnPattern, default: [] },
            users: { type: 'array', items: arnPattern, default: [] },
            services: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]+\\.amazonaws\\.com$' }, default: [] },
            deletionWindowDays: { type: 'integer', minimum: 7, maximum: 30, default: 30 },
          },
        },
      },
      baseline: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          maxConcurrentPercentage: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
          failureTolerancePercentage: { type: 'integer', minimum: 0, maximum: 100, default: 10 },
          regionConcurrency: { enum: ['SEQUENTIAL', 'PARALLEL'], default: 'PARALLEL' },
          configRecorder: {
            enum: ['create', 'existing'],
            default: 'create',
            description:
              "create: the baseline creates Config's recorder and delivery channel; existing: accounts already record (Control Tower's recorder) and the baseline uses it as it is.",
          },
          configRecorderByUnit: {
            type: 'object',
            additionalProperties: { enum: ['create', 'existing'] },
            default: {},
            description: 'configRecorder for the accounts under a top-level OU, overriding the setting above.',
          },
          exclude: {
            type: 'array',
            default: [],
            description:
              'Accounts (in some regions, or all allowed regions) the baseline StackSet does not deploy to; organization Config rules skip them there too. The rehearsal does not hold the guardrails against the baseline there, and the plan says so.',
            items: {
              type: 'object',
              required: ['account'],
              additionalProperties: false,
              properties: {
                account: name,
                regions: { type: 'array', items: region, minItems: 1, uniqueItems: true, description: 'default: every allowed region' },
                reason: { type: 'string', description: 'why, repeated by the plan' },
              },
            },
          },
        },
      },
      tests: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'account', 'principal', 'action', 'expect'],
          additionalProperties: false,
          properties: {
            name,
            account: name,
            principal: { type: 'string', minLength: 1, description: 'root, role/NAME, user/NAME or a full ARN.' },
            action: { type: 'string', pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9]+$', description: 'one action, service:ActionName, no wildcards' },
            resource: { type: 'string', default: '*' },
            region,
            context: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
            resourceAccount: { type: 'string', minLength: 1, description: 'owner of the resource for RCPs: an account name or a 12-digit id' },
            expect: { enum: ['allow', 'deny', 'explicit-deny', 'implicit-deny'] },
          },
        },
      },
    },
    $defs: {
      account,
      unit,
      stringOrList: { anyOf: [{ type: 'string', minLength: 1 }, nonEmptyStrings] },
    },
  };
}
