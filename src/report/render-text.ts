/**
 * The human summary: what passed, what did not, what was observed against what was expected, how to fix
 * it on this OS, and which IPA items each check supports. Colour only on a terminal. Every string that
 * came from the machine is made printable first (an SSID can carry terminal escape sequences).
 */
import { styleText } from 'node:util';
import type { Lang } from '../i18n/lang.ts';
import { GATE_DECISION, GATE_VERDICT, GUIDELINE_STATUS_LABEL, JISHA_ANSWER_LABEL, MESSAGES as M, RESULT_LABEL, SEVERITY_LABEL, STATUS_LABEL } from '../i18n/messages.ts';
import type { LoadedPolicy } from '../policy/load.ts';
import { describeFact, formatValue, printable, type States } from './expectation-text.ts';
import type { CheckResult, CheckStatus, Report } from './schema.ts';
import { renderReason } from '../i18n/reasons.ts';

export { printable };

export interface RenderOptions {
  readonly lang: Lang;
  readonly color: boolean;
  /** The policy the report was judged by: its catalogs name the IPA items, its profiles and facts speak for people. */
  readonly policy: Pick<LoadedPolicy, 'policy' | 'catalogs'>;
  readonly exitCode: number;
  /** IANA zone the times are shown in; undefined: the runtime's own (TZ). */
  readonly timeZone?: string | undefined;
}

/** Parentheses as each language writes them. */
const paren = (s: string, lang: Lang) => (lang === 'ja' ? `（${s}）` : ` (${s})`);

type Paint = (c: Parameters<typeof styleText>[0], s: string) => string;

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', unknown: '?', not_applicable: '–', error: '!' };
const COLOR: Record<CheckStatus, Parameters<typeof styleText>[0]> = { pass: 'green', fail: 'red', unknown: 'yellow', not_applicable: 'gray', error: 'magenta' };
const ORDER: CheckStatus[] = ['fail', 'error', 'unknown', 'pass', 'not_applicable'];

/** How the policy words each yes/no fact of each check (`states`), by check id and evidence path. */
function statesOf(policy: RenderOptions['policy']['policy']): (checkId: string, path: string) => States | undefined {
  const byCheck = new Map(
    policy.checks.map((c) => [c.id, new Map([...(c.applicableWhen ?? []), ...('all' in c.expect ? c.expect.all : c.expect.any)].map((e) => [e.path, e.states]))]),
  );
  return (checkId, path) => byCheck.get(checkId)?.get(path);
}

