/**
 * The human summary: what passed, what did not, what was observed against what was expected, how to fix
 * it on this OS, and which IPA items each check supports. Colour only on a terminal. Every string that
 * came from the machine is made printable first (an SSID can carry terminal escape sequences).
 */
import { styleText } from 'node:util';
import type { Lang } from '../i18n/lang.ts';
import { GATE_VERDICT, GUIDELINE_STATUS_LABEL, JISHA_ANSWER_LABEL, MESSAGES as M, RESULT_LABEL, SEVERITY_LABEL, STATUS_LABEL } from '../i18n/messages.ts';
import { renderReason } from '../i18n/reasons.ts';
import type { Catalog } from '../policy/schema.ts';
import type { CheckResult, CheckStatus, ExpectationResult, Report } from './schema.ts';

export interface RenderOptions {
  readonly lang: Lang;
  readonly color: boolean;
  readonly catalogs: ReadonlyMap<string, Catalog>;
  readonly exitCode: number;
}

/** Control characters (C0, DEL, C1) shown as \xNN so that nothing from a device can drive the terminal. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Parentheses as each language writes them. */
const paren = (s: string, lang: Lang) => (lang === 'ja' ? `（${s}）` : ` (${s})`);

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', unknown: '?', not_applicable: '–', error: '!' };
const COLOR: Record<CheckStatus, Parameters<typeof styleText>[0]> = { pass: 'green', fail: 'red', unknown: 'yellow', not_applicable: 'gray', error: 'magenta' };
const ORDER: CheckStatus[] = ['fail', 'error', 'unknown', 'pass', 'not_applicable'];

function humanDuration(iso: string, lang: Lang): string {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return iso;
  const units = lang === 'ja' ? ['週間', '日', '時間', '分', '秒'] : [' weeks', ' days', ' hours', ' minutes', ' seconds'];
  return m.slice(1).map((v, i) => (v ? `${Number(v)}${units[i]}` : '')).filter(Boolean).join(lang === 'ja' ? '' : ' ');
}

function formatValue(v: unknown, lang: Lang): string {
  if (v === null || v === undefined) return M.unknownValue[lang];
  if (typeof v === 'boolean') return lang === 'ja' ? (v ? 'はい' : 'いいえ') : v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length === 0 ? M.none[lang] : v.map((x) => formatValue(x, lang)).join(', ');
  if (typeof v === 'object') return printable(JSON.stringify(v));
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return v.slice(0, 16).replace('T', ' ') + ' UTC';
  return printable(String(v));
}

function formatExpected(e: ExpectationResult, lang: Lang): string {
  const v = e.expected;
  switch (e.op) {
    case 'eq':
      return `= ${formatValue(v, lang)}`;
    case 'ne':
      return `≠ ${formatValue(v, lang)}`;
    case 'lt':
      return `< ${formatValue(v, lang)}`;
    case 'lte':
      return `≤ ${formatValue(v, lang)}`;
    case 'gt':
      return `> ${formatValue(v, lang)}`;
    case 'gte':
      return `≥ ${formatValue(v, lang)}`;
    case 'in':
      return lang === 'ja' ? `${formatValue(v, lang)} のいずれか` : `one of ${formatValue(v, lang)}`;
    case 'not-in':
      return lang === 'ja' ? `${formatValue(v, lang)} 以外` : `none of ${formatValue(v, lang)}`;
    case 'max-age':
      return lang === 'ja' ? `${humanDuration(String(v), lang)}以内` : `within ${humanDuration(String(v), lang)}`;
    case 'not-expired':
      return lang === 'ja' ? '期限内' : 'not past';
    case 'empty':
      return M.none[lang];
    case 'not-empty':
      return lang === 'ja' ? '1つ以上' : 'at least one';
    default:
      return String(v);
  }
}

export function renderText(report: Report, options: RenderOptions): string {
  const { lang, color, catalogs } = options;
  const paint = (c: Parameters<typeof styleText>[0], s: string) => (color ? styleText(c, s) : s);
  const ref = (r: string) => {
    const [catalogId, item] = r.split(':') as [string, string];
    const short = catalogs.get(catalogId)?.short[lang] ?? catalogId;
    return catalogId === 'ipa-jisha-shindan' ? `${short} No.${item}` : `${short} ${item}`;
  };
  const out: string[] = [];
  const d = report.device;
  out.push(paint('bold', M.heading[lang]));
  out.push(`${M.device[lang]}: ${printable(d.hostname)} (${printable(`${d.os.name} ${d.os.version}`.trim())}, ${d.os.platform} ${d.os.arch})`);
  out.push(`${M.profile[lang]}: ${report.scan.profile}   ${M.policy[lang]}: ${report.scan.policy.id} v${report.scan.policy.version}   ${M.scannedAt[lang]}: ${formatValue(report.scan.startedAt, lang)}`);
  if (report.scan.replay) out.push(paint('gray', `${M.replayOf[lang]}: ${printable(report.scan.replay.source)}`));
  if (!report.scan.admin) out.push(paint('gray', M.notAdmin[lang]));
  out.push('');

  // Checks written for other operating systems are in the report, not in the reader's way.
  const otherOs = report.checks.filter((c) => c.reasonCode === 'platform');
  const sorted = report.checks.filter((c) => c.reasonCode !== 'platform').sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  for (const c of sorted) out.push(...renderCheck(c, lang, paint, ref));
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
  if (report.gate) out.push('', ...renderGate(report, lang, paint, options.exitCode));
  else out.push('', `${paint('bold', M.resultLine[lang])}: ${paint(report.summary.result === 'compliant' ? 'green' : report.summary.result === 'failed' ? 'red' : 'yellow', RESULT_LABEL[report.summary.result][lang])}${paren(`${M.exitCode[lang]} ${options.exitCode}`, lang)}`);
  return `${out.join('\n')}\n`;
}

