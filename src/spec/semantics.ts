/**
 * Checks the schema cannot express. Each rule reads the spec and the organization
 * index and pushes diagnostics; all rules always run, so every problem comes back at once.
 */
import { catalogById } from '../../guardrails/catalog/index.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { allTargets, ROOT, targetKind, type OrganizationIndex } from '../model/organization.ts';
import { didYouMean } from '../core/suggest.ts';
import { AWS_REGIONS } from '../model/regions.ts';
import { DELEGATED_ADMINISTRATOR_LIMITS } from '../model/delegated-administrators.ts';
import type { SpecSource } from '../model/source.ts';
import { isCatalogUse, isCustomRcp, isCustomScp, type GuardrailSpec, type GuardrailUse } from '../model/spec.ts';

export interface SemanticContext {
  spec: GuardrailSpec;
  index: OrganizationIndex;
  source: SpecSource;
  report: (d: Diagnostic) => void;
}

type Rule = (ctx: SemanticContext) => void;

function duplicates<T>(items: T[], keyOf: (t: T) => string | undefined, onDuplicate: (item: T, first: T) => void) {
  const seen = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first) onDuplicate(item, first);
    else seen.set(key, item);
  }
}

const line = (ctx: SemanticContext, path: readonly (string | number)[]) => ctx.source.positionOf(path).line;

const uniqueAccounts: Rule = (ctx) => {
  const { allAccounts } = ctx.index;
  duplicates(
    allAccounts,
    (a) => a.name,
    (a, first) =>
      ctx.report(ctx.source.at([...a.specPath, 'name'], `duplicate account name "${a.name}"`, `first defined on line ${line(ctx, first.specPath)}`)),
  );
  duplicates(
    allAccounts,
    (a) => a.email.toLowerCase(),
    (a, first) => ctx.report(ctx.source.at([...a.specPath, 'email'], `duplicate account email "${a.email}"`, `also used by "${first.name}"`)),
  );
  duplicates(
    allAccounts,
    (a) => a.id,
    (a, first) => ctx.report(ctx.source.at([...a.specPath, 'id'], `duplicate account id ${a.id}`, `also used by "${first.name}"`)),
  );
};

const uniqueUnits: Rule = (ctx) => {
  duplicates(
    ctx.index.allUnits,
    (u) => u.path,
    (u) => ctx.report(ctx.source.at([...u.specPath, 'name'], `duplicate organizational unit "${u.path}"`)),
  );
  duplicates(
    ctx.index.allUnits,
    (u) => u.id,
    (u, first) => ctx.report(ctx.source.at([...u.specPath, 'id'], `duplicate organizational unit id ${u.id}`, `also used by "${first.path}"`)),
  );
};

/** A target string must name exactly one thing, and "Root" is reserved. */
const unambiguousTargets: Rule = (ctx) => {
  for (const account of ctx.index.allAccounts) {
    if (account.name === ROOT) ctx.report(ctx.source.at([...account.specPath, 'name'], `"${ROOT}" is reserved for the organization root; rename the account`));
    else if (ctx.index.units.has(account.name))
      ctx.report(ctx.source.at([...account.specPath, 'name'], `account name "${account.name}" is also an OU path; targets would be ambiguous`));
  }
  for (const unit of ctx.index.allUnits) {
    if (unit.path === ROOT) ctx.report(ctx.source.at([...unit.specPath, 'name'], `"${ROOT}" is reserved for the organization root; rename the OU`));
  }
};

const ouDepth: Rule = (ctx) => {
  const max = ctx.spec.organization.limits.ouDepth;
  for (const unit of ctx.index.allUnits) {
    if (unit.depth > max)
      ctx.report(
        ctx.source.at([...unit.specPath, 'name'], `OU "${unit.path}" is nested ${unit.depth} levels deep; AWS Organizations allows ${max} below the root`),
      );
  }
};

const regions: Rule = (ctx) => {
  const { organization: org } = ctx.spec;
  const allowed = new Set(org.allowedRegions);
  const known = (path: (string | number)[], region: string): boolean => {
    if (AWS_REGIONS.has(region)) return true;
    ctx.report(ctx.source.at(path, `unknown AWS region "${region}"`, didYouMean(region, AWS_REGIONS)));
    return false;
  };
  org.allowedRegions.forEach((r, i) => known(['organization', 'allowedRegions', i], r));
  const mustBeAllowed = (path: (string | number)[], region: string, what: string) => {
    if (known(path, region) && !allowed.has(region)) {
      ctx.report(
        ctx.source.at(
          path,
          `${what} "${region}" is outside organization.allowedRegions`,
          didYouMean(region, allowed) ?? `allowed: ${org.allowedRegions.join(', ')}`,
        ),
      );
    }
  };
  mustBeAllowed(['organization', 'homeRegion'], org.homeRegion, 'home region');
  ctx.spec.keys?.forEach((k, i) => k.region && mustBeAllowed(['keys', i, 'region'], k.region, 'key region'));
  ctx.spec.baseline?.exclude?.forEach((x, i) => x.regions?.forEach((r, j) => mustBeAllowed(['baseline', 'exclude', i, 'regions', j], r, 'excluded region')));
  // A test may deliberately ask about a region outside the allowed ones (to prove it is denied), but it must exist.
  ctx.spec.tests?.forEach((t, i) => t.region && known(['tests', i, 'region'], t.region));
};

