/**
 * Config passes rule parameters as strings; these read them strictly. Defaults live once, in
 * each guardrail's parameter schema, and the deployment always passes every parameter: a
 * missing one is an error here, never a silent second default.
 */
import type { RuleParameters } from './types.ts';

function required(raw: RuleParameters, name: string): string {
  const value = raw[name];
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`rule parameter ${name} is missing`);
  return value;
}

export function portList(raw: RuleParameters, name: string, allowEmpty = false): number[] {
  const value = allowEmpty ? (raw[name] ?? '') : required(raw, name);
  if (typeof value !== 'string') throw new Error(`rule parameter ${name} is not a string`);
  if (value.trim() === '') return [];
  return value.split(',').map((p) => {
    const n = Number(p.trim());
    if (!/^\s*\d+\s*$/.test(p) || n > 65535) throw new Error(`"${p}" is not a port number`);
    return n;
  });
}

export function positiveInteger(raw: RuleParameters, name: string): number {
  const value = required(raw, name);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`"${value}" is not a positive integer`);
  return n;
}

export function booleanParameter(raw: RuleParameters, name: string): boolean {
  const value = required(raw, name).trim().toLowerCase();
  if (value !== 'true' && value !== 'false') throw new Error(`rule parameter ${name} "${raw[name]}" is not true or false`);
  return value === 'true';
}

export const stringList = (raw: string | undefined): string[] =>
  (typeof raw === 'string' ? raw : '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