export function renderText(report: Report, options: RenderOptions): string {
  const { lang, color } = options;
  const { catalogs } = options.policy;
  const paint: Paint = (c, s) => (color ? styleText(c, s) : s);
  const ref = (r: string) => {
    const [catalogId, item] = r.split(':') as [string, string];
    const short = catalogs.get(catalogId)?.short[lang] ?? catalogId;
    return catalogId === 'ipa-jisha-shindan' ? `${short} No.${item}` : `${short} ${item}`;
  };
  const facts: FactText = { lang, timeZone: options.timeZone, now: report.scan.startedAt, states: statesOf(options.policy.policy) };
  const profile = options.policy.policy.profiles[report.scan.profile];
  const out: string[] = [];
  const d = report.device;
  // A gate is named by its profile: 「tenken — テレワーク復帰チェック」.
  out.push(paint('bold', report.gate && profile ? `tenken — ${profile.title[lang]}` : M.heading[lang]));
  // A gate answers one question: its answer and the way to a "go" come before everything else.
  if (report.gate) out.push(...renderGate(report, facts, paint, options.exitCode), '', paint('bold', M.details[lang]));
  out.push(`${M.device[lang]}: ${printable(d.hostname)} (${printable(`${d.os.name} ${d.os.version}`.trim())}, ${d.os.platform} ${d.os.arch})`);
  const profileName = profile ? `${profile.title[lang]}${paren(report.scan.profile, lang)}` : report.scan.profile;
  out.push(`${M.profile[lang]}: ${profileName}   ${M.policy[lang]}: ${report.scan.policy.id} v${report.scan.policy.version}   ${M.scannedAt[lang]}: ${formatValue(report.scan.startedAt, { lang, timeZone: options.timeZone })}`);
  if (report.scan.replay) out.push(paint('gray', `${M.replayOf[lang]}: ${printable(report.scan.replay.source)}`));
  if (!report.scan.admin) out.push(paint('gray', M.notAdmin[lang]));
  out.push('');

  // Checks written for other operating systems are in the report, not in the reader's way.
  const otherOs = report.checks.filter((c) => c.reasonCode === 'platform');
  const sorted = report.checks.filter((c) => c.reasonCode !== 'platform').sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  for (const c of sorted) out.push(...renderCheck(c, facts, paint, ref));
  if (otherOs.length) out.push(paint('gray', lang === 'ja' ? `（ほかの OS 向けの ${otherOs.length} 項目は省略）` : `(${otherOs.length} checks for other operating systems not shown)`));

  const n = report.summary.counts;
  out.push(
    `${paint('bold', M.summary[lang])}: ` +
      (['pass', 'fail', 'unknown', 'not_applicable', 'error'] as const).map((s) => paint(COLOR[s], `${STATUS_LABEL[s][lang]} ${n[s]}`)).join(' / '),
  );
  const jisha = report.summary.jishaShindan;
  if (jisha && jisha.itemsObserved > 0) {
    out.push('', paint('bold', M.jishaHeading[lang]));
    for (const g of report.guidelines.filter((x) => x.catalog === jisha.catalog && x.suggestedAnswer)) {
      const answer = JISHA_ANSWER_LABEL[g.suggestedAnswer!][lang];
      out.push(`  No.${g.item.padEnd(3)} ${answer}${paren(`${g.points}${lang === 'ja' ? '' : ' '}${M.pointsUnit[lang]}`, lang)}  ${g.title[lang]}`);
    }
    out.push(`  ${M.points[lang]}: ${jisha.points} / ${jisha.maxPoints} ${M.pointsUnit[lang]}${paren(`${jisha.itemsObserved} ${M.itemsUnit[lang]}`, lang)}`);
    out.push(paint('gray', `  ${jisha.note[lang]}`));
    const others = report.guidelines.filter((g) => g.catalog !== jisha.catalog && g.status !== 'manual');
    for (const g of others) out.push(paint('gray', `  ${ref(g.ref)}: ${GUIDELINE_STATUS_LABEL[g.status][lang]}`));
  }
  if (!report.gate) out.push('', `${paint('bold', M.resultLine[lang])}: ${paint(report.summary.result === 'compliant' ? 'green' : report.summary.result === 'failed' ? 'red' : 'yellow', RESULT_LABEL[report.summary.result][lang])}${paren(`${M.exitCode[lang]} ${options.exitCode}`, lang)}`);
  return `${out.join('\n')}\n`;
}

/** What the renderers need to word a fact: the language, the zone, the scan's time (for ages), the policy's words. */
interface FactText {
  readonly lang: Lang;
  readonly timeZone: string | undefined;
  readonly now: string;
  readonly states: (checkId: string, path: string) => States | undefined;
}

const factLine = (c: CheckResult, e: CheckResult['expectations'][number], f: FactText) => describeFact(e, { ...f, states: f.states(c.id, e.path) });

