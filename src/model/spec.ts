/** The guardrail spec as the schema guarantees it (after defaults are applied). */
import type { PolicyStatement } from '../iam/policy.ts';

export interface GuardrailSpec {
  version: 1;
  organization: OrganizationSpec;
  guardrails: GuardrailUse[];
  /** Always present: the schema's defaults fill it (the one place those defaults live). */
  logging: LoggingSpec;
  keys?: KeySpec[];
  baseline: BaselineSpec;
  tests?: PolicyTestSpec[];
}

export interface OrganizationSpec {
  managementAccountId: string;
  /** o-xxxxxxxxxx; fills aws:PrincipalOrgID in simulation and scopes key/bucket policies. */
  id?: string;
  homeRegion: string;
  allowedRegions: string[];
  accessRole: string;
  breakGlass: string[];
  logArchiveAccount?: string;
  auditAccount?: string;
  /** Delegated administrators already registered: service principal → account names (as `guardrails import` read them). */
  delegatedAdministrators: Record<string, string[]>;
  /** AWS Organizations quotas (defaults: AWS's since 2026-05-15); raise where AWS raised an organization's. */
  limits: {
    /** Characters per SCP document. */
    scpSize: number;
    /** SCPs attached per root, OU or account, FullAWSAccess included. */
    scpsPerTarget: number;
    /** Characters per RCP document. */
    rcpSize: number;
    /** RCPs attached per root, OU or account, RCPFullAWSAccess included. */
    rcpsPerTarget: number;
    /** Characters per declarative policy document. */
    declarativePolicySize: number;
    ouDepth: number;
  };
  reservedScpSlots: number;
  fullAwsAccess: boolean;
  accounts?: AccountSpec[];
  units: OrganizationalUnitSpec[];
}

export interface OrganizationalUnitSpec {
  name: string;
  id?: string;
  fullAwsAccess?: boolean;
  reservedScpSlots?: number;
  units?: OrganizationalUnitSpec[];
  accounts?: AccountSpec[];
}

export interface AccountSpec {
  name: string;
  email: string;
  id?: string;
  fullAwsAccess?: boolean;
  reservedScpSlots?: number;
  tags?: Record<string, string>;
}

export interface CatalogGuardrailUse {
  use: string;
  on: string[];
  with?: Record<string, unknown>;
}

export interface CustomScpUse {
  scp: string;
  description?: string;
  on: string[];
  statements: PolicyStatement[];
}

/** A custom Resource Control Policy: same shape as a custom SCP; statements carry Principal "*". */
export interface CustomRcpUse {
  rcp: string;
  description?: string;
  on: string[];
  statements: PolicyStatement[];
}

export type GuardrailUse = CatalogGuardrailUse | CustomScpUse | CustomRcpUse;

export const isCustomScp = (g: GuardrailUse): g is CustomScpUse => 'scp' in g;
export const isCustomRcp = (g: GuardrailUse): g is CustomRcpUse => 'rcp' in g;
export const isCatalogUse = (g: GuardrailUse): g is CatalogGuardrailUse => 'use' in g;

export interface LoggingSpec {
  trail: {
    name: string;
    /** Whether the deployment creates the organization trail or one named `name` already records the organization. */
    organizationTrail: 'create' | 'existing';
    retentionDays: number;
    objectLockDays?: number;
    cloudWatchLogs: boolean;
    cloudWatchLogsRetentionDays: number;
    dataEvents: { s3: 'none' | 'read' | 'write' | 'all'; lambda: 'none' | 'read' | 'write' | 'all' };
  };
}

export interface KeySpec {
  alias: string;
  account: string;
  region?: string;
  description?: string;
  admins: string[];
  users: string[];
  services: string[];
  deletionWindowDays: number;
}

export interface BaselineSpec {
  maxConcurrentPercentage: number;
  failureTolerancePercentage: number;
  regionConcurrency: 'SEQUENTIAL' | 'PARALLEL';
  /** Whether the baseline creates Config's recorder or uses the one present (Control Tower's). */
  configRecorder: 'create' | 'existing';
  /** Per top-level OU. */
  configRecorderByUnit: Record<string, 'create' | 'existing'>;
  /** Accounts the baseline skips, in the listed regions (all allowed regions when absent). */
  exclude: BaselineExclusion[];
}

export interface BaselineExclusion {
  account: string;
  regions?: string[];
  reason?: string;
}

export interface PolicyTestSpec {
  name: string;
  account: string;
  principal: string;
  action: string;
  resource: string;
  region?: string;
  context?: Record<string, string | string[]>;
  /** Owner of the resource for RCP evaluation (account name or id); default: the account in the resource ARN, else `account`. */
  resourceAccount?: string;
  expect: 'allow' | 'deny' | 'explicit-deny' | 'implicit-deny';
}
