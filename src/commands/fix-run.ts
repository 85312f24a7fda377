/** What `tenken fix` does (declared in fix.ts). */
import { createInterface } from 'node:readline/promises';
import { EXIT, exitCodeForResult, ExitWith } from '../exit-codes.ts';
import { NotRecordedError } from '../host/errors.ts';
import { detectLang, type Lang } from '../i18n/lang.ts';
import { FIX_MESSAGES as F, MESSAGES as M, RESULT_LABEL, STATUS_LABEL } from '../i18n/messages.ts';
import { ACTIONS, offeredActions, type Outcome } from '../fix/actions.ts';
import { runAction } from '../fix/run-action.ts';
import { fill } from '../fix/text.ts';
import { displayWidth, loadDisplayWidth, padDisplay } from '../i18n/text-width.ts';
import { printable } from '../report/expectation-text.ts';
import type { Localized, Report } from '../report/schema.ts';
import { InvalidInputError } from '../source-errors.ts';
import type { CliDeps } from './deps.ts';
import type { FixOptions } from './fix.ts';
import { openScanSession, scanShowingProgress } from './scan-run.ts';
import { CLAMSCAN_RECORD } from '../../probes/antivirus/clamscan-record.ts';

/** One answer per question from the terminal; closed when the fix ends. */
function terminalAsk(): { ask: (q: string) => Promise<string>; close: () => void } | undefined {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return { ask: (q) => rl.question(q), close: () => rl.close() };
}

const MARK: Record<Report['checks'][number]['status'], string> = { pass: '✓', fail: '✗', unknown: '?', not_applicable: '–', error: '!' };

function adminHint(platform: string): Localized {
  return platform === 'win32' ? F.needsAdminWindows : platform === 'darwin' ? F.needsAdminMac : F.needsAdminLinux;
}

