/** Runs the shipped JSON Schema with ajv and turns its errors into positioned diagnostics. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { Diagnostic } from '../core/diagnostics.ts';
import { didYouMean } from '../core/suggest.ts';
import type { SpecSource } from '../model/source.ts';

// ajv-formats is CommonJS: under Node's ESM loader its default import is the module object.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (
  ajv: Ajv,
  formats: string[],
) => Ajv;

export function compileSchema(schema: object): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, verbose: true, useDefaults: true, strict: false, allowUnionTypes: true });
  addFormats(ajv, ['email']);
  return ajv.compile(schema);
}

const pathOf = (pointer: string): (string | number)[] =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const readable = (path: (string | number)[]): string =>
  path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || 'spec';

/** Drops the noise ajv adds around the error that matters (if/then wrappers, anyOf branches). */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  // 'if' and 'propertyNames' only wrap the precise error ajv also reports.
  const kept = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  const anyOfPaths = new Set(kept.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  // For an anyOf/oneOf failure report the combined error alone, not every branch's mismatch.
  return kept.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || !anyOfPaths.has(e.instancePath));
}

export function schemaDiagnostics(source: SpecSource, errors: ErrorObject[]): Diagnostic[] {
  return relevant(errors).map((e) => {
    const path = pathOf(e.instancePath);
    const where = readable(path);
    switch (e.keyword) {
      case 'required':
        return source.at(path, `${where}: missing required property "${(e.params as { missingProperty: string }).missingProperty}"`);
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
        return source.at([...path, extra], `${where}: unknown property "${extra}"`, didYouMean(extra, known), { key: true });
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const value = String(e.data);
        if (path[path.length - 1] === 'use') return source.at(path, `unknown guardrail "${value}"`, didYouMean(value, allowed) ?? 'see `guardrails catalog`');
        return source.at(path, `${where}: "${value}" is not one of the allowed values`, didYouMean(value, allowed) ?? `expected one of: ${allowed.join(', ')}`);
      }
      case 'const':
        return source.at(path, `${where}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`);
      case 'pattern': {
        const description = (e.parentSchema as { description?: string })?.description;
        return source.at(path, `${where}: ${JSON.stringify(e.data)} is not valid`, description ?? `must match ${(e.params as { pattern: string }).pattern}`);
      }
      case 'anyOf':
      case 'oneOf':
        return source.at(path, `${where}: has the wrong shape`, 'expected a string or a non-empty list of strings');
      case 'type': {
        const description = (e.parentSchema as { description?: string })?.description;
        return source.at(path, `${where}: ${e.message}`, description);
      }
      default:
        return source.at(path, `${where}: ${e.message}`);
    }
  });
}
