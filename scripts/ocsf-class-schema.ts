/**
 * Derives a JSON Schema for one OCSF event class from a checkout of the published schema
 * repository (github.com/ocsf/ocsf-schema, Apache-2.0), the way the OCSF server's JSON Schema
 * export does: the class with its `extends` chain (compliance_finding → finding → base_event),
 * `$include`d profile attributes only for the profiles asked for, dictionary types and enums,
 * and every object it reaches as a `$defs` entry (with the object's own `extends` chain).
 * Unknown attributes are rejected, so a misspelt field fails validation.
 *
 *   git -C ocsf-schema archive 1.8.0 | tar -x -C /tmp/ocsf-1.8.0
 *   npx tsx scripts/ocsf-class-schema.ts /tmp/ocsf-1.8.0 findings/compliance_finding cloud > test/fixtures/schemas/ocsf-1.8.0-compliance_finding.schema.json
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Attribute = { type?: string; is_array?: boolean; requirement?: string; enum?: Record<string, unknown>; profile?: string | null; object_type?: string };
type Definition = { name?: string; extends?: string; uid?: number; category?: string; attributes: Record<string, Attribute> & { $include?: string[] } };

const [root, classPath, ...profiles] = process.argv.slice(2);
if (!root || !classPath) throw new Error('usage: ocsf-class-schema.ts OCSF_SCHEMA_DIR CATEGORY/CLASS [PROFILE...]');
const read = (path: string): Definition => JSON.parse(readFileSync(join(root, path), 'utf8'));
const version = (JSON.parse(readFileSync(join(root, 'version.json'), 'utf8')) as { version: string }).version;
const dictionary = read('dictionary.json') as unknown as {
  attributes: Record<string, Attribute>;
  types: { attributes: Record<string, { type?: string; range?: number[] }> };
};
const categories = read('categories.json').attributes as unknown as Record<string, { uid: number }>;

/** Attributes of a definition and its parents; profile attributes only for the selected profiles. */
function attributesOf(def: Definition, load: (name: string) => Definition): Record<string, Attribute> {
  const inherited = def.extends && def.extends !== def.name ? attributesOf(load(def.extends), load) : {};
  const merged: Record<string, Attribute> = { ...inherited };
  for (const include of def.attributes.$include ?? []) {
    const profile = read(include);
    for (const [name, a] of Object.entries(profile.attributes)) merged[name] = { ...merged[name], ...a, profile: profile.name };
  }
  for (const [name, a] of Object.entries(def.attributes) as [string, Attribute][]) {
    if (name === '$include') continue;
    const before = merged[name] ?? {};
    const enumMerged = before.enum || a.enum ? { ...(before.enum ?? {}), ...(a.enum ?? {}) } : undefined;
    merged[name] = { ...before, ...a, ...(enumMerged ? { enum: enumMerged } : {}) };
  }
  for (const [name, a] of Object.entries(merged)) if (a.profile && !profiles.includes(a.profile)) delete merged[name];
  return merged;
}

const objectFiles = new Map<string, Definition>();
const loadObject = (name: string): Definition => {
  if (!objectFiles.has(name)) objectFiles.set(name, read(`objects/${name}.json`));
  return objectFiles.get(name)!;
};
const loadEvent = (name: string): Definition => read(name === 'base_event' ? 'events/base_event.json' : `events/findings/${name}.json`);

const defs: Record<string, object> = {};
function scalarSchema(type: string): object {
  const t = dictionary.types.attributes[type];
  const base = t?.type ?? type;
  const range = t?.range ? { minimum: t.range[0], maximum: t.range[1] } : {};
  if (base === 'string_t') return { type: 'string' };
  if (base === 'integer_t' || base === 'long_t') return { type: 'integer', ...range };
  if (base === 'float_t') return { type: 'number' };
  if (base === 'boolean_t') return { type: 'boolean' };
  return {}; // json_t: any JSON value
}

function attributeSchema(name: string, a: Attribute): object {
  const d = dictionary.attributes[name] ?? {};
  const type = a.type ?? d.type ?? 'string_t';
  let schema: object;
  if (type.endsWith('_t')) {
    schema = scalarSchema(type);
    // A class's own enum adds to the dictionary's Unknown (0) and Other (99), as the OCSF server merges them.
    const dictionaryEnum = (d.enum ?? {}) as Record<string, unknown>;
    const values = a.enum ? { ...Object.fromEntries(['0', '99'].filter((k) => k in dictionaryEnum).map((k) => [k, dictionaryEnum[k]])), ...a.enum } : d.enum;
    if (values) schema = { ...schema, enum: Object.keys(values).map((k) => (type === 'string_t' ? k : Number(k))) };
  } else {
    objectSchema(type);
    schema = { $ref: `#/$defs/${type}` };
  }
  return (a.is_array ?? d.is_array) ? { type: 'array', items: schema } : schema;
}

function objectSchema(name: string): void {
  if (defs[name]) return;
  // The base `object` (e.g. `unmapped`) is OCSF's generic, open collection of attributes.
  if (name === 'object') {
    defs[name] = { type: 'object' };
    return;
  }
  defs[name] = {}; // placeholder: objects refer to each other
  let def: Definition;
  try {
    def = loadObject(name);
  } catch {
    defs[name] = { type: 'object' };
    return;
  }
  defs[name] = definitionSchema(attributesOf(def, loadObject));
}

function definitionSchema(attributes: Record<string, Attribute>, extra: Record<string, object> = {}): object {
  const properties = Object.fromEntries(Object.entries(attributes).map(([n, a]) => [n, attributeSchema(n, a)]));
  const required = Object.entries(attributes)
    .filter(([, a]) => a.requirement === 'required')
    .map(([n]) => n)
    .sort();
  return { type: 'object', properties: { ...properties, ...extra }, required, additionalProperties: false };
}

const eventClass = read(`events/${classPath}.json`);
const category = categories[eventClass.category ?? loadEvent(eventClass.extends!).category!];
const classUid = category.uid * 1000 + eventClass.uid!;
const attributes = attributesOf(eventClass, loadEvent);
const activities = Object.keys(attributes.activity_id?.enum ?? {}).map(Number);
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `https://schema.ocsf.io/schema/${version}/classes/${eventClass.name}`,
  title: `OCSF ${version} ${eventClass.name} (class_uid ${classUid})${profiles.length ? `, profiles: ${profiles.join(', ')}` : ''}`,
  ...definitionSchema(attributes, {
    class_uid: { const: classUid },
    category_uid: { const: category.uid },
    // type_uid = class_uid * 100 + activity_id (OCSF: "Event Type ID").
    type_uid: { enum: activities.map((a) => classUid * 100 + a) },
  }),
  $defs: defs,
};
process.stdout.write(`${JSON.stringify(schema, null, 1)}\n`);