/** The decision of a gate profile, with numbered steps to a "go". */
function renderGate(report: Report, lang: Lang, paint: (c: Parameters<typeof styleText>[0], s: string) => string, exitCode: number): string[] {
  const gate = report.gate!;
  const color = gate.decision === 'go' ? 'green' : gate.decision === 'no-go' ? 'red' : 'yellow';
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  const out = [`${paint('bold', `${M.verdict[lang]}:`)} ${paint(['bold', color], GATE_VERDICT[gate.decision][lang])}${paren(`${M.exitCode[lang]} ${exitCode}`, lang)}`];
  let n = 0;
  if (gate.blocking.length) {
    out.push(`${M.stepsToGo[lang]}:`);
    for (const id of gate.blocking) {
      const c = byId.get(id)!;
      const [first, ...rest] = (c.remediation?.[lang] ?? '').trimEnd().split('\n');
      out.push(`  ${++n}. ${c.title[lang]}${first ? `: ${first}` : ''}`, ...rest.map((l) => `     ${l}`));
    }
  }
  if (gate.undecided.length) {
    out.push(`${M.undecidedSteps[lang]}:`);
    for (const id of gate.undecided) {
      const c = byId.get(id)!;
      const why = reasonText(c, lang);
      out.push(`  ${++n}. ${c.title[lang]}${why ? `: ${why.split('\n')[0]}` : ''}`);
    }
  }
  if (gate.confirm.length) {
    out.push(`${M.confirmYourself[lang]}:`);
    for (const item of gate.confirm) out.push(`  □ ${item.title[lang]}`);
  }
  if (gate.decision !== 'go') out.push(M.fixAndRetry[lang]);
  return out;
}

/** Why a check was not decided, in the reader's language where tenken itself is the author of the reason. */
function reasonText(c: CheckResult, lang: Lang): string | undefined {
  switch (c.reasonCode) {
    case 'unsupported-platform':
      return M.unsupportedPlatform[lang];
    case 'needs-admin':
      return M.needsAdmin[lang];
    case 'platform':
      return M.otherPlatforms[lang];
    case 'not-applicable': {
      const gate = c.expectations.find((e) => e.met === false);
      return gate ? `${gate.label?.[lang] ?? gate.path} = ${formatValue(gate.observed, lang)}` : undefined;
    }
    default:
      // The reason's code in the reader's language (the OS's own words quoted); a report from a tenken
      // before reason codes has only the English text.
      return c.why ? printable(renderReason(c.why, lang)) : c.reason === undefined ? undefined : printable(c.reason);
  }
}

function renderCheck(c: CheckResult, lang: Lang, paint: (c: Parameters<typeof styleText>[0], s: string) => string, ref: (r: string) => string): string[] {
  const lines = [`${paint(COLOR[c.status], `${MARK[c.status]} ${STATUS_LABEL[c.status][lang]}`)}  ${c.title[lang]}  ${paint('gray', `[${M.severity[lang]}: ${SEVERITY_LABEL[c.severity][lang]}]`)}`];
  const reason = reasonText(c, lang)?.replace(/\n+$/, '').replaceAll('\n', '\n      ');
  if (c.status === 'pass' || c.status === 'not_applicable') {
    if (c.status === 'not_applicable' && reason) lines.push(paint('gray', `    ${M.reason[lang]}: ${reason}`));
    return lines;
  }
  // A failure shows the facts that failed; an undecided check, the facts that could not be read.
  for (const e of c.expectations.filter((x) => x.met === (c.status === 'fail' ? false : null))) {
    const label = e.label?.[lang] ?? e.path;
    lines.push(`    ${M.observed[lang]}: ${label} = ${formatValue(e.observed, lang)}${paren(`${M.expected[lang]}: ${formatExpected(e, lang)}`, lang)}`);
  }
  if (reason && c.status !== 'fail') lines.push(`    ${M.reason[lang]}: ${reason}`);
  if (c.remediation && c.status === 'fail') {
    const [first, ...rest] = c.remediation[lang].trimEnd().split('\n');
    lines.push(`    ${M.fix[lang]}: ${first}`, ...rest.map((l) => `      ${l}`));
  }
  if (c.supports.length) lines.push(paint('gray', `    ${M.supports[lang]}: ${c.supports.map(ref).join('・')}`));
  return lines;
}
