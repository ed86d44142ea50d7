/**
 * A stand-in AWS Organizations endpoint on 127.0.0.1 for tests and benches: a small stateful
 * server speaking the service's JSON 1.1 protocol (POST /, X-Amz-Target:
 * AWSOrganizationsV20161128.<Operation>, errors as { __type, message } with HTTP 400) for the
 * calls import and drift make, plus the few writes an out-of-band change needs. Pages hold at most
 * 20 items, as Organizations' List calls do. Point the SDK at it with AWS_ENDPOINT_URL_ORGANIZATIONS.
 * It answers the management account's CloudTrail and CloudFormation reads too (management-services-server.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  describeTrails,
  getTrailStatus,
  queryHandlers,
  queryError,
  ServiceError as ApiError,
  signedRegion,
  type FakeStackSet,
  type FakeTrail,
} from './management-services-server.ts';

export interface FakeAccount {
  id: string;
  name: string;
  email: string;
  parentId: string;
  state: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';
  tags: Record<string, string>;
}

export interface FakePolicy {
  id: string;
  name: string;
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' | 'DECLARATIVE_POLICY_EC2';
  awsManaged: boolean;
  description: string;
  content: string;
  targets: Set<string>;
}

export interface FakeOrganization {
  id: string;
  managementAccountId: string;
  rootId: string;
  policyTypes: { Type: string; Status: string }[];
  units: { id: string; name: string; parentId: string }[];
  accounts: FakeAccount[];
  policies: FakePolicy[];
  trustedServices: string[];
  delegated: { accountId: string; services: string[] }[];
  /** Operations answered with AccessDeniedException (to test partial reads). */
  denied: Set<string>;
  /** Trails of the management account (CloudTrail DescribeTrails); none when absent. */
  trails?: FakeTrail[];
  /** The baseline StackSets, one per Config recorder mode in use (CloudFormation ListStackInstances); a name not here is not found. */
  stackSets?: FakeStackSet[];
}

export const FULL_AWS_ACCESS_CONTENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

export function emptyOrganization(managementAccountId = '111111111111'): FakeOrganization {
  return {
    id: 'o-a1b2c3d4e5',
    managementAccountId,
    rootId: 'r-ab12',
    policyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    units: [],
    accounts: [],
    policies: [
      {
        id: 'p-FullAWSAccess',
        name: 'FullAWSAccess',
        type: 'SERVICE_CONTROL_POLICY',
        awsManaged: true,
        description: 'Allows access to every operation',
        content: FULL_AWS_ACCESS_CONTENT,
        targets: new Set(['r-ab12']),
      },
    ],
    trustedServices: [],
    delegated: [],
    denied: new Set(),
  };
}

