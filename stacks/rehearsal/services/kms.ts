/** AWS KMS: keys (their policy decides which services may use them) and aliases. */
import type { Handler } from '../world.ts';
import { policyOf } from '../world.ts';

const DOC = {
  alias: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html (alias/ prefix, not alias/aws/, 1-256 characters of [a-zA-Z0-9/_-])',
};

export const kms: Record<string, Handler> = {
  'aws:kms/key:Key': (c, { world }) => {
    world.put(`key/${c.name}`, policyOf(c.inputs.policy) ?? { Version: '2012-10-17', Statement: [] });
  },
  'aws:kms/alias:Alias': (c, { world }) => {
    const name = String(c.inputs.name);
    world.require(/^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/.test(name), {
      resource: c.name,
      rule: 'kms:alias-name',
      message: `alias "${name}" breaks KMS's rules`,
      doc: DOC.alias,
    });
  },
};
