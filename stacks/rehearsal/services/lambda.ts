/** AWS Lambda: functions (names, their role) and resource-based permissions. */
import type { Handler } from '../world.ts';
import { at } from '../world.ts';

const DOC = { name: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (FunctionName: 1-64 characters)' };

export const lambda: Record<string, Handler> = {
  'aws:lambda/function:Function': (c, { world }) => {
    const name = String(c.inputs.name ?? c.name);
    world.require(/^[a-zA-Z0-9_-]{1,64}$/.test(name), {
      resource: c.name,
      rule: 'lambda:function-name',
      message: `function name "${name}" breaks Lambda's rules`,
      doc: DOC.name,
    });
    world.put(`function/${at(c.place)}/${name}`);
  },
  'AWS::Lambda::Function': (c, { world }) => {
    world.put(`function/${at(c.place)}/${c.logicalId}`);
  },
};
