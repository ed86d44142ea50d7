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

/** Largest spec accepted: a spec of 5,000 accounts is about 1 MB; beyond this, parsing alone would take long. */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;

export function parseSpec(file: string, text: string): LoadResult {
  if (text.length > MAX_SPEC_BYTES) {
    const message = `the spec is ${text.length} characters; at most ${MAX_SPEC_BYTES} are accepted`;
    return { ok: false, diagnostics: [{ file, line: 1, col: 1, message, hint: 'check that this is the spec file', severity: 'error' }] };
  }
  const source = new SpecSource(file, text);
  const syntax = source.syntaxErrors().map(fromCheck('yaml-syntax'));
  if (hasErrors(syntax)) return { ok: false, diagnostics: sortDiagnostics(syntax) };
  const js = source.toJS();
  if ('error' in js) return { ok: false, diagnostics: [js.error] };
  const value = js.value;
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
