import { UserError } from '../../core/errors.ts';
import { vend } from './vend.ts';
import { fileSpec, organizationsApi } from './edges.ts';
import { collect, type CommandContext } from '../../io/context.ts';

export function registerVend({ cli, io }: CommandContext): void {
  cli
    .command('vend')
    .description('create (or adopt) an account through AWS Organizations, move it to its OU, tag it and add it to the spec')
    .argument('<spec>', 'spec file (YAML); the account is written into it')
    .requiredOption('--name <name>', 'account name (unique in the spec)')
    .requiredOption('--email <email>', 'root email of the new account')
    .requiredOption('--ou <path>', 'OU path from the spec, e.g. Workloads/Prod')
    .option('--tag <key=value>', 'account tag (repeatable)', collect, [])
    .option('--dry-run', 'print the steps it would take and change nothing')
    .action(async (file: string, opts: { name: string; email: string; ou: string; tag: string[]; dryRun?: boolean }) => {
      const pairs = new Map<string, string>();
      for (const t of opts.tag) {
        const eq = t.indexOf('=');
        if (eq <= 0) throw new UserError(`--tag "${t}" is not key=value`);
        pairs.set(t.slice(0, eq), t.slice(eq + 1));
      }
      // Own properties even for keys like __proto__ (which an assignment would swallow).
      const tags: Record<string, string> = Object.fromEntries(pairs);
      const progress = (line: string) => (process.stderr.isTTY ? process.stderr.write(`\r${line}\x1b[K`) : io.err(line));
      const result = await vend(
        file,
        { name: opts.name, email: opts.email, ou: opts.ou, tags, dryRun: opts.dryRun },
        { api: organizationsApi(), spec: fileSpec(file), log: (l) => io.out(l), progress },
      );
      if (result.rollout.length) {
        io.out('`pulumi up` will now roll out to it:');
        for (const line of result.rollout) io.out(`  - ${line}`);
      }
    });
}
