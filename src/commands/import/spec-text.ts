/** The imported spec as YAML: comments where the data cannot say it, lists of targets on one line, same bytes for the same input. */
import { Document, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { ImportedSpec } from './import.ts';

const FLOW_KEYS = new Set(['on', 'allowedRegions', 'breakGlass']);

export function specText(imported: ImportedSpec): string {
  const doc = new Document(imported.spec);
  doc.commentBefore = imported.notes.map((line) => ` ${line}`).join('\n');
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && FLOW_KEYS.has(String(pair.key.value)) && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  const guardrails = doc.get('guardrails', true);
  if (isSeq(guardrails)) {
    for (const [i, comment] of imported.entryComments) {
      const item = guardrails.items[i];
      if (isMap(item)) item.commentBefore = ` ${comment}`;
    }
  }
  for (const [path, comment] of imported.keyComments ?? []) {
    const keys = path.split('.');
    const parent = doc.getIn(keys.slice(0, -1), true);
    const pair = isMap(parent) ? parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === keys.at(-1)) : undefined;
    if (pair && isScalar(pair.key)) pair.key.commentBefore = comment;
  }
  return `# yaml-language-server: $schema=https://org-guardrails.dev/spec.schema.json\n${doc.toString({ lineWidth: 0 })}`;
}
