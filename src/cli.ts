/**
 * The command line: declares the commands; each lives in src/commands/. Only the declarations load here (help
 * needs them); a command's code loads when it runs, and the errors it may end with are told apart after.
 */
import { stripVTControlCharacters } from 'node:util';
import { Command, CommanderError, Help, type Argument, type Option } from 'commander';
import { EXIT, ExitWith, type ExitCode } from './exit-codes.ts';
import { COMMANDER_ERRORS, COMMANDER_TEXT as C, PROGRAM_HELP } from './i18n/help-messages.ts';
import { detectLang, type Lang } from './i18n/lang.ts';
import { DisplayWidthNotLoadedError, displayWidth, loadDisplayWidth, wrapText } from './i18n/text-width.ts';
import type { Localized } from './report/schema.ts';
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

/**
 * The language of --help: --lang wherever it is on the command line, else the locale. Decided before the
 * commands are declared, since their descriptions are fixed when they are.
 */
export function helpLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (const [i, arg] of argv.entries()) {
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value === 'ja' || value === 'en') return value;
  }
  return detectLang(env);
}

/** commander's "(choices: …, default: …)" after an option's description, in Japanese brackets and words. */
function localizeExtras(description: string, lang: Lang): string {
  if (lang === 'en') return description;
  const m = /^(.*?) ?\(((?:choices|default|preset|env): .*)\)$/s.exec(description);
  if (!m) return description;
  const parts = m[2]!.split(/, (?=(?:choices|default|preset|env): )/).map((p) => p.replace(/^choices: /, `${C.choices.ja}: `).replace(/^default: /, `${C.default.ja}: `));
  // One pair of brackets: 「言語（既定: ロケールから判断、選択肢: "ja", "en"）」.
  return m[1]!.endsWith('）') ? `${m[1]!.slice(0, -1)}、${parts.join('、')}）` : `${m[1]}（${parts.join('、')}）`;
}

export function createProgram(deps: CliDeps, lang: Lang = detectLang(deps.env)): Command {
  const program = new Command('tenken');
  const h = (t: Localized) => t[lang];
  // Before the subcommands: they copy these settings when created.
  program
    .exitOverride()
    .configureOutput({
      writeOut: deps.stdout,
      writeErr: deps.stderr,
      outputError: (message, write) => write(lang === 'ja' ? COMMANDER_ERRORS.reduce((m, [en, ja]) => m.replace(en, ja), message) : message),
    })
    .configureHelp({
      styleTitle: (title: string) => (Object.hasOwn(C, title) ? h(C[title as keyof typeof C]) : title),
      optionDescription(this: Help, option: Option) {
        return localizeExtras(Help.prototype.optionDescription.call(this, option), lang);
      },
      argumentDescription(this: Help, argument: Argument) {
        return localizeExtras(Help.prototype.argumentDescription.call(this, argument), lang);
      },
      // Columns, not UTF-16 units: a Japanese character is two columns wide and may end a line anywhere.
      displayWidth: (str: string) => displayWidth(stripVTControlCharacters(str)),
      ...(lang === 'ja' ? { boxWrap: (str: string, width: number) => wrapText(str, width) } : {}),
    })
    .helpOption('-h, --help', h(C.help))
    .helpCommand('help [command]', h(C.helpCommand))
    .showHelpAfterError(h(C.afterError))
    .version(AGENT_VERSION, '-V, --version', h(C.version))
    .description(h(PROGRAM_HELP.description))
    .addHelpText('after', `\n${h(PROGRAM_HELP.after)}`);
  for (const register of [
    registerScan,
    registerCheck,
    registerFix,
    registerSelfCheck,
    registerRecord,
    registerProbes,
    registerPolicy,
    registerEnroll,
    registerQueue,
    registerAgent,
    registerSchedule,
    registerInstall,
    registerCollector,
  ]) {
    register(program, deps, lang);
  }
  return program;
}

/** Runs the CLI and turns every way it can end into a documented exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<ExitCode> {
  // Errors are said in the same language as help: --lang wherever it is, else the locale.
  const lang = helpLang(argv.slice(2), deps.env);
  try {
    try {
      await createProgram(deps, lang).parseAsync(argv as string[]);
    } catch (e) {
      // Help is laid out in columns, and string-width costs a command that prints none (a scan) ~25 ms to load;
      // so it loads when help first measures a width. Nothing was written or run yet: help is laid out before it is
      // written, and before any action. Parse again with it loaded.
      if (!(e instanceof DisplayWidthNotLoadedError)) throw e;
      await loadDisplayWidth();
      await createProgram(deps, lang).parseAsync(argv as string[]);
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ExitWith) return e.code;
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    // Already loaded by the command that threw, if it threw one of these.
    const [{ DeliveryError }, { SaidInputError, InvalidInputError }, { UnwritableOutputError, OutputWriteError }, { UnknownProfileError }, { renderReason }] = await Promise.all([
      import('./transport/errors.ts'),
      import('./source-errors.ts'),
      import('./atomic-write.ts'),
      import('./scan/scan.ts'),
      import('./i18n/reasons.ts'),
    ]);
    if (e instanceof DeliveryError) {
      deps.stderr(`tenken: ${e.why ? renderReason(e.why, lang) : e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof SaidInputError || e instanceof UnwritableOutputError) {
      // Thrown far from the command's options: said in the language of --lang, else of the locale.
      deps.stderr(`tenken: ${e.text[lang]}\n`);
      return EXIT.usage;
    }
    if (e instanceof OutputWriteError) {
      deps.stderr(`tenken: ${e.text[lang]}\n`);
      return EXIT.agentFailure;
    }
    if (e instanceof InvalidInputError || e instanceof UnknownProfileError) {
      deps.stderr(`tenken: ${e.message}\n`);
      return EXIT.usage;
    }
    deps.stderr(`tenken: internal error: ${(e as Error).stack ?? String(e)}\nPlease report it with a recording: tenken record --out recording.yaml\n`);
    return EXIT.agentFailure;
  }
}
