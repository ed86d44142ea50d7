import { checkAction, parseContext, simulate } from './simulate.ts';
import { analyzeSpecFile } from '../../io/spec-file.ts';
import { collect, type CommandContext } from '../../io/context.ts';

export function registerSimulate({ cli, io }: CommandContext): void {
  cli
    .command('simulate')
    .description("evaluate one request against the principal's SCP chain and the resource owner's RCP chain")
    .argument('<spec>', 'spec file (YAML)')
    .option('--account <name|id>', "the principal's account: a name from the spec or an id (optional with a full principal ARN)")
    .requiredOption('--principal <p>', 'root, role/NAME, user/NAME, an ARN, or a service principal (NAME.amazonaws.com)')
    .requiredOption('--action <action>', 'e.g. cloudtrail:StopLogging')
    .option('--resource <arn>', 'resource ARN', '*')
    .option('--region <region>', 'requested region (default: organization.homeRegion)')
    .option('--context <key=value>', 'request context key (repeatable)', collect, [])
    .option('--resource-account <name|id>', "owner of the resource for RCPs (default: the account in the resource ARN, else the principal's)")
    .option('--json', 'print the decision as JSON')
    .action(
      async (
        file: string,
        opts: {
          account?: string;
          principal: string;
          action: string;
          resource: string;
          region?: string;
          context: string[];
          resourceAccount?: string;
          json?: boolean;
        },
      ) => {
        const analysis = await analyzeSpecFile(file);
        await checkAction(opts.action);
        const result = simulate(analysis, { ...opts, context: parseContext(opts.context) });
        if (opts.json) io.out(JSON.stringify(result, null, 2));
        else {
          io.out(`${result.decision}: ${result.reason}`);
          if (result.decidedBy?.sources?.length) io.out(`  from guardrail(s): ${result.decidedBy.sources.join(', ')}`);
          if (result.decidedBy?.policyType) io.out(`  policy type: ${result.decidedBy.policyType}`);
        }
      },
    );
}
