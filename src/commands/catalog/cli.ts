import { catalog } from '../../../guardrails/catalog/index.ts';
import { scanInputOf } from '../../deployment/config-rules.ts';
import { table } from '../../io/render.ts';
import type { CommandContext } from '../../io/context.ts';

export function registerCatalog({ cli, io }: CommandContext): void {
  cli
    .command('catalog')
    .description('list the guardrails the catalog offers')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const rows = catalog.map((g) => ({
        id: g.id,
        area: g.area,
        severity: g.severity,
        preventive: [g.scp && 'SCP', g.rcp && 'RCP', g.declarative && 'declarative'].filter(Boolean).join('+'),
        detective: g.configRule ? (g.configRule.kind === 'managed' ? g.configRule.identifier : `custom:${g.configRule.ruleId}`) : '',
        title: g.title,
      }));
      if (opts.json)
        io.out(
          JSON.stringify(
            // JSON adds what a table row cannot hold: benchmark controls, remediation, what `scan` needs to evaluate the check offline,
            // and which statements of other guardrails a declarative policy overlaps.
            rows.map((r, i) => {
              const g = catalog[i];
              return {
                ...r,
                benchmarks: g.benchmarks ?? [],
                remediation: g.remediation ?? '',
                scanInput: g.configRule ? scanInputOf(g.configRule) : '',
                ...(g.replaces ? { replaces: g.replaces } : {}),
              };
            }),
            null,
            2,
          ),
        );
      else io.out(table([['id', 'area', 'severity', 'preventive', 'detective', 'title'], ...rows.map((r) => Object.values(r))]));
    });
}