/** The decision of a gate profile in one word and one sentence, then numbered steps to a "go". */
function renderGate(report: Report, f: FactText, paint: Paint, exitCode: number): string[] {
  const { lang } = f;
  const gate = report.gate!;
  const color = gate.decision === 'go' ? 'green' : gate.decision === 'no-go' ? 'red' : 'yellow';
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  const out = [
    `${paint('bold', `${M.verdict[lang]}:`)} ${paint(['bold', color], GATE_DECISION[gate.decision][lang])} — ${GATE_VERDICT[gate.decision][lang]}${paren(`${M.exitCode[lang]} ${exitCode}`, lang)}`,
  ];
  let n = 0;
  if (gate.blocking.length) {
    out.push('', `${M.stepsToGo[lang]}:`);
    for (const id of gate.blocking) {
      const c = byId.get(id)!;
      const [first, ...rest] = (c.remediation?.[lang] ?? '').trimEnd().split('\n');
      out.push(`  ${++n}. ${c.title[lang]}${first ? `: ${first}` : ''}`, ...rest.map((l) => `     ${l}`));
    }
  }
  if (gate.undecided.length) {
    out.push('', `${M.undecidedSteps[lang]}:`);
    for (const id of gate.undecided) {
      const c = byId.get(id)!;
      const why = reasonText(c, f);
      out.push(`  ${++n}. ${c.title[lang]}${why ? `: ${why.split('\n')[0]}` : ''}`);
    }
  }
  if (gate.confirm.length) {
    out.push('', `${M.confirmYourself[lang]}:`);
    for (const item of gate.confirm) out.push(`  □ ${item.title[lang]}`);
  }
  if (gate.decision !== 'go') out.push('', M.fixAndRetry[lang]);
  return out;
}

/** Why a check was not decided, in the reader's language where tenken itself is the author of the reason. */
function reasonText(c: CheckResult, f: FactText): string | undefined {
  const { lang } = f;
  switch (c.reasonCode) {
    case 'unsupported-platform':
      return M.unsupportedPlatform[lang];
    case 'needs-admin':
      return M.needsAdmin[lang];
    case 'platform':
      return M.otherPlatforms[lang];
    case 'not-applicable': {
      // The fact that made the check not apply, said as a fact ("Wi-Fi adapters: 0"), not as a requirement the PC
      // should meet: nothing is wrong with a PC that has no Wi-Fi.
      const gate = c.expectations.find((e) => e.met === false);
      return gate ? `${factLine(c, { ...gate, met: null }, f)}${M.soNotApplicable[lang]}` : undefined;
    }
    default:
      // The reason's code in the reader's language (the OS's own words quoted); a report from a tenken
      // before reason codes has only the English text.
      return c.why ? printable(renderReason(c.why, lang)) : c.reason === undefined ? undefined : printable(c.reason);
  }
}

function renderCheck(c: CheckResult, f: FactText, paint: Paint, ref: (r: string) => string): string[] {
  const { lang } = f;
  const lines = [`${paint(COLOR[c.status], `${MARK[c.status]} ${STATUS_LABEL[c.status][lang]}`)}  ${c.title[lang]}  ${paint('gray', `[${M.severity[lang]}: ${SEVERITY_LABEL[c.severity][lang]}]`)}`];
  const reason = reasonText(c, f)?.replace(/\n+$/, '').replaceAll('\n', '\n      ');
  if (c.status === 'pass' || c.status === 'not_applicable') {
    if (c.status === 'not_applicable' && reason) lines.push(paint('gray', `    ${M.reason[lang]}: ${reason}`));
    return lines;
  }
  // A failure shows the facts that failed; an undecided check, the facts that could not be read.
  for (const e of c.expectations.filter((x) => x.met === (c.status === 'fail' ? false : null))) lines.push(`    ${factLine(c, e, f)}`);
  if (reason && c.status !== 'fail') lines.push(`    ${M.reason[lang]}: ${reason}`);
  if (c.remediation && c.status === 'fail') {
    const [first, ...rest] = c.remediation[lang].trimEnd().split('\n');
    lines.push(`    ${M.fix[lang]}: ${first}`, ...rest.map((l) => `      ${l}`));
  }
  if (c.supports.length) lines.push(paint('gray', `    ${M.supports[lang]}: ${c.supports.map(ref).join('・')}`));
  return lines;
}
