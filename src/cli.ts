/** The command line: declares the commands; each lives in src/commands/. */
import { Command, CommanderError } from 'commander';
import { EXIT, EXIT_CODES_HELP, ExitWith, type ExitCode } from './exit-codes.ts';
import { UnknownProfileError } from './scan/scan.ts';
import { InvalidInputError } from './source-errors.ts';
import { DeliveryError } from './transport/errors.ts';
import { AGENT_VERSION } from './paths.ts';
import type { CliDeps } from './commands/deps.ts';
import { registerAgent } from './commands/agent.ts';
import { registerCollector } from './commands/collector.ts';
import { registerEnroll } from './commands/enroll.ts';
import { registerFix } from './commands/fix.ts';
import { registerInstall } from './commands/install.ts';
import { registerPolicy } from './commands/policy.ts';
import { registerProbes } from './commands/probes.ts';
import { registerQueue } from './commands/queue.ts';
import { registerRecord } from './commands/record.ts';
import { registerCheck, registerScan } from './commands/scan.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerSelfCheck } from './commands/selfcheck.ts';

export function createProgram(deps: CliDeps): Command {
  const program = new Command('tenken');
  // Before the subcommands: they copy these settings when created.
  program
    .exitOverride()
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .version(AGENT_VERSION)
    .description(
      '点検 tenken — checks this PC against IPA\'s 中小企業の情報セキュリティ対策ガイドライン (OS updates, antivirus, screen lock,\n' +
        'disk encryption, Wi-Fi, firewall) and reports what to fix, in Japanese or English.',
    )
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\nStart with: tenken scan`);
  registerScan(program, deps);
  registerCheck(program, deps);
  registerFix(program, deps);
  registerSelfCheck(program, deps);
  registerRecord(program, deps);
  registerProbes(program, deps);
  registerPolicy(program, deps);
  registerEnroll(program, deps);
  registerQueue(program, deps);
  registerAgent(program, deps);
  registerSchedule(program, deps);
  registerInstall(program, deps);
  registerCollector(program, deps);
  return program;
}

/** Runs the CLI and turns every way it can end into a documented exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<ExitCode> {
  try {
    await createProgram(deps).parseAsync(argv as string[]);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ExitWith) return e.code;
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof DeliveryError) {
      deps.stderr(`tenken: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof InvalidInputError || e instanceof UnknownProfileError) {
      deps.stderr(`tenken: ${e.message}\n`);
      return EXIT.usage;
    }
    deps.stderr(`tenken: internal error: ${(e as Error).stack ?? String(e)}\nPlease report it with a recording: tenken record --out recording.yaml\n`);
    return EXIT.agentFailure;
  }
}
