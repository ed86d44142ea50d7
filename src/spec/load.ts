/** load → schema → semantics: a spec text becomes a typed spec, or every problem with its position. */
import { catalog } from '../../guardrails/catalog/index.ts';
import { fromCheck, hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics.ts';
import { indexOrganization, type OrganizationIndex } from '../model/organization.ts';
import { buildSpecSchema } from './schema.ts';
import { compileSchema, schemaDiagnostics } from './schema-check.ts';
import { semanticRules } from './semantics.ts';
import { SpecSource } from '../model/source.ts';
import type { GuardrailSpec } from '../model/spec.ts';

export interface LoadedSpec {
  source: SpecSource;
  spec: GuardrailSpec;
  index: OrganizationIndex;
}

export type LoadResult = { ok: true; loaded: LoadedSpec; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

let validator: ReturnType<typeof compileSchema> | undefined;
const schemaValidator = () => (validator ??= compileSchema(buildSpecSchema(catalog)));

export function parseSpec(file: string, text: string): LoadResult {
  const source = new SpecSource(file, text);
  const syntax = source.syntaxErrors().map(fromCheck('yaml-syntax'));
  if (hasErrors(syntax)) return { ok: false, diagnostics: sortDiagnostics(syntax) };
  const value = source.toJS();
  if (value === null || value === undefined) {
    return {
      ok: false,
      diagnostics: [
        {
          file,
          line: 1,
          col: 1,
          message: 'the spec is empty',
          hint: 'a spec starts with `version: 1`; see guardrails/example.yaml',
          severity: 'error',
          code: 'yaml-syntax',
        },
      ],
    };
  }
  const validate = schemaValidator();
  const schemaOk = validate(value);
  const diagnostics: Diagnostic[] = [...syntax, ...(schemaOk ? [] : schemaDiagnostics(source, validate.errors ?? []).map(fromCheck('schema')))];

  // Semantic rules run even when the schema failed, so one run reports every problem.
  // On a malformed spec a rule may trip over a value of the wrong shape: the schema
  // error already covers that spot, so such a rule is skipped rather than guessed at.
  const spec = value as GuardrailSpec;
  let index: OrganizationIndex | undefined;
  try {
    index = indexOrganization(spec.organization);
  } catch {
    index = undefined;
  }
  if (index) {
    const schemaLines = new Set(diagnostics.map((d) => d.line));
    for (const rule of semanticRules) {
      const found: Diagnostic[] = [];
      try {
        const code = `semantics/${rule.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        rule({ spec, index, source, report: (d) => found.push(fromCheck(code)(d)) });
      } catch {
        if (schemaOk) throw new Error(`semantic rule ${rule.name} failed on a schema-valid spec`);
        continue;
      }
      diagnostics.push(...(schemaOk ? found : found.filter((d) => !schemaLines.has(d.line))));
    }
  }
  const sorted = sortDiagnostics(diagnostics);
  return schemaOk && index && !hasErrors(sorted) ? { ok: true, loaded: { source, spec, index }, diagnostics: sorted } : { ok: false, diagnostics: sorted };
}
