/**
 * The self-check result for people: the total out of 100, IPA's reading of it (現在の状況 / 次の対策), the
 * items to follow up, and advice for every item not fully implemented. Colour only on a terminal.
 */
import { styleText } from 'node:util';
import type { Lang } from '../i18n/lang.ts';
import { MESSAGES, SELFCHECK_BAND_NEXT, SELFCHECK_BAND_STATUS, SELFCHECK_MESSAGES as M } from '../i18n/messages.ts';
import type { Catalog } from '../policy/schema.ts';
import type { SelfCheckBand, SelfCheckResult } from './result.ts';
import { answerLabel, fill } from './text.ts';

const BAND_COLOR: Record<SelfCheckBand, 'green' | 'yellow' | 'red'> = { achieved: 'green', 'partly-insufficient': 'yellow', insufficient: 'yellow', urgent: 'red' };

export function renderSelfCheckText(result: SelfCheckResult, catalog: Catalog, options: { readonly lang: Lang; readonly color: boolean; readonly saved?: { readonly file: string; readonly isDefault: boolean } | undefined }): string {
  const { lang } = options;
  const paint = (c: Parameters<typeof styleText>[0], s: string) => (options.color ? styleText(c, s) : s);
  const pts = (n: number) => `${n}${lang === 'ja' ? '' : ' '}${MESSAGES.pointsUnit[lang]}`;
  const items = new Map(catalog.items.map((i) => [i.id, i]));
  const out: string[] = [paint('bold', `${M.heading[lang]} — ${catalog.edition}`), ''];
  out.push(`${paint('bold', `${M.total[lang]}:`)} ${paint(['bold', BAND_COLOR[result.band]], `${result.total} / ${pts(result.maxTotal)}`)}`);
  out.push(`${M.status[lang]}: ${paint(BAND_COLOR[result.band], SELFCHECK_BAND_STATUS[result.band][lang])}`);
  out.push(`${M.nextStep[lang]}: ${SELFCHECK_BAND_NEXT[result.band][lang]}`);
  const unknown = result.items.filter((i) => i.answer === 'unknown').map((i) => i.item);
  if (unknown.length) out.push('', fill(M.unknownFollowUp, lang, { items: unknown.join(lang === 'ja' ? '、' : ', ') }));

  const toImprove = result.items.filter((i) => i.answer !== 'implemented');
  out.push('');
  if (toImprove.length === 0) out.push(M.allImplemented[lang]);
  else {
    out.push(paint('bold', M.adviceHeading[lang]));
    // Lowest points first: IPA's next step for a middling total is to improve the lowest items first.
    for (const answered of [...toImprove].sort((a, b) => a.points - b.points || Number(a.item) - Number(b.item))) {
      const item = items.get(answered.item)!;
      out.push('', `No.${answered.item}  ${paint(answered.points <= 0 ? 'red' : 'yellow', `${answerLabel(answered.answer, lang)}${lang === 'ja' ? `（${pts(answered.points)}）` : ` (${pts(answered.points)})`}`)}  ${item.title[lang]}`);
      if (answered.suggestion && !answered.suggestion.taken) out.push(paint('gray', `    ${fill(M.deviceSuggested, lang, { answer: answerLabel(answered.suggestion.answer, lang) })}`));
      if (item.advice) out.push(...item.advice[lang].trimEnd().split('\n').map((l) => `    ${l}`));
    }
  }
  out.push('', paint('gray', M.officialSheet[lang]), M.securityAction[lang]);
  if (options.saved) {
    // The saved file is attached by default; any other needs naming, quoted for the shell.
    const attach = options.saved.isDefault ? '' : ` '${options.saved.file.replaceAll("'", "'\\''")}'`;
    out.push(paint('gray', fill(M.saved, lang, { file: options.saved.file, attach })));
  }
  return `${out.join('\n')}\n`;
}
