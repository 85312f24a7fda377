/**
 * Observed against expected, as a person reads it: 「自動更新: 無効（有効にする必要があります）」,
 * "automatic updates: off (must be on)". One phrasing per operator and kind of value (yes/no facts in the
 * policy's own words, counts, dates with their age, lists, the probes' enum values); no operators, no 期待値.
 */
import type { Lang } from '../i18n/lang.ts';
import { formatLocalTime } from '../i18n/local-time.ts';
import { EXPECTATION_TEXT as T, MESSAGES as M, VALUE_LABEL } from '../i18n/messages.ts';
import type { ExpectationResult, Localized } from './schema.ts';

/** How true and false read for one fact (the policy's `states`), else はい / いいえ. */
export interface States {
  readonly yes: Localized;
  readonly no: Localized;
}

export interface ValueContext {
  readonly lang: Lang;
  /** IANA zone for times; undefined: the runtime's own (TZ). */
  readonly timeZone: string | undefined;
  readonly states?: States | undefined;
}

/** Control characters (C0, DEL, C1) shown as \xNN so that nothing from a device can drive the terminal. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const fill = (s: string, vars: Readonly<Record<string, string>>) => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** An ISO 8601 duration (P7D, PT15M) in words: 7日 / 7 days. */
export function humanDuration(iso: string, lang: Lang): string {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return iso;
  const units = T.durationUnits[lang].split(',');
  return m
    .slice(1)
    .map((v, i) => {
      if (!v) return '';
      const n = Number(v);
      // English drops the plural s for one (1 day); Japanese has none.
      const unit = lang === 'en' && n === 1 ? units[i]!.replace(/s$/, '') : units[i]!;
      return `${n}${unit}`;
    })
    .filter(Boolean)
    .join(lang === 'ja' ? '' : ' ');
}

/**
 * How long before `now` an instant was, as a person says it: 約2年前 / about 2 years ago, 約18か月前, 534日前,
 * 5時間前, 12分前 (months and years are approximate, so they say 約 / about).
 */
export function ageText(iso: string, now: string, lang: Lang): string | undefined {
  const ms = Date.parse(now) - Date.parse(iso);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const days = ms / 86_400_000;
  const [n, template] =
    days >= 730 ? [Math.floor(days / 365.25), T.yearsAgo] : days >= 60 ? [Math.floor(days / 30.44), T.monthsAgo] : days >= 2 ? [Math.floor(days), T.daysAgo] : ms >= 2 * 3_600_000 ? [Math.floor(ms / 3_600_000), T.hoursAgo] : [Math.floor(ms / 60_000), T.minutesAgo];
  return fill(template[lang], { n: String(n) });
}

/** One value for people: yes/no in the fact's words, times in local time, enum values by name, lists joined. */
export function formatValue(v: unknown, ctx: ValueContext): string {
  const { lang } = ctx;
  if (v === null || v === undefined) return M.unknownValue[lang];
  if (typeof v === 'boolean') return (v ? (ctx.states?.yes ?? T.yes) : (ctx.states?.no ?? T.no))[lang];
  if (Array.isArray(v)) return v.length === 0 ? M.none[lang] : list(v.map((x) => formatValue(x, ctx)), 'and', lang);
  if (typeof v === 'object') return printable(JSON.stringify(v));
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return formatLocalTime(v, ctx.timeZone);
  if (typeof v === 'string' && Object.hasOwn(VALUE_LABEL, v)) return VALUE_LABEL[v as keyof typeof VALUE_LABEL][lang];
  return printable(String(v));
}

/** a、b / a and b; a・b のいずれか / a or b. */
function list(items: readonly string[], conj: 'and' | 'or', lang: Lang): string {
  if (lang === 'ja') return items.join(conj === 'and' ? '、' : '・');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items.at(-1)}`;
}

/** What the value must be, as a clause: 「有効にする必要があります」 / "must be on". */
function requirement(e: ExpectationResult, ctx: ValueContext): string {
  const { lang } = ctx;
  const want = (v: unknown) => formatValue(v, ctx);
  const anyOf = () => list((Array.isArray(e.expected) ? e.expected : [e.expected]).map(want), 'or', lang);
  switch (e.op) {
    case 'eq':
      return fill(T.mustBe[lang], { value: want(e.expected) });
    case 'ne':
      return fill(T.mustNotBe[lang], { value: want(e.expected) });
    case 'lt':
      return fill(T.lessThan[lang], { value: want(e.expected) });
    case 'lte':
      return fill(e.expected === 0 ? T.mustBe[lang] : T.atMost[lang], { value: want(e.expected) });
    case 'gt':
      return fill(T.moreThan[lang], { value: want(e.expected) });
    case 'gte':
      return fill(T.atLeast[lang], { value: want(e.expected) });
    case 'in':
      return fill(T.oneOf[lang], { value: anyOf() });
    case 'not-in':
      return fill(T.mustNotBe[lang], { value: anyOf() });
    case 'max-age':
      // "within the last day", not "the last 1 day".
      return fill(T.within[lang], { span: humanDuration(String(e.expected), lang).replace(/^1 (?=\w+$)/, '') });
    case 'not-expired':
      return T.expired[lang];
    case 'empty':
      return T.mustBeNone[lang];
    case 'not-empty':
      return T.atLeastOne[lang];
    default:
      return fill(T.mustBe[lang], { value: want(e.expected) });
  }
}

/**
 * One fact as a line: 「自動更新: 無効（有効にする必要があります）」 for a fact that failed its expectation,
 * 「ファイアウォール: 不明」 for one that could not be read, 「無線LANアダプター: 0」 for the fact that made a check
 * not apply. `now` (the scan's time) gives a timestamp its age.
 */
export function describeFact(e: ExpectationResult, ctx: ValueContext & { readonly now: string }): string {
  const { lang } = ctx;
  const named = e.label?.[lang] ?? e.path;
  // English labels are written for the middle of a sentence; a line starts with a capital.
  const label = lang === 'en' ? named.charAt(0).toUpperCase() + named.slice(1) : named;
  const observed = formatValue(e.observed, ctx);
  if (e.met !== false || e.observed === null || e.observed === undefined) return `${label}: ${observed}`;
  const paren = (s: string) => (lang === 'ja' ? `（${s}）` : ` (${s})`);
  if (e.op === 'max-age' && typeof e.observed === 'string') {
    const age = ageText(e.observed, ctx.now, lang);
    if (age) return `${label}: ${observed}${paren(fill(T.ageAndRequirement[lang], { age, requirement: requirement(e, ctx) }))}`;
  }
  return `${label}: ${observed}${paren(requirement(e, ctx))}`;
}