export async function runFix(opts: FixOptions, deps: CliDeps): Promise<never> {
  const lang = opts.lang ?? detectLang(deps.env);
  const out = (line = '') => deps.stdout(`${line}\n`);
  const unknown = (opts.yes ?? []).filter((id) => !ACTIONS.some((a) => a.id === id));
  if (unknown.length) {
    for (const id of unknown) deps.stderr(`tenken: ${fill(F.unknownAction, { id, ids: ACTIONS.map((a) => a.id).join(', ') })[lang]}\n`);
    throw new ExitWith(EXIT.usage);
  }

  const session = await openScanSession(opts, deps);
  const { host } = session;
  const before = await scanShowingProgress(session.scanOnce, deps, lang);
  const beforeCode = exitCodeForResult(before.summary.result);
  const { offered, withheld } = offeredActions(before, host, { clamavDatabase: opts.clamavDatabase });
  const paren = (s: string) => (lang === 'ja' ? `（${s}）` : ` (${s})`);
  const checkTitle = (id: string) => before.checks.find((c) => c.id === id)?.title[lang] ?? id;
  const profile = session.policy.policy.profiles[before.scan.profile];

  out(F.heading[lang]);
  out(`${M.device[lang]}: ${printable(before.device.hostname)} (${printable(`${before.device.os.name} ${before.device.os.version}`.trim())})   ${M.profile[lang]}: ${profile?.title[lang] ?? before.scan.profile}`);
  if (before.scan.replay) out(`${M.replayOf[lang]}: ${printable(before.scan.replay.source)}`);
  out(`${M.resultLine[lang]}: ${RESULT_LABEL[before.summary.result][lang]}${paren(`${M.exitCode[lang]} ${beforeCode}`)}`);
  out();
  for (const { action, why } of withheld) out(`${action.title[lang]}: ${why[lang]}`);
  if (withheld.length) out();
  if (offered.length === 0) {
    out(F.nothingToOffer[lang]);
    throw new ExitWith(beforeCode);
  }

  const terminal = deps.ask ? { ask: deps.ask, close: () => {} } : opts.yes ? undefined : terminalAsk();
  if (!terminal && !opts.yes) {
    out(`${F.available[lang]}:`);
    // The tag only where it tells something: an administrator can run every step.
    for (const a of offered) out(`  ${a.id.padEnd(28)} ${a.title[lang]}${a.needsAdmin && !host.isAdmin ? paren(F.needsAdminTag[lang]) : ''}`);
    deps.stderr(`tenken: ${fill(F.noTerminal, { example: offered[0]!.id })[lang]}\n`);
    throw new ExitWith(EXIT.usage);
  }
  for (const id of opts.yes ?? []) if (!offered.some((a) => a.id === id)) deps.stderr(`tenken: ${fill(F.notOffered, { id })[lang]}\n`);

  const lookup = await host.consoleUser();
  const ctx = {
    report: before,
    // As root the whole disk, which makes a full scan the antivirus probe can count; otherwise the user's files.
    folders: opts.folder ?? (host.isAdmin ? ['/'] : [lookup.found && lookup.user.home ? lookup.user.home : '/home']),
    clamavDatabase: opts.clamavDatabase,
    scanRecordFile: host.isAdmin && !opts.replay ? (deps.clamscanRecordFile ?? CLAMSCAN_RECORD) : undefined,
  };
  const fixHost = host.section('fix');
  let ran = 0;
  try {
    for (const [i, action] of offered.entries()) {
      const steps = action.plan(ctx);
      // The id stays in view, small: it is what --yes takes.
      out(`[${i + 1}/${offered.length}] ${action.title[lang]}${paren(`--yes ${action.id}`)}`);
      out(`  ${action.description[lang]}`);
      out(`  ${F.addresses[lang]}: ${action.addresses.filter((id) => before.checks.some((c) => c.id === id)).map(checkTitle).join(lang === 'ja' ? '、' : '; ')}`);
      out(`  ${F.willRun[lang]}:`);
      for (const s of steps) out(`    ${s.asConsoleUser ? `${F.asConsoleUser[lang]} ` : ''}$ ${s.display.replaceAll('\n', '\n      ')}`);
      if (action.needsAdmin && !host.isAdmin) {
        out(`  → ${adminHint(host.platform)[lang]}`);
        out();
        continue;
      }
      const consent = terminal ? /^\s*y(es)?\s*$/i.test(await terminal.ask(`  ${F.ask[lang]}`)) : (opts.yes ?? []).includes(action.id);
      if (!consent) {
        out(`  → ${(terminal ? F.declined : F.notSelected)[lang]}`);
        out();
        continue;
      }
      ran += 1;
      const outcome = await runAction(action, fixHost, steps, ctx, {
        onProgress: (text) => deps.stderr(`  … ${printable(text[lang])}\n`),
      }).catch((e: unknown) => {
        if (e instanceof NotRecordedError && opts.replay) {
          throw new InvalidInputError([{ file: opts.replay, line: 0, column: 0, message: `${e.message} (the fix "${action.id}" ran it)` }]);
        }
        throw e;
      });
      printOutcome(outcome, lang, out);
      out();
    }
  } finally {
    terminal?.close();
  }

  if (ran === 0) {
    out(F.nothingRan[lang]);
    throw new ExitWith(beforeCode);
  }
  deps.stderr(`${F.rescanning[lang]}\n`);
  const [after] = await Promise.all([scanShowingProgress(session.scanOnce, deps, lang), loadDisplayWidth()]);
  const code = exitCodeForResult(after.summary.result);
  out(`${F.beforeAfter[lang]}:`);
  const label = (s: Report['checks'][number]['status']) => `${MARK[s]} ${STATUS_LABEL[s][lang]}`;
  const rows = after.checks.flatMap((c) => {
    const was = before.checks.find((b) => b.id === c.id);
    if (!was || (c.reasonCode === 'platform' && was.reasonCode === 'platform')) return [];
    return [[label(was.status), label(c.status), c.title[lang]] as const];
  });
  // Aligned by display width: 不合格 is three characters and six columns.
  const widths = [0, 1].map((i) => Math.max(displayWidth(F.before[lang]), ...rows.map((r) => displayWidth(r[i]!))));
  out(`  ${padDisplay(F.before[lang], widths[0]!)}   ${padDisplay(F.after[lang], widths[1]!)}  ${F.check[lang]}`);
  for (const [was, now, title] of rows) out(`  ${padDisplay(was, widths[0]!)} → ${padDisplay(now, widths[1]!)}  ${title}`);
  out();
  out(`${M.resultLine[lang]}: ${RESULT_LABEL[after.summary.result][lang]}${paren(`${M.exitCode[lang]} ${code}`)}`);
  throw new ExitWith(code);
}

function printOutcome(outcome: Outcome, lang: Lang, out: (line?: string) => void): void {
  out(`  ${outcome.status === 'done' ? `✓ ${F.done[lang]}` : `✗ ${F.failed[lang]}`}: ${printable(outcome.message[lang])}`);
  for (const d of outcome.details ?? []) out(`      ${printable(typeof d === 'string' ? d : d[lang])}`);
  if (outcome.advice) out(`  ${outcome.advice[lang]}`);
}


