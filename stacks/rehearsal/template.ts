/**
 * The baseline template as CloudFormation runs it in one account and region: Conditions
 * evaluated, intrinsic functions resolved (Ref, Fn::Sub, Fn::If, Fn::Equals, Fn::GetAtt), and the
 * order CloudFormation honours — DependsOn plus every Ref/GetAtt to another resource
 * ("DependsOn attribute" and "Ref" in the CloudFormation User Guide). Nothing else orders resources.
 */
export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, any>;
  /** Logical ids it waits for. */
  after: string[];
}

/** Expanded once per region and parameters: the account id stays a placeholder (the handlers know the account). */
export function expandTemplate(template: Record<string, any>, region: string, partition: string, parameters: Record<string, string> = {}): TemplateResource[] {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(template.Parameters ?? {})) params[k] = parameters[k] ?? (v as { Default: string }).Default;
  const pseudo: Record<string, string> = { 'AWS::Region': region, 'AWS::AccountId': '<AWS::AccountId>', 'AWS::Partition': partition };
  const conditions = new Map<string, boolean>();
  const resolve = (v: any): any => {
    if (Array.isArray(v)) return v.map(resolve);
    if (!v || typeof v !== 'object') return v;
    if ('Ref' in v) return pseudo[v.Ref] ?? params[v.Ref] ?? (v.Ref === 'AWS::NoValue' ? undefined : `<${v.Ref}>`);
    if ('Fn::Equals' in v) {
      const [a, b] = v['Fn::Equals'].map(resolve);
      return a === b;
    }
    if ('Fn::If' in v) {
      const [name, yes, no] = v['Fn::If'];
      return resolve(conditions.get(name) ? yes : no);
    }
    if ('Fn::Sub' in v) return String(v['Fn::Sub']).replace(/\$\{([^}]+)\}/g, (_, n: string) => pseudo[n] ?? params[n] ?? `<${n}>`);
    if ('Fn::GetAtt' in v) return `<${v['Fn::GetAtt'].join('.')}>`;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  };
  for (const [name, expr] of Object.entries(template.Conditions ?? {})) conditions.set(name, Boolean(resolve(expr)));

  const out: TemplateResource[] = [];
  for (const [logicalId, r] of Object.entries(template.Resources ?? {}) as [string, any][]) {
    if (r.Condition && !conditions.get(r.Condition)) continue;
    const after = new Set<string>([r.DependsOn ?? []].flat());
    const refs = (v: any): void => {
      if (Array.isArray(v)) return v.forEach(refs);
      if (!v || typeof v !== 'object') return;
      if (typeof v.Ref === 'string' && template.Resources[v.Ref]) after.add(v.Ref);
      if (Array.isArray(v['Fn::GetAtt'])) after.add(v['Fn::GetAtt'][0]);
      Object.values(v).forEach(refs);
    };
    refs(r.Properties);
    out.push({ logicalId, type: r.Type, properties: resolve(r.Properties ?? {}), after: [...after] });
  }
  // A resource whose dependency is switched off by its Condition would fail template validation; keep only live edges.
  const live = new Set(out.map((r) => r.logicalId));
  for (const r of out) r.after = r.after.filter((d) => live.has(d));
  return out;
}
