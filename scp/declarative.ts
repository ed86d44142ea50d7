/**
 * EC2 declarative policies: spec → one DECLARATIVE_POLICY_EC2 document per target, validated against the
 * documented attributes and values and the size quota, and the EFFECTIVE policy of each account after
 * inheritance from the Root through each OU to the account, as AWS Organizations computes it
 * ("Policy syntax and inheritance for management policy types"):
 * - policies apply in order Root → OU → ... → account; a child's `@@assign` replaces the inherited value,
 *   `@@append` adds to a list, `@@remove` takes values out;
 * - `@@operators_allowed_for_child_policies` on a node limits which of those operators policies BELOW it
 *   may use on that node and its descendants (`@@all` by default, `@@none` freezes it); a child's use of a
 *   disallowed operator is ignored, and the inherited value stays.
 */
import { catalogById } from '../guardrails/catalog/index.ts';
import type { DeclarativeNode, DeclarativePolicyDocument } from '../guardrails/declarative.ts';
import type { Diagnostic } from '../src/core/diagnostics.ts';
import { documentSize } from '../src/iam/policy.ts';
import { allTargets, chainOf, type OrganizationIndex } from '../src/model/organization.ts';
import { isCatalogUse } from '../src/model/spec.ts';
import type { LoadedSpec } from '../src/spec/load.ts';
import { policyName } from '../src/model/names.ts';

export const DECLARATIVE_POLICY_TYPE = 'DECLARATIVE_POLICY_EC2';

export interface DeclarativePolicy {
  name: string;
  target: string;
  document: DeclarativePolicyDocument;
  size: number;
  /** Guardrail ids whose attributes it carries. */
  sources: string[];
}

export interface DeclarativePlan {
  targets: Map<string, DeclarativePolicy>;
  sizeLimit: number;
}

const OPERATORS = ['@@assign', '@@append', '@@remove'];
const ONE_OF =
  (...values: string[]) =>
  (v: unknown) =>
    typeof v === 'string' && values.includes(v) ? undefined : `expected one of ${values.join(', ')}`;

/**
 * The documented ec2_attributes fields and their values (AWS Organizations User Guide, "Declarative policy
 * syntax and examples": VPC Block Public Access, serial console access, image block public access, allowed
 * images settings, instance metadata defaults, snapshot block public access). `*` stands for any key.
 */
const FIELDS: Record<string, (value: unknown) => string | undefined> = {
  exception_message: (v) => (typeof v === 'string' && v.length <= 1024 ? undefined : 'expected a message of at most 1024 characters'),
  'vpc_block_public_access.internet_gateway_block.mode': ONE_OF('off', 'block_ingress', 'block_bidirectional'),
  'vpc_block_public_access.internet_gateway_block.exclusions_allowed': ONE_OF('enabled', 'disabled'),
  'serial_console_access.status': ONE_OF('enabled', 'disabled'),
  'image_block_public_access.state': ONE_OF('unblocked', 'block_new_sharing'),
  'allowed_images_settings.state': ONE_OF('enabled', 'disabled', 'audit_mode'),
  'allowed_images_settings.image_criteria.*.allowed_image_providers': (v) =>
    Array.isArray(v) && v.every((p) => /^(amazon|aws_marketplace|aws_backup_vault|\d{12})$/.test(String(p)))
      ? undefined
      : 'expected a list of amazon, aws_marketplace, aws_backup_vault or 12-digit account ids',
  'instance_metadata_defaults.http_tokens': ONE_OF('no_preference', 'required', 'optional'),
  'instance_metadata_defaults.http_put_response_hop_limit': (v) =>
    typeof v === 'string' && (v === '-1' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64)) ? undefined : 'expected "-1" or "1" to "64"',
  'instance_metadata_defaults.http_endpoint': ONE_OF('no_preference', 'enabled', 'disabled'),
  'instance_metadata_defaults.instance_metadata_tags': ONE_OF('no_preference', 'enabled', 'disabled'),
  'snapshot_block_public_access.state': ONE_OF('unblocked', 'block_all_sharing', 'block_new_sharing'),
};
const fieldOf = (path: string[]) =>
  Object.keys(FIELDS).find((f) => f.split('.').length === path.length && f.split('.').every((p, i) => p === '*' || p === path[i]));
const prefixOf = (path: string[]) =>
  Object.keys(FIELDS).some((f) =>
    f
      .split('.')
      .slice(0, path.length)
      .every((p, i) => p === '*' || p === path[i]),
  );

/** Problems of an ec2_attributes tree: unknown attributes or fields, values outside the documented ones. */
export function validateEc2Attributes(node: DeclarativeNode, path: string[] = []): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === '@@operators_allowed_for_child_policies') {
      const ok = Array.isArray(value) && value.every((o) => ['@@all', '@@none', ...OPERATORS].includes(o));
      if (!ok) out.push(`${[...path, key].join('.')}: expected a list of @@all, @@none, ${OPERATORS.join(', ')}`);
    } else if (OPERATORS.includes(key)) {
      const field = fieldOf(path);
      const problem = field ? FIELDS[field](value) : `${path.join('.')} is not a documented ec2_attributes field`;
      if (problem) out.push(`${path.join('.')}: ${problem}${field ? ` (got ${JSON.stringify(value)})` : ''}`);
    } else if (!prefixOf([...path, key])) out.push(`${[...path, key].join('.')}: not a documented ec2_attributes field`);
    else if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...validateEc2Attributes(value, [...path, key]));
    else out.push(`${[...path, key].join('.')}: set it with an operator, e.g. { "@@assign": ... }`);
  }
  return out;
}

