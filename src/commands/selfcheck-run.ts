/** What `tenken selfcheck` does (declared in selfcheck.ts). */
import { checkOutputFile, writeOutputFile } from '../atomic-write.ts';
import { EXIT, ExitWith } from '../exit-codes.ts';
import { detectLang, type Lang } from '../i18n/lang.ts';
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
import type { SelfCheckOptions } from './selfcheck.ts';
import { openScanSession, scanShowingProgress } from './scan-run.ts';

/** The 自社診断 catalog among those the policy loaded. */
function jishaCatalog(catalogs: ReadonlyMap<string, Catalog>): Catalog {
  const catalog = [...catalogs.values()].find((c) => c.scoring === 'jisha-shindan');
  if (!catalog) throw new Error('no catalog with scoring: jisha-shindan in policies/catalogs');
  return catalog;
}

export async function runSelfCheck(opts: SelfCheckOptions, deps: CliDeps): Promise<never> {
  const lang = opts.lang ?? detectLang(deps.env);
  if (opts.out) await checkOutputFile(opts.out);
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

  const report = await scanShowingProgress(session.scanOnce, deps, lang);
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
  if (opts.out) await writeOutputFile(opts.out, output);
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