/** RESOURCE_CONTROL_POLICY enabled on the root, and AWS's RCPFullAWSAccess on the given targets (AWS attaches it to every root, OU and account). */
export function enableResourceControlPolicies(org: FakeOrganization, targets: Iterable<string>): void {
  org.policyTypes.push({ Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' });
  org.policies.push({
    id: 'p-RCPFullAWSAccess',
    name: 'RCPFullAWSAccess',
    type: 'RESOURCE_CONTROL_POLICY',
    awsManaged: true,
    description: 'Allows access to every operation',
    content: FULL_AWS_ACCESS_CONTENT,
    targets: new Set(targets),
  });
}

const PAGE = 20;

function page<T>(items: T[], input: { NextToken?: string; MaxResults?: number }): { items: T[]; NextToken?: string } {
  const start = input.NextToken ? Number(input.NextToken) : 0;
  const size = Math.min(input.MaxResults ?? PAGE, PAGE);
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
}

const targetType = (org: FakeOrganization, id: string) => (id === org.rootId ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT');

function nameOf(org: FakeOrganization, id: string): string {
  if (id === org.rootId) return 'Root';
  return org.units.find((u) => u.id === id)?.name ?? org.accounts.find((a) => a.id === id)?.name ?? id;
}

function policy(org: FakeOrganization, id: string): FakePolicy {
  const p = org.policies.find((x) => x.id === id);
  if (!p) throw new ApiError('PolicyNotFoundException', `policy ${id} not found`);
  return p;
}

const summary = (p: FakePolicy) => ({
  Id: p.id,
  Arn: `arn:aws:organizations::aws:policy/${p.id}`,
  Name: p.name,
  Description: p.description,
  Type: p.type,
  AwsManaged: p.awsManaged,
});

type Handler = (org: FakeOrganization, input: any, region: string) => unknown;

const cloudTrailHandlers: Record<string, Handler> = {
  DescribeTrails: (org, input, region) => describeTrails(org.trails ?? [], region, input),
  GetTrailStatus: (org, input, region) => getTrailStatus(org.trails ?? [], region, input),
};

const handlers: Record<string, Handler> = {
  DescribeOrganization: (org) => ({
    Organization: {
      Id: org.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
      FeatureSet: 'ALL',
      MasterAccountId: org.managementAccountId,
    },
  }),
  ListRoots: (org) => ({ Roots: [{ Id: org.rootId, Name: 'Root', PolicyTypes: org.policyTypes }] }),
  ListOrganizationalUnitsForParent: (org, input) => {
    const { items, NextToken } = page(
      org.units.filter((u) => u.parentId === input.ParentId),
      input,
    );
    return {
      OrganizationalUnits: items.map((u) => ({ Id: u.id, Name: u.name, Arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${u.id}` })),
      NextToken,
    };
  },
  ListAccountsForParent: (org, input) => {
    const { items, NextToken } = page(
      org.accounts.filter((a) => a.parentId === input.ParentId),
      input,
    );
    return {
      Accounts: items.map((a) => ({ Id: a.id, Name: a.name, Email: a.email, State: a.state, Status: a.state === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED' })),
      NextToken,
    };
  },
  ListTagsForResource: (org, input) => {
    const account = org.accounts.find((a) => a.id === input.ResourceId);
    if (!account) throw new ApiError('TargetNotFoundException', `no account ${input.ResourceId}`);
    const { items, NextToken } = page(Object.entries(account.tags), input);
    return { Tags: items.map(([Key, Value]) => ({ Key, Value })), NextToken };
  },
  ListPolicies: (org, input) => {
    const { items, NextToken } = page(
      org.policies.filter((p) => p.type === input.Filter),
      input,
    );
    return { Policies: items.map(summary), NextToken };
  },
  DescribePolicy: (org, input) => {
    const p = policy(org, input.PolicyId);
    return { Policy: { PolicySummary: summary(p), Content: p.content } };
  },
  ListTargetsForPolicy: (org, input) => {
    const { items, NextToken } = page([...policy(org, input.PolicyId).targets], input);
    return {
      Targets: items.map((id) => ({
        TargetId: id,
        Name: nameOf(org, id),
        Type: targetType(org, id),
        Arn: `arn:aws:organizations::${org.managementAccountId}:${id}`,
      })),
      NextToken,
    };
  },
  ListAWSServiceAccessForOrganization: (org, input) => {
    const { items, NextToken } = page(org.trustedServices, input);
    return { EnabledServicePrincipals: items.map((ServicePrincipal) => ({ ServicePrincipal })), NextToken };
  },
  ListDelegatedAdministrators: (org, input) => {
    const { items, NextToken } = page(org.delegated, input);
    return {
      DelegatedAdministrators: items.map((d) => {
        const a = org.accounts.find((x) => x.id === d.accountId);
        return { Id: d.accountId, Name: a?.name, Email: a?.email, State: 'ACTIVE', Status: 'ACTIVE' };
      }),
      NextToken,
    };
  },
  ListDelegatedServicesForAccount: (org, input) => {
    const d = org.delegated.find((x) => x.accountId === input.AccountId);
    if (!d) throw new ApiError('AccountNotRegisteredException', `${input.AccountId} is not a delegated administrator`);
    const { items, NextToken } = page(d.services, input);
    return { DelegatedServices: items.map((ServicePrincipal) => ({ ServicePrincipal })), NextToken };
  },
  // Writes, for out-of-band changes in tests.
  MoveAccount: (org, input) => {
    const a = org.accounts.find((x) => x.id === input.AccountId);
    if (!a) throw new ApiError('AccountNotFoundException', `no account ${input.AccountId}`);
    if (a.parentId !== input.SourceParentId) throw new ApiError('SourceParentNotFoundException', 'the account is not under that parent');
    a.parentId = input.DestinationParentId;
    return {};
  },
  UpdatePolicy: (org, input) => {
    const p = policy(org, input.PolicyId);
    if (p.awsManaged) throw new ApiError('PolicyChangesInProgressException', 'AWS managed policies cannot be changed');
    if (input.Content !== undefined) p.content = input.Content;
    return { Policy: { PolicySummary: summary(p), Content: p.content } };
  },
  AttachPolicy: (org, input) => {
    const p = policy(org, input.PolicyId);
    if (p.targets.has(input.TargetId)) throw new ApiError('DuplicatePolicyAttachmentException', 'already attached');
    p.targets.add(input.TargetId);
    return {};
  },
  DetachPolicy: (org, input) => {
    const p = policy(org, input.PolicyId);
    if (!p.targets.delete(input.TargetId)) throw new ApiError('PolicyNotAttachedException', 'not attached');
    return {};
  },
};

export interface OrganizationsServer {
  url: string;
  org: FakeOrganization;
  /** Requests answered, per operation. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOrganizationsServer(org: FakeOrganization): Promise<OrganizationsServer> {
  const calls = new Map<string, number>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const text = await body(req);
    const region = signedRegion(req.headers.authorization);
    // CloudFormation speaks the Query protocol: the operation is the form's Action, the answer XML.
    const query = target ? undefined : new URLSearchParams(text);
    const operation = query?.get('Action') ?? target.replace(/^(AWSOrganizationsV20161128|CloudTrail_20131101)\./, '');
    calls.set(operation, (calls.get(operation) ?? 0) + 1);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': query ? 'text/xml' : 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${calls.get(operation)}` });
      res.end(query ? String(payload) : JSON.stringify(payload));
    };
    try {
      const handler = query ? undefined : target.startsWith('CloudTrail_20131101.') ? cloudTrailHandlers[operation] : handlers[operation];
      if (req.method !== 'POST' || (!query && !target.startsWith('AWSOrganizationsV20161128.') && !target.startsWith('CloudTrail_20131101.')))
        throw new ApiError('UnknownOperationException', `not an Organizations, CloudTrail or CloudFormation request: ${target}`);
      if (query ? !queryHandlers[operation] : !handler) throw new ApiError('UnknownOperationException', `${operation} is not served by this stand-in`);
      if (org.denied.has(operation))
        throw new ApiError(
          query ? 'AccessDenied' : 'AccessDeniedException',
          `User: arn:aws:iam::${org.managementAccountId}:role/reader is not authorized to perform: ${query ? 'cloudformation' : target.startsWith('CloudTrail') ? 'cloudtrail' : 'organizations'}:${operation}`,
          query ? 403 : 400,
        );
      send(200, query ? queryHandlers[operation](org.stackSets ?? [], region, query) : handler!(org, text ? JSON.parse(text) : {}, region));
    } catch (e) {
      if (!(e instanceof ApiError))
        send(500, query ? queryError(new ApiError('InternalFailure', String(e))) : { __type: 'ServiceException', message: String(e) });
      else if (query) send(e.status, queryError(e));
      else send(400, { __type: e.type, message: e.message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    org,
    calls,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
