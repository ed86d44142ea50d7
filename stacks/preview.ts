/**
 * Runs the Pulumi program in-process under Pulumi's mocks (the official unit-test path), with
 * no Pulumi CLI, engine or AWS credentials, and returns every resource it would register with
 * the account and region its provider points at.
 */
import { createRequire } from 'node:module';
import * as pulumi from '@pulumi/pulumi';
import { createHash } from 'node:crypto';
import type { Analysis } from '../src/deployment/analyze.ts';
import { accountNamesById } from '../src/model/organization.ts';
import { defineGuardrails, type ProgramOptions } from './program.ts';

// Pulumi's own drain of outstanding registrations (what runtime.disconnect() waits on).

export interface PlanResource {
  type: string;
  name: string;
  account: string;
  region: string;
  /** Set when the resource is adopted (imported) rather than created. */
  importId?: string;
  /** Names of the resources this one waits for (dependsOn and the resources whose outputs it takes), as the engine orders them. */
  dependsOn: string[];
  inputs: Record<string, unknown>;
  /** Resource options that decide what a replacement or removal does (set only where the program sets them). */
  options?: ResourceLifecycle;
}

export interface ResourceLifecycle {
  protect?: boolean;
  retainOnDelete?: boolean;
  /** How long the engine lets the provider wait for a create, update or delete (customTimeouts). */
  customTimeouts?: { create?: string; update?: string; delete?: string };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}
const { waitForRPCs, getMonitor } = createRequire(import.meta.url)('@pulumi/pulumi/runtime/settings.js') as {
  waitForRPCs: () => Promise<void>;
  getMonitor: () => { registerResource: (req: RegisterRequest, cb: unknown) => void; newUrn: (parent: string, type: string, name: string) => string };
};

/** URN → name, name → the URNs it depends on (the engine orders creation by them) and its lifecycle options, as the SDK sends them to the engine. */
function recordDependencies(): { names: Map<string, string>; dependencies: Map<string, string[]>; lifecycle: Map<string, ResourceLifecycle> } {
  const names = new Map<string, string>();
  const dependencies = new Map<string, string[]>();
  const lifecycle = new Map<string, ResourceLifecycle>();
  const monitor = getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    names.set(monitor.newUrn(req.getParent(), req.getType(), req.getName()), req.getName());
    dependencies.set(req.getName(), req.getDependenciesList());
    const t = req.getCustomtimeouts();
    const timeouts = t && Object.fromEntries(Object.entries({ create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() }).filter(([, v]) => v));
    const options = {
      ...(req.getProtect() ? { protect: true } : {}),
      ...(req.getRetainondelete() ? { retainOnDelete: true } : {}),
      ...(timeouts && Object.keys(timeouts).length ? { customTimeouts: timeouts } : {}),
    };
    if (Object.keys(options).length) lifecycle.set(req.getName(), options);
    register(req, cb);
  };
  return { names, dependencies, lifecycle };
}

/** Large inputs (Lambda code, templates are kept) are summarised so plan.json stays readable. */
function summarize(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > 20_000 ? `<${value.length} characters, sha256 ${createHash('sha256').update(value).digest('hex').slice(0, 16)}>` : value;
  if (Array.isArray(value)) return value.map(summarize);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // Mocks do not carry asset contents; the function's name says which rule it bundles.
    if (o.__pulumiArchive || o.__pulumiAsset) return '<bundled Lambda code>';
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, summarize(v)]));
  }
  return value;
}

export async function previewDeployment(analysis: Analysis, options: ProgramOptions): Promise<PlanResource[]> {
  const { spec, index } = analysis.loaded;
  const org = spec.organization;
  const accountName = accountNamesById(index);
  const management = accountName.get(org.managementAccountId) ?? org.managementAccountId;
  const providers = new Map<string, { account: string; region: string }>();
  const recorded: { type: string; name: string; provider?: string; importId?: string; inputs: Record<string, unknown> }[] = [];

  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (args.type === 'pulumi:providers:aws') {
          // Provider configuration reaches the engine JSON-encoded.
          const assumeRoles = typeof args.inputs.assumeRoles === 'string' ? JSON.parse(args.inputs.assumeRoles) : args.inputs.assumeRoles;
          const roleArn = (assumeRoles as { roleArn?: string }[] | undefined)?.[0]?.roleArn;
          const accountId = roleArn?.split(':')[4] ?? org.managementAccountId;
          providers.set(args.name, { account: accountName.get(accountId) ?? accountId, region: String(args.inputs.region) });
        } else if (args.custom !== false) {
          // Components (guardrails:*) group resources; only real resources are planned.
          recorded.push({ type: args.type, name: args.name, provider: args.provider, importId: args.id || undefined, inputs: args.inputs });
        }
        const id = (args.custom === false ? undefined : (args.inputs.name as string | undefined)) ?? `${args.name}-id`;
        return { id, state: { ...args.inputs, arn: `arn:aws:mock:::${args.name}`, roots: [{ id: 'r-mock' }], keyId: `${args.name}-key` } };
      },
      // Data sources (getOrganization, getOrganizationalUnit, getDetector) answer with ids as resources get them: an OU's id is its name.
      call: (args) => ({ ...args.inputs, id: (args.inputs.name as string | undefined) ?? `${args.token.split(':').pop()}-id`, roots: [{ id: 'r-mock' }] }),
    },
    'org-guardrails',
    'plan',
    false,
  );
  const graph = recordDependencies();
  defineGuardrails(analysis, options);
  await waitForRPCs();
  const dependsOn = (name: string) => [...new Set((graph.dependencies.get(name) ?? []).map((urn) => graph.names.get(urn) ?? urn))].sort();

  const where = (provider?: string): { account: string; region: string } => {
    // A provider reference is "<provider URN>::<id>"; the URN ends with the provider's name.
    const name = provider?.split('::').at(-2);
    return (name ? providers.get(name) : undefined) ?? { account: management, region: org.homeRegion };
  };
  // Registration order depends on when asynchronous inputs (the rule bundles) resolve; sort so an unchanged spec gives an identical plan.json.
  const order = (r: PlanResource) => [r.account, r.region, r.type, r.name].join('\u0000');
  const resources: PlanResource[] = recorded.map((r) => ({
    type: r.type,
    name: r.name,
    ...where(r.provider),
    ...(r.importId ? { importId: r.importId } : {}),
    dependsOn: dependsOn(r.name),
    inputs: summarize(r.inputs) as Record<string, unknown>,
    ...(graph.lifecycle.has(r.name) ? { options: graph.lifecycle.get(r.name) } : {}),
  }));
  return resources.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
