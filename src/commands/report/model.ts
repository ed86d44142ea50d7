/**
 * The one compliance model every report format renders. Built by streaming evaluation
 * results into it: counters per guardrail and account, and the findings list; results
 * are never held twice. Renderers only format this; they never compute compliance.
 */
import { catalogById } from '../../../guardrails/catalog/index.ts';
import type { BenchmarkControl, SecurityArea, Severity } from '../../../guardrails/guardrail.ts';
import { exemptionExpired, parseExemptedAnnotation } from '../../../config-rules/framework/exemption.ts';
import type { ComplianceType, Exemption } from '../../../config-rules/framework/types.ts';
import type { EvaluationRecord } from '../../../config-rules/framework/evaluation-record.ts';
import type { ConfigRuleDeployment } from '../../deployment/config-rules.ts';

export type Counts = Record<ComplianceType, number>;
const zero = (): Counts => ({ COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 });

export interface GuardrailSummary {
  guardrail: string | null;
  title: string;
  area: SecurityArea | 'unknown';
  severity: Severity | 'unknown';
  configRules: string[];
  /** False for Config rules the spec does not deploy. */
  known: boolean;
  counts: Counts;
  exempted: number;
}

export interface AccountSummary {
  accountId: string;
  account: string | null;
  counts: Counts;
  exempted: number;
  /** NON_COMPLIANT (not exempted) per guardrail id (or config rule name when unknown); a Map, as a rule may be named `constructor`. */
  noncompliantByGuardrail: Map<string, number>;
}

export interface Finding {
  guardrail: string | null;
  title: string;
  area: string;
  severity: string;
  configRule: string;
  accountId: string;
  account: string | null;
  region: string;
  resourceType: string;
  resourceId: string;
  annotation: string;
  exemption?: Exemption;
  /** From the guardrail's catalog entry, when it declares them. */
  benchmarks?: BenchmarkControl[];
  remediation?: string;

  /** An exemption that had run out when the report was made: the finding counts as open. */
  expiredExemption?: Exemption;
}

export interface ComplianceReport {
  generatedAt: string;
  source: string;
  summary: Counts;
  /** Percentage of COMPLIANT among COMPLIANT + NON_COMPLIANT (exempted count as NON_COMPLIANT). */
  score: number | null;
  exempted: number;
  byGuardrail: GuardrailSummary[];
  byAccount: AccountSummary[];
  findings: Finding[];
}

/** Org rules appear in member accounts as OrgConfigRule-<name>-<suffix>; map them back to the spec's names. */
export function ruleNameMatcher(deployments: ConfigRuleDeployment[]): (configRule: string) => ConfigRuleDeployment | undefined {
  const byName = new Map(deployments.map((d) => [d.name, d]));
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);
  const cache = new Map<string, ConfigRuleDeployment | undefined>();
  return (configRule) => {
    if (cache.has(configRule)) return cache.get(configRule);
    const bare = configRule.replace(/^OrgConfigRule-/, '');
    const name = byName.has(bare) ? bare : names.find((n) => bare.startsWith(`${n}-`) && /^-[A-Za-z0-9]{4,16}$/.test(bare.slice(n.length)));
    const found = name ? byName.get(name) : undefined;
    cache.set(configRule, found);
    return found;
  };
}

export class ReportBuilder {
  private readonly summary = zero();
  private exempted = 0;
  private readonly guardrails = new Map<string, GuardrailSummary>();
  private readonly accounts = new Map<string, AccountSummary>();
  private readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly match: (configRule: string) => ConfigRuleDeployment | undefined;
  duplicates = 0;

  constructor(
    deployments: ConfigRuleDeployment[],
    private readonly accountNames: ReadonlyMap<string, string>,
    /** When the report is made: exemptions are judged for expiry now, not when the rule last ran. */
    private readonly now: Date = new Date(),
  ) {
    this.match = ruleNameMatcher(deployments);
    // Every guardrail the spec deploys appears, even with no results yet.
    for (const d of deployments) this.guardrailEntry(d.guardrail.id, d.name);
  }

  private guardrailEntry(id: string | null, configRule: string): GuardrailSummary {
    const key = id ?? `rule:${configRule}`;
    let entry = this.guardrails.get(key);
    if (!entry) {
      const g = id ? catalogById.get(id) : undefined;
      entry = {
        guardrail: id,
        title: g?.title ?? `Config rule ${configRule} (not in the spec)`,
        area: g?.area ?? 'unknown',
        severity: g?.severity ?? 'unknown',
        configRules: [],
        known: Boolean(g),
        counts: zero(),
        exempted: 0,
      };
      this.guardrails.set(key, entry);
    }
    if (!entry.configRules.includes(configRule)) entry.configRules.push(configRule);
    return entry;
  }

