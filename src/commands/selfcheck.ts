/**
 * `tenken selfcheck`: IPA's 「5分でできる！情報セキュリティ自社診断」 at the terminal. The baseline scan of this
 * machine (or a replayed one) suggests answers for the items a device can evidence; the person answers all 25,
 * or an administrator gives them in a file (--answers). The result — total out of 100, IPA's band and next
 * step, advice per item — is printed or written as JSON, and saved so that `tenken scan --attach-selfcheck`
 * can carry it in a report. The score is information: a completed run exits 0 whatever it is.
 */
import { Option, type Command } from 'commander';
import { writeFileAtomic } from '../atomic-write.ts';
import { EXIT, ExitWith } from '../exit-codes.ts';
import { detectLang, LANGS, type Lang } from '../i18n/lang.ts';
import { SELFCHECK_MESSAGES as M } from '../i18n/messages.ts';
import type { Catalog } from '../policy/schema.ts';
import type { Report } from '../report/schema.ts';
import type { JishaAnswer } from '../report/vocabulary.ts';
import { askAnswers, SelfCheckInterrupted, terminalAsk } from '../selfcheck/prompt.ts';
import { loadAnswersFile } from '../selfcheck/answers-file.ts';
import { renderSelfCheckText } from '../selfcheck/render-text.ts';
import { SELFCHECK_SCHEMA_VERSION, SelfCheckResult } from '../selfcheck/result.ts';
import { bandOf, pointsFor } from '../selfcheck/score.ts';
import { defaultStatePath, saveSelfCheck } from '../selfcheck/state-file.ts';
import { suggestionsFrom, type DeviceSuggestion } from '../selfcheck/suggestions.ts';
import { fill } from '../selfcheck/text.ts';
import type { CliDeps } from './deps.ts';
import { openScanSession } from './scan.ts';

export interface SelfCheckOptions {
  answers?: string;
  format: 'text' | 'json';
  out?: string;
  /** A file, false for --no-save, undefined for the default state file. */
  save?: string | false;
  policy?: string;
  replay?: string;
  lang?: Lang;
  color: boolean;
  verbose?: boolean;
}

export function registerSelfCheck(program: Command, deps: CliDeps): void {
  program
    .command('selfcheck')
    .description("answer IPA's 5-minute self-check (5分でできる！情報セキュリティ自社診断), with answers suggested by this machine's scan")
    .option('--answers <file>', 'take answers from FILE (YAML or JSON); items it leaves out are asked at the terminal')
    .addOption(new Option('--format <format>', 'text for people, json for the result (schema/selfcheck.schema.json)').choices(['text', 'json']).default('text'))
    .option('--out <file>', 'write the output to FILE instead of standard output')
    .option('--save <file>', 'keep the answers in FILE instead of the default state file')
    .option('--no-save', 'do not keep the answers')
    .option('--policy <file>', "scan with this organisation's policy instead of the bundled baseline")
    .option('--replay <recording>', 'take the suggestions from a machine recorded with `tenken record`')
    .addOption(new Option('--lang <lang>', 'language of the questions and the output (default: from the locale)').choices(LANGS))
    .option('--no-color', 'no colours, even on a terminal')
    .option('-v, --verbose', 'log what the probes do (to standard error)')
    .addHelpText(
      'after',
      `
Each answer scores 実施している implemented 4, 一部実施している partly_implemented 2, 実施していない
not_implemented 0, わからない unknown −1; the total is out of 100 and read in IPA's four bands (100 / 70–99 /
50–69 / 49 or less) with IPA's next step. Where the scan of this machine evidences an item, its answer is
suggested with the checks behind it, and Enter takes it. Questions are asked on the terminal (standard error);
the result goes to standard output.

Answers file (--answers), YAML or JSON; item numbers 1–25, answers implemented, partly_implemented,
not_implemented or unknown:
  answers:
    "1": implemented
    "2": partly_implemented
    "5": unknown

The answers are saved to $XDG_STATE_HOME/tenken/selfcheck.json (~/.local/state/tenken/ without it;
/var/lib/tenken/ as root) on Linux, %ProgramData%\\tenken\\ on Windows, ~/Library/Application Support/tenken/
on macOS (/Library/Application Support/tenken/ as root); tenken scan --attach-selfcheck adds them to a report.

Exit codes: 0 the self-check was completed (whatever the score), 2 usage error, an invalid answers file,
answers missing with no terminal to ask on, or the self-check interrupted, 4 agent failure.

Examples:
  tenken selfcheck                             answer the 25 questions at the terminal
  tenken selfcheck --lang en                   in English
  tenken selfcheck --answers answers.yaml --format json --out selfcheck.json
                                               an administrator's answers, no questions asked
  tenken selfcheck --replay recording.yaml     suggestions from a recorded machine
  tenken scan --format json --attach-selfcheck a report carrying the saved answers`,
    )
    .action((opts: SelfCheckOptions) => runSelfCheck(opts, deps));
}

