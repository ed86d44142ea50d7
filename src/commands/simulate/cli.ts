import { checkAction, parseContext, simulate } from './simulate.ts';
import { analyzeSpecFile } from '../../io/spec-file.ts';
import { collect, type CommandContext } from '../../io/context.ts';

export function registerSimulate({ cli, io }: CommandContext): void {
  cli
    .command('simulate')
    .description('evaluate one request against the SCP chain of an account')
    .argument('<spec>', 'spec file (YAML)')
    .requiredOption('--account <name>', 'account name from the spec')
    .requiredOption('--principal <p>', 'root, role/NAME, user/NAME or an ARN')
    .requiredOption('--action <action>', 'e.g. cloudtrail:StopLogging')
    .option('--resource <arn>', 'resource ARN', '*')
    .option('--region <region>', 'requested region (default: organization.homeRegion)')
    .option('--context <key=value>', 'request context key (repeatable)', collect, [])
    .option('--json', 'print the decision as JSON')
    .action(
      async (
        file: string,
        opts: { account: string; principal: string; action: string; resource: string; region?: string; context: string[]; json?: boolean },
      ) => {
        const analysis = await analyzeSpecFile(file);
        await checkAction(opts.action);
        const result = simulate(analysis, { ...opts, context: parseContext(opts.context) });
        if (opts.json) io.out(JSON.stringify(result, null, 2));
        else {
          io.out(`${result.decision}: ${result.reason}`);
          if (result.decidedBy?.sources?.length) io.out(`  from guardrail(s): ${result.decidedBy.sources.join(', ')}`);
        }
      },
    );
}