const specialAccounts: Rule = (ctx) => {
  const names = [...ctx.index.accounts.keys()];
  for (const key of ['logArchiveAccount', 'auditAccount'] as const) {
    const name = ctx.spec.organization[key];
    if (name !== undefined && !ctx.index.accounts.has(name))
      ctx.report(ctx.source.at(['organization', key], `${key} names unknown account "${name}"`, didYouMean(name, names)));
  }
  const management = ctx.index.allAccounts.filter((a) => a.isManagement);
  if (ctx.spec.organization.logArchiveAccount && ctx.index.accounts.get(ctx.spec.organization.logArchiveAccount)?.isManagement) {
    ctx.report(
      ctx.source.at(
        ['organization', 'logArchiveAccount'],
        'the log archive must not be the management account',
        'AWS recommends a dedicated log-archive account',
      ),
    );
  }
  if (management.length === 0 && ctx.index.allAccounts.length > 0) {
    ctx.report(
      ctx.source.at(
        ['organization', 'managementAccountId'],
        `no account in the spec has the management account id ${ctx.spec.organization.managementAccountId}`,
        'add the management account (usually under the root or a Security OU)',
        { severity: 'warning' },
      ),
    );
  }
};

/** Break-glass patterns that match every principal would switch every deny guardrail off. */
const breakGlass: Rule = (ctx) => {
  ctx.spec.organization.breakGlass.forEach((pattern, i) => {
    const [, , , , account = '', resource = ''] = pattern.split(':');
    if (/^\*?$/.test(resource) || /^(role|user)\/\*$/.test(resource) || (account === '*' && resource === '*')) {
      ctx.report(
        ctx.source.at(
          ['organization', 'breakGlass', i],
          `break-glass pattern "${pattern}" matches every principal and would exempt everyone from the guardrails`,
          'name the break-glass role, e.g. arn:aws:iam::*:role/BreakGlass',
        ),
      );
    }
  });
};

/** `scp:NAME` / `rcp:NAME` for a custom policy, the catalog id otherwise. */
const entryId = (use: GuardrailUse): string => (isCustomScp(use) ? `scp:${use.scp}` : isCustomRcp(use) ? `rcp:${use.rcp}` : use.use);

const guardrailUses: Rule = (ctx) => {
  const targets = allTargets(ctx.index);
  const applied = new Set<string>();
  const customNames = new Map<string, number>();
  ctx.spec.guardrails.forEach((use, i) => {
    const id = entryId(use);
    const guardrail = isCatalogUse(use) ? catalogById.get(use.use) : undefined;
    use.on.forEach((target, j) => {
      const kind = targetKind(ctx.index, target);
      if (!kind) {
        ctx.report(
          ctx.source.at(
            ['guardrails', i, 'on', j],
            `unknown target "${target}"`,
            didYouMean(target, targets) ?? 'a target is Root, an OU path such as Workloads/Prod, or an account name',
          ),
        );
        return;
      }
      if (applied.has(`${id}@${target}`))
        ctx.report(ctx.source.at(['guardrails', i, 'on', j], `"${id.replace(/^(scp|rcp):/, '')}" is already applied to "${target}"`));
      applied.add(`${id}@${target}`);
      const account = kind === 'account' ? ctx.index.accounts.get(target) : undefined;
      if (!account?.isManagement) return;
      // AWS Organizations: SCPs never restrict the management account, RCPs never its resources.
      const kinds = [isCustomScp(use) || guardrail?.scp ? 'SCPs' : '', isCustomRcp(use) || guardrail?.rcp ? 'RCPs' : ''].filter(Boolean);
      if (kinds.length) {
        ctx.report(
          ctx.source.at(
            ['guardrails', i, 'on', j],
            `${kinds.join(' and ')} never apply to the management account "${target}"`,
            'protect it with IAM and its own controls',
            {
              severity: 'warning',
            },
          ),
        );
      }
    });
    if (!isCatalogUse(use)) {
      const key = isCustomScp(use) ? 'scp' : 'rcp';
      if (customNames.has(id))
        ctx.report(
          ctx.source.at(
            ['guardrails', i, key],
            `duplicate custom ${key.toUpperCase()} name "${id.slice(4)}"`,
            `first defined on line ${line(ctx, ['guardrails', customNames.get(id)!])}`,
          ),
        );
      else customNames.set(id, i);
      return;
    }
    for (const problem of guardrail?.check?.(use.with ?? {}, ctx.spec) ?? []) {
      ctx.report(ctx.source.at(['guardrails', i, 'with', ...problem.path], problem.message, problem.hint));
    }
  });
};