/** The 自社診断 catalog among those the policy loaded. */
function jishaCatalog(catalogs: ReadonlyMap<string, Catalog>): Catalog {
  const catalog = [...catalogs.values()].find((c) => c.scoring === 'jisha-shindan');
  if (!catalog) throw new Error('no catalog with scoring: jisha-shindan in policies/catalogs');
  return catalog;
}

export async function runSelfCheck(opts: SelfCheckOptions, deps: CliDeps): Promise<never> {
  const lang = opts.lang ?? detectLang(deps.env);
  const session = await openScanSession({ policy: opts.policy, replay: opts.replay, verbose: opts.verbose }, deps);
  const catalog = jishaCatalog(session.policy.catalogs);
  const given = opts.answers ? await loadAnswersFile(opts.answers, catalog) : new Map<string, JishaAnswer>();
  const missing = catalog.items.filter((i) => !given.has(i.id));
  // Decided before the scan: without a terminal, a run that would need to ask fails at once.
  const interactive = deps.ask !== undefined || process.stdin.isTTY === true;
  if (missing.length > 0 && !interactive) {
    deps.stderr(
      `tenken: ${opts.answers ? fill(M.missingNoTerminal, lang, { file: opts.answers, items: missing.map((i) => i.id).join(lang === 'ja' ? '、' : ', ') }) : M.noTerminal[lang]}\n`,
    );
    throw new ExitWith(EXIT.usage);
  }

  const report = await session.scanOnce();
  const suggestions = suggestionsFrom(report, catalog.id);
  const asked = missing.length === 0 ? new Map<string, JishaAnswer>() : await ask(missing.map((item) => ({ item, suggestion: suggestions.get(item.id) })), catalog, lang, deps);

  const result = buildResult(catalog, report, given, asked, suggestions);
  const savedTo = opts.save === false ? undefined : (opts.save ?? defaultStatePath(opts.replay ? await deps.createHost() : session.host, deps.env));
  if (savedTo) {
    await saveSelfCheck(savedTo, result).catch((e: unknown) => {
      deps.stderr(`tenken: cannot save the answers to ${savedTo}: ${(e as Error).message} (choose another file with --save FILE)\n`);
      throw new ExitWith(EXIT.agentFailure);
    });
  }
  const color = opts.color && !opts.out && deps.isTTY && !deps.env.NO_COLOR;
  const output = opts.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderSelfCheckText(result, catalog, { lang, color, saved: savedTo ? { file: savedTo, isDefault: opts.save === undefined } : undefined });
  if (opts.out) await writeFileAtomic(opts.out, output);
  else deps.stdout(output);
  throw new ExitWith(EXIT.ok);
}

async function ask(questions: Parameters<typeof askAnswers>[0], catalog: Catalog, lang: Lang, deps: CliDeps): Promise<Map<string, JishaAnswer>> {
  const terminal = deps.ask ? undefined : terminalAsk(process.stdin, process.stderr);
  try {
    return await askAnswers(questions, catalog.items.length, lang, { ask: deps.ask ?? terminal!.ask, write: deps.stderr });
  } catch (e) {
    if (!(e instanceof SelfCheckInterrupted)) throw e;
    deps.stderr(`\ntenken: ${M.interrupted[lang]}\n`);
    throw new ExitWith(EXIT.usage);
  } finally {
    terminal?.close();
  }
}

function buildResult(
  catalog: Catalog,
  report: Report,
  given: ReadonlyMap<string, JishaAnswer>,
  asked: ReadonlyMap<string, JishaAnswer>,
  suggestions: ReadonlyMap<string, DeviceSuggestion>,
): SelfCheckResult {
  const items = catalog.items.map((item) => {
    const answer = given.get(item.id) ?? asked.get(item.id)!;
    const s = suggestions.get(item.id);
    return {
      item: item.id,
      answer,
      points: pointsFor(answer),
      answeredBy: given.has(item.id) ? ('file' as const) : ('person' as const),
      suggestion: s ? { answer: s.answer, checks: s.checks.map((c) => ({ id: c.id, status: c.status })), taken: s.answer === answer } : null,
    };
  });
  const total = items.reduce((sum, i) => sum + i.points, 0);
  // The result is a boundary (printed, saved, attached to reports): validate it like a report.
  return SelfCheckResult.parse({
    selfCheckVersion: SELFCHECK_SCHEMA_VERSION,
    catalog: { id: catalog.id, edition: catalog.edition },
    answeredAt: new Date().toISOString(),
    scan: {
      reportId: report.reportId,
      deviceId: report.device.id,
      hostname: report.device.hostname,
      profile: report.scan.profile,
      policy: { id: report.scan.policy.id, version: report.scan.policy.version },
      scannedAt: report.scan.startedAt,
      replay: report.scan.replay !== null,
    },
    items,
    total,
    maxTotal: catalog.items.length * 4,
    band: bandOf(total),
  });
}