/** Guardrail attributes per target, in spec order. */
function attributesByTarget(loaded: LoadedSpec) {
  const out = new Map<string, { source: string; index: number; attributes: DeclarativeNode }[]>();
  loaded.spec.guardrails.forEach((use, index) => {
    if (!isCatalogUse(use)) return;
    const attributes = catalogById.get(use.use)?.declarative?.(use.with ?? {});
    if (!attributes) return;
    for (const target of use.on) out.set(target, [...(out.get(target) ?? []), { source: use.use, index, attributes }]);
  });
  return out;
}

export function compileDeclarativePolicies(loaded: LoadedSpec): { plan: DeclarativePlan; diagnostics: Diagnostic[] } {
  const sizeLimit = loaded.spec.organization.limits.declarativePolicySize;
  const plan: DeclarativePlan = { targets: new Map(), sizeLimit };
  const diagnostics: Diagnostic[] = [];
  const byTarget = attributesByTarget(loaded);
  for (const target of allTargets(loaded.index)) {
    const entries = byTarget.get(target);
    if (!entries) continue;
    const ec2: DeclarativeNode = {};
    for (const { source, index, attributes } of entries) {
      for (const [attribute, content] of Object.entries(attributes)) {
        if (attribute in ec2) {
          diagnostics.push(
            loaded.source.at(['guardrails', index, 'use'], `${target}: ${source} sets ec2_attributes.${attribute}, which another guardrail on it already sets`),
          );
          continue;
        }
        ec2[attribute] = content;
      }
      for (const problem of validateEc2Attributes(attributes)) diagnostics.push(loaded.source.at(['guardrails', index, 'with'], `${source}: ${problem}`));
    }
    const document: DeclarativePolicyDocument = { ec2_attributes: ec2 };
    const size = documentSize(document);
    if (size > sizeLimit)
      diagnostics.push(loaded.source.at(['guardrails', entries[0].index], `${target}: its declarative policy is ${size} characters; AWS allows ${sizeLimit}`));
    plan.targets.set(target, {
      name: policyName(target, 1).replace(/^guardrails-/, 'guardrails-ec2-'),
      target,
      document,
      size,
      sources: entries.map((e) => e.source),
    });
  }
  return { plan, diagnostics };
}

/** One field of an account's effective policy: its value and the target whose policy set it. */
export interface EffectiveSetting {
  path: string;
  value: unknown;
  setBy: string;
}

export interface EffectiveDeclarativePolicy {
  account: string;
  /** The effective document, as DescribeEffectivePolicy shows it (values as @@assign). */
  document: DeclarativePolicyDocument;
  settings: EffectiveSetting[];
  /** Changes a policy below tried with an operator its parents do not allow (AWS ignores them). */
  ignored: { path: string; operator: string; target: string }[];
}

interface EffectiveNode {
  value?: unknown;
  setBy?: string;
  allowed: string[];
  children: Map<string, EffectiveNode>;
}

const newNode = (allowed: string[]): EffectiveNode => ({ allowed, children: new Map() });

function restrict(node: EffectiveNode, allowed: string[]) {
  node.allowed = node.allowed.filter((o) => allowed.includes(o));
  for (const child of node.children.values()) restrict(child, allowed);
}

function applyPolicy(node: EffectiveNode, policy: DeclarativeNode, target: string, path: string[], out: EffectiveDeclarativePolicy) {
  const limits: string[][] = [];
  for (const [key, value] of Object.entries(policy)) {
    if (key === '@@operators_allowed_for_child_policies') {
      const list = value as string[];
      limits.push(list.includes('@@all') ? OPERATORS : list.includes('@@none') ? [] : list);
    } else if (OPERATORS.includes(key)) {
      // Only the operators the policies above allow (all of them unless a parent limited them).
      if (!node.allowed.includes(key)) {
        out.ignored.push({ path: path.join('.'), operator: key, target });
        continue;
      }
      const list = Array.isArray(node.value) ? (node.value as unknown[]) : [];
      node.value =
        key === '@@assign'
          ? value
          : key === '@@append'
            ? [...list, ...(value as unknown[]).filter((v) => !list.includes(v))]
            : list.filter((v) => !(value as unknown[]).includes(v));
      node.setBy = target;
    } else {
      let child = node.children.get(key);
      if (!child) node.children.set(key, (child = newNode([...node.allowed])));
      applyPolicy(child, value as DeclarativeNode, target, [...path, key], out);
    }
  }
  // Limits set here bind the policies below, not this one.
  for (const allowed of limits) restrict(node, allowed);
}

function render(node: EffectiveNode, path: string[], settings: EffectiveSetting[]): DeclarativeNode {
  const out: DeclarativeNode = {};
  if (node.value !== undefined) {
    out['@@assign'] = node.value as string | string[];
    settings.push({ path: path.join('.'), value: node.value, setBy: node.setBy! });
  }
  for (const [key, child] of node.children) out[key] = render(child, [...path, key], settings);
  return out;
}

/** The account's effective EC2 declarative policy: its chain's policies (Root → OUs → account) combined. */
export function effectiveDeclarativePolicy(plan: DeclarativePlan, index: OrganizationIndex, account: string): EffectiveDeclarativePolicy {
  const out: EffectiveDeclarativePolicy = { account, document: { ec2_attributes: {} }, settings: [], ignored: [] };
  const root = newNode([...OPERATORS]);
  for (const target of chainOf(index, account)) {
    const policy = plan.targets.get(target);
    if (policy) applyPolicy(root, policy.document.ec2_attributes, target, [], out);
  }
  out.document = { ec2_attributes: render(root, [], out.settings) };
  return out;
}