const tests: Rule = (ctx) => {
  const names = [...ctx.index.accounts.keys()];
  ctx.spec.tests?.forEach((t, i) => {
    if (!ctx.index.accounts.has(t.account))
      ctx.report(ctx.source.at(['tests', i, 'account'], `test "${t.name}" names unknown account "${t.account}"`, didYouMean(t.account, names)));
    if (!/^(root|(role|user)\/[\w+=,.@/-]+|arn:(aws|aws-cn|aws-us-gov):(iam|sts)::(\d{12}|\*)?:.+)$/.test(t.principal)) {
      ctx.report(ctx.source.at(['tests', i, 'principal'], `principal "${t.principal}" is not root, role/NAME, user/NAME or an IAM/STS ARN`));
    }
    // An id outside the organization is a valid owner (an external bucket: no RCPs); a name must be the spec's.
    if (t.resourceAccount !== undefined && !/^\d{12}$/.test(t.resourceAccount) && !ctx.index.accounts.has(t.resourceAccount))
      ctx.report(
        ctx.source.at(
          ['tests', i, 'resourceAccount'],
          `test "${t.name}" names unknown resource account "${t.resourceAccount}"`,
          didYouMean(t.resourceAccount, names) ?? 'give an account name of the spec or a 12-digit account id',
        ),
      );
  });
  duplicates(
    ctx.spec.tests ?? [],
    (t) => t.name,
    (t) => ctx.report(ctx.source.at(['tests', ctx.spec.tests!.indexOf(t), 'name'], `duplicate test name "${t.name}"`)),
  );
};

const keys: Rule = (ctx) => {
  const names = [...ctx.index.accounts.keys()];
  ctx.spec.keys?.forEach((k, i) => {
    if (!ctx.index.accounts.has(k.account))
      ctx.report(ctx.source.at(['keys', i, 'account'], `key "${k.alias}" names unknown account "${k.account}"`, didYouMean(k.account, names)));
    else if (!ctx.index.accounts.get(k.account)!.id)
      ctx.report(ctx.source.at(['keys', i, 'account'], `key "${k.alias}" is in account "${k.account}", which has no id yet`, 'vend the account first'));
    if (k.admins.length === 0)
      ctx.report(ctx.source.at(['keys', i], `key "${k.alias}" has no admins`, 'only the account root would administer it', { severity: 'warning' }));
  });
  duplicates(
    ctx.spec.keys ?? [],
    (k) => `${k.account}/${k.region ?? ''}/${k.alias}`,
    (k) => ctx.report(ctx.source.at(['keys', ctx.spec.keys!.indexOf(k), 'alias'], `duplicate key alias "${k.alias}" in account "${k.account}"`)),
  );
};

/** Accounts the spec names as existing delegated administrators, or excludes from the baseline, must be in the spec. */
const adoptedAndExcludedAccounts: Rule = (ctx) => {
  const names = [...ctx.index.accounts.keys()];
  for (const [service, accounts] of Object.entries(ctx.spec.organization.delegatedAdministrators ?? {})) {
    const limit = DELEGATED_ADMINISTRATOR_LIMITS[service];
    if (limit && accounts.length > limit.max)
      ctx.report(
        ctx.source.at(
          ['organization', 'delegatedAdministrators', service],
          `${service} has at most ${limit.max} delegated administrator${limit.max === 1 ? '' : 's'}, not ${accounts.length}`,
          limit.doc,
        ),
      );
    accounts.forEach((name, i) => {
      if (!ctx.index.accounts.has(name))
        ctx.report(
          ctx.source.at(
            ['organization', 'delegatedAdministrators', service, i],
            `delegated administrator of ${service}: unknown account "${name}"`,
            didYouMean(name, names),
          ),
        );
    });
  }
  ctx.spec.baseline?.exclude?.forEach((x, i) => {
    if (!ctx.index.accounts.has(x.account))
      ctx.report(ctx.source.at(['baseline', 'exclude', i, 'account'], `baseline.exclude names unknown account "${x.account}"`, didYouMean(x.account, names)));
  });
};

const recorderUnits: Rule = (ctx) => {
  for (const unit of Object.keys(ctx.spec.baseline?.configRecorderByUnit ?? {}))
    if (!ctx.index.root.units.includes(unit))
      ctx.report(
        ctx.source.at(
          ['baseline', 'configRecorderByUnit', unit],
          `"${unit}" is not a top-level OU`,
          didYouMean(unit, ctx.index.root.units) ?? 'the baseline targets top-level OUs',
        ),
      );
};

export const semanticRules: readonly Rule[] = [
  uniqueAccounts,
  uniqueUnits,
  unambiguousTargets,
  ouDepth,
  regions,
  specialAccounts,
  breakGlass,
  guardrailUses,
  tests,
  keys,
  recorderUnits,
  adoptedAndExcludedAccounts,
];
