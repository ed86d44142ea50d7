/**
 * Adds an account to the spec text under an OU, touching nothing else: the new lines are
 * inserted at positions taken from the parsed document, so comments, order, quoting and
 * layout of the rest of the file stay byte-identical. The new entry copies its siblings'
 * style (flow `{ name: … }` or block) and the file's line endings (LF or CRLF).
 * A spot vend cannot write into (a flow-style OU or accounts list) is a UserError, found when
 * vend checks the would-be spec, before any AWS call.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { ROOT } from '../../model/organization.ts';
import { UserError } from '../../core/errors.ts';

export interface NewAccount {
  name: string;
  email: string;
  id: string;
  tags?: Record<string, string>;
}

const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : undefined);

function findUnit(organization: YAMLMap, path: string): YAMLMap | undefined {
  if (path === ROOT) return organization;
  let units = organization.get('units') as YAMLSeq | undefined;
  let node: YAMLMap | undefined;
  for (const name of path.split('/')) {
    node = (isSeq(units) ? units.items : []).find((u) => isMap(u) && u.get('name') === name) as YAMLMap | undefined;
    if (!node) return undefined;
    units = node.get('units') as YAMLSeq | undefined;
  }
  return node;
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
/** End of the line holding `offset`, before its line break (\n or \r\n). */
const lineEnd = (text: string, offset: number) => {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : text[i - 1] === '\r' ? i - 1 : i;
};
const indentAt = (text: string, offset: number) => /^ */.exec(text.slice(lineStart(text, offset)))![0];

function render(account: NewAccount, flow: boolean): string {
  const value = {
    name: account.name,
    email: account.email,
    id: account.id,
    ...(account.tags && Object.keys(account.tags).length ? { tags: account.tags } : {}),
  };
  const doc = new Document(value);
  if (flow) {
    (doc.contents as YAMLMap).flow = true;
    return doc.toString({ flowCollectionPadding: true, lineWidth: 0 }).trim();
  }
  const tags = (doc.contents as YAMLMap).get('tags');
  if (isMap(tags)) tags.flow = true;
  return doc.toString({ flowCollectionPadding: true, lineWidth: 0 }).trimEnd();
}

/** The spec text with the account added under `unitPath` ("Root" for organization.accounts). */
export function addAccountToSpec(text: string, unitPath: string, account: NewAccount): string {
  const { start, end, insert } = insertAccount(text, unitPath, account);
  // The new lines take the file's line breaks: a CRLF file stays CRLF throughout.
  const lines = text.includes('\r\n') ? insert.replace(/\n/g, '\r\n') : insert;
  return `${text.slice(0, start)}${lines}${text.slice(end)}`;
}

/** Where the account goes: replace text[start, end) with `insert` (LF line breaks). */
function insertAccount(text: string, unitPath: string, account: NewAccount): { start: number; end: number; insert: string } {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const organization = (doc.contents as YAMLMap | null)?.get('organization');
  if (!isMap(organization)) throw new UserError('the spec has no organization mapping');
  const unit = findUnit(organization, unitPath);
  if (!unit) throw new UserError(`no OU "${unitPath}" in the spec`);
  if (unit.flow) throw new UserError(`OU "${unitPath}" is written as a flow mapping`, 'write it in block style to let vend add accounts');
  const accountsPair = unit.items.find((p) => keyOf(p) === 'accounts');
  const accounts = accountsPair?.value;

  if (isSeq(accounts) && !accounts.flow && accounts.items.length > 0) {
    const first = accounts.items[0] as YAMLMap;
    const last = accounts.items[accounts.items.length - 1] as YAMLMap;
    const dashIndent = indentAt(text, first.range![0]);
    const flow = isMap(first) && first.flow === true;
    const body = render(account, flow)
      .split('\n')
      .map((line, i) => (i === 0 ? `${dashIndent}- ${line}` : `${dashIndent}  ${line}`))
      .join('\n');
    const at = lineEnd(text, last.range![1] - 1);
    return { start: at, end: at, insert: `\n${body}` };
  }
  if (accounts !== undefined && accounts !== null && !(isSeq(accounts) && accounts.items.length === 0 && accounts.flow)) {
    throw new UserError(`the accounts of "${unitPath}" are not a block list`, 'write them in block style to let vend add accounts');
  }
  // No accounts yet (or `accounts: []`): add a block list after the unit's name (or replace the empty list).
  const keyIndent = indentAt(text, (unit.items[0].key as { range: number[] }).range[0]);
  const keyColumn = (unit.items[0].key as { range: number[] }).range[0] - lineStart(text, (unit.items[0].key as { range: number[] }).range[0]);
  const indent = ' '.repeat(keyColumn > keyIndent.length ? keyColumn : keyIndent.length);
  const block = `${indent}accounts:\n${render(account, false)
    .split('\n')
    .map((line, i) => (i === 0 ? `${indent}  - ${line}` : `${indent}    ${line}`))
    .join('\n')}`;
  if (accountsPair) {
    const start = lineStart(text, (accountsPair.key as { range: number[] }).range[0]);
    const end = lineEnd(text, (accounts as YAMLSeq).range![1] - 1);
    return { start, end, insert: block };
  }
  const namePair = unit.items.find((p) => keyOf(p) === 'name') ?? unit.items[0];
  const at = lineEnd(text, ((namePair.value ?? namePair.key) as { range: number[] }).range[1] - 1);
  return { start: at, end: at, insert: `\n${block}` };
}