  add(result: EvaluationRecord): void {
    if (result.complianceType === 'INSUFFICIENT_DATA') return;
    // One result per (Config rule, account, region, resource): a repeat (pages shifting during a read) is not counted twice.
    const key = `${result.configRule}\u0000${result.accountId}\u0000${result.region}\u0000${result.resourceType}\u0000${result.resourceId}`;
    if (this.seen.has(key)) {
      this.duplicates++;
      return;
    }
    this.seen.add(key);
    const deployment = this.match(result.configRule);
    const guardrailId = deployment?.guardrail.id ?? null;
    // A change-triggered rule leaves "EXEMPTED until …" in AWS Config until the resource changes again: judge it now.
    const claimed = result.complianceType === 'NON_COMPLIANT' ? (result.exemption ?? parseExemptedAnnotation(result.annotation)) : undefined;
    const expiredExemption = claimed && exemptionExpired(claimed, this.now) ? claimed : undefined;
    const exemption = expiredExemption ? undefined : claimed;
    const type = result.complianceType;
    this.summary[type]++;
    const g = this.guardrailEntry(guardrailId, deployment?.name ?? result.configRule);
    g.counts[type]++;
    let a = this.accounts.get(result.accountId);
    if (!a)
      this.accounts.set(
        result.accountId,
        (a = {
          accountId: result.accountId,
          account: this.accountNames.get(result.accountId) ?? null,
          counts: zero(),
          exempted: 0,
          noncompliantByGuardrail: new Map(),
        }),
      );
    a.counts[type]++;
    if (type !== 'NON_COMPLIANT') return;
    if (exemption) {
      this.exempted++;
      g.exempted++;
      a.exempted++;
    } else {
      const column = guardrailId ?? result.configRule;
      a.noncompliantByGuardrail.set(column, (a.noncompliantByGuardrail.get(column) ?? 0) + 1);
    }
    this.findings.push({
      guardrail: guardrailId,
      title: g.title,
      area: g.area,
      severity: g.severity,
      configRule: result.configRule,
      accountId: result.accountId,
      account: a.account,
      region: result.region,
      resourceType: result.resourceType,
      resourceId: result.resourceId,
      annotation: result.annotation ?? '',
      ...(exemption ? { exemption } : {}),
      ...guidanceOf(guardrailId),

      ...(expiredExemption ? { expiredExemption } : {}),
    });
  }

  build(source: string, now: Date = this.now): ComplianceReport {
    const rated = this.summary.COMPLIANT + this.summary.NON_COMPLIANT;
    const severityRank = { critical: 0, high: 1, medium: 2, low: 3, unknown: 4 };
    return {
      generatedAt: now.toISOString(),
      source,
      summary: { ...this.summary },
      score: rated === 0 ? null : Math.round((this.summary.COMPLIANT / rated) * 1000) / 10,
      exempted: this.exempted,
      byGuardrail: [...this.guardrails.values()].sort(
        (x, y) =>
          Number(y.known) - Number(x.known) ||
          y.counts.NON_COMPLIANT - x.counts.NON_COMPLIANT ||
          (x.guardrail ?? x.title).localeCompare(y.guardrail ?? y.title),
      ),
      byAccount: [...this.accounts.values()].sort((x, y) => y.counts.NON_COMPLIANT - x.counts.NON_COMPLIANT || x.accountId.localeCompare(y.accountId)),
      findings: this.findings.sort(
        (x, y) =>
          Number(Boolean(x.exemption)) - Number(Boolean(y.exemption)) ||
          severityRank[x.severity as keyof typeof severityRank] - severityRank[y.severity as keyof typeof severityRank] ||
          x.accountId.localeCompare(y.accountId) ||
          x.resourceId.localeCompare(y.resourceId),
      ),
    };
  }
}

/** The catalog's benchmark controls and remediation text for a finding of this guardrail. */
function guidanceOf(guardrailId: string | null): Pick<Finding, 'benchmarks' | 'remediation'> {
  const g = guardrailId ? catalogById.get(guardrailId) : undefined;
  return { ...(g?.benchmarks?.length ? { benchmarks: g.benchmarks } : {}), ...(g?.remediation ? { remediation: g.remediation } : {}) };
}

/** NON_COMPLIANT findings that are not exempted: what `--fail-on noncompliant` fails on. */
export const failingFindings = (report: ComplianceReport): Finding[] => report.findings.filter((f) => !f.exemption);
