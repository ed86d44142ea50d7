/** Lints the SCP and RCP statements every guardrail entry of a spec produces, positioned at the spec line they come from. */
import type { Diagnostic } from '../src/core/diagnostics.ts';
import type { LoadedSpec } from '../src/spec/load.ts';
import { statementsOfSpec } from './compile.ts';
import type { IamReference } from '../src/iam/reference.ts';
import { lintStatement } from '../src/iam/lint.ts';

export function lintSpec(loaded: LoadedSpec, iam: IamReference): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A misspelt action in a test would make the assertion meaningless, so tests are linted like statements.
  loaded.spec.tests?.forEach((t, i) => {
    for (const f of lintStatement({ Effect: 'Deny', Action: t.action, Resource: '*' }, iam))
      out.push(loaded.source.at(['tests', i, 'action'], `test "${t.name}": ${f.message}`, f.hint));
  });
  for (const { index, statements, custom, type } of statementsOfSpec(loaded)) {
    const kind = type === 'RESOURCE_CONTROL_POLICY' ? 'RCP' : 'SCP';
    statements.forEach((statement, j) => {
      for (const f of lintStatement(statement, iam, kind)) {
        if (custom) {
          out.push(
            loaded.source.at(['guardrails', index, 'statements', j, ...f.path], f.message, f.hint, {
              severity: f.severity,
              key: f.path[0] === 'Condition' && f.path.length < 3,
            }),
          );
        } else {
          // Catalog statements are linted in the test suite; what fails here comes from `with:` values.
          const use = loaded.spec.guardrails[index] as { use: string };
          out.push(loaded.source.at(['guardrails', index, 'with'], `${use.use}: ${f.message}`, f.hint, { severity: f.severity }));
        }
      }
    });
  }
  return out;
}
