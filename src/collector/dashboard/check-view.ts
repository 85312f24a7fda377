/**
 * One check of one report as the device page and the item page show it: its title (from the report's own
 * policy), its status in words, what was observed against what is expected, the reason when it could not be
 * decided, the fix for that device's OS, and the IPA items it supports. Everything in it came from a device
 * and reaches the page through `html` only.
 */
import { GUIDELINE_STATUS_LABEL, MESSAGES, STATUS_LABEL } from '../../i18n/messages.ts';
import { DASHBOARD_MESSAGES as M, PROFILE_LABEL } from '../../i18n/dashboard-messages.ts';
import type { Lang } from '../../i18n/lang.ts';
import type { Catalog } from '../../policy/schema.ts';
import type { CheckStatus } from '../../report/vocabulary.ts';
import type { ItemState } from '../read-model.ts';
import { FLEET_CATALOGS } from '../report-facts.ts';
import { reasonText, type ShownCheck, type ShownExpectation } from '../report-view.ts';
import { href, html, type Html } from './html.ts';
import { t, timeText, type View } from './layout.ts';

/** A profile as people call it (テレワーク復帰チェック), or its name when the policy is not the bundled one. */
export const profileLabel = (profile: string, view: View): string =>
  Object.hasOwn(PROFILE_LABEL, profile) ? t(PROFILE_LABEL[profile as keyof typeof PROFILE_LABEL], view) : profile;

/** 自社診断 No.13 / Self-check No.13: the catalog's short name and the item number. */
export function itemLabel(ref: string, catalogs: ReadonlyMap<string, Catalog>, view: View): string {
  const [catalogId = '', item = ''] = ref.split(':');
  const catalog = catalogs.get(catalogId);
  return catalog ? t(M.itemTitle, view, { catalog: t(catalog.short, view), item }) : ref;
}

export const itemHref = (ref: string, query: { profile?: string; state?: ItemState } = {}): string =>
  href(`/items/${ref}`, { profile: query.profile === 'baseline' ? undefined : query.profile, state: query.state });

/** The item's name, a link to its page where the fleet counts its catalog (自社診断, 5か条). */
export function itemLink(ref: string, profile: string, catalogs: ReadonlyMap<string, Catalog>, view: View): Html {
  const counted = (FLEET_CATALOGS as readonly string[]).includes(ref.split(':')[0] ?? '');
  return counted ? html`<a href="${itemHref(ref, { profile })}">${itemLabel(ref, catalogs, view)}</a>` : html`<span>${itemLabel(ref, catalogs, view)}</span>`;
}

/** A check status as a badge: the word is on it, the colour only repeats it. */
export const statusBadge = (status: CheckStatus, view: View): Html => html`<span class="badge check-${status}">${t(STATUS_LABEL[status], view)}</span>`;

/** An item status (実施している … 手動で確認) as a badge, in the words of every view. */
export const itemStatusBadge = (status: string, view: View): Html => {
  const label = GUIDELINE_STATUS_LABEL[status as keyof typeof GUIDELINE_STATUS_LABEL];
  return html`<span class="badge item-${status}">${label ? t(label, view) : status}</span>`;
};

const DURATION_UNITS: readonly { readonly ja: string; readonly en: string }[] = [
  { ja: '週間', en: 'weeks' },
  { ja: '日', en: 'days' },
  { ja: '時間', en: 'hours' },
  { ja: '分', en: 'minutes' },
  { ja: '秒', en: 'seconds' },
];

/** P30D → 30 日 / 30 days (the policies' thresholds are ISO 8601 durations). */
function durationText(iso: string, lang: Lang): string | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  return m
    .slice(1)
    .map((n, i) => (n ? `${Number(n)} ${DURATION_UNITS[i]![lang]}` : ''))
    .filter(Boolean)
    .join(' ');
}

/** A value as a person reads it: yes/no, none for an empty list, unknown for a fact not established, times in the view's zone. */
function valueText(v: unknown, view: View): string {
  const lang = view.lang;
  if (v === null || v === undefined) return MESSAGES.unknownValue[lang];
  if (typeof v === 'boolean') return { ja: v ? 'はい' : 'いいえ', en: v ? 'yes' : 'no' }[lang];
  if (Array.isArray(v)) return v.length === 0 ? MESSAGES.none[lang] : v.map((x) => valueText(x, view)).join(lang === 'ja' ? '、' : ', ');
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v))) return timeText(v, view);
  if (typeof v === 'string' && v.startsWith('P')) return durationText(v, lang) ?? v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** What the expectation asks for, in words: `{value}` is the threshold after the profile's parameters. */
const EXPECTED: Readonly<Record<string, { ja: string; en: string }>> = {
  eq: { ja: '{value}', en: '{value}' },
  ne: { ja: '{value} 以外', en: 'not {value}' },
  lt: { ja: '{value} 未満', en: 'less than {value}' },
  lte: { ja: '{value} 以下', en: 'at most {value}' },
  gt: { ja: '{value} より大きい', en: 'more than {value}' },
  gte: { ja: '{value} 以上', en: 'at least {value}' },
  in: { ja: '{value} のいずれか', en: 'one of {value}' },
  'not-in': { ja: '{value} 以外', en: 'none of {value}' },
  'max-age': { ja: '{value} 以内', en: 'within {value}' },
  'not-expired': { ja: '期限内', en: 'not expired' },
  empty: { ja: 'なし', en: 'none' },
  'not-empty': { ja: '1 つ以上', en: 'at least one' },
};

function expectedText(e: ShownExpectation, view: View): string {
  const words = EXPECTED[e.op];
  const value = valueText(e.expected, view);
  return words ? words[view.lang].replace('{value}', value) : `${e.op} ${value}`;
}

function expectations(check: ShownCheck, view: View): Html {
  if (check.expectations.length === 0) return html``;
  return html`<table class="observed"><thead><tr><th scope="col"></th><th scope="col">${t(M.observedLabel, view)}</th><th scope="col">${t(M.expectedLabel, view)}</th></tr></thead><tbody>${check.expectations.map(
    (e) =>
      html`<tr class="${e.met === false ? 'unmet' : ''}"><th scope="row">${e.label ? t(e.label, view) : html`<code>${e.path}</code>`}</th><td>${valueText(e.observed, view)}${
        e.met === false ? html` <span class="mark">✗</span>` : e.met === null ? html` <span class="mark">?</span>` : ''
      }</td><td>${expectedText(e, view)}</td></tr>`,
  )}</tbody></table>`;
}

export interface CheckViewOptions {
  readonly catalogs: ReadonlyMap<string, Catalog>;
  readonly profile: string;
  /** The status the previous report of the same profile gave this check, when it differs. */
  readonly change?: { readonly from: CheckStatus | null } | undefined;
  /** Show the IPA items the check supports (the item page leaves them out: it is about one item). */
  readonly items?: boolean;
  readonly role?: string | undefined;
}

function changeBadge(status: CheckStatus, change: CheckViewOptions['change'], view: View): Html {
  if (!change) return html``;
  if (status === 'fail') return html`<span class="badge change-new">${t(M.newlyFailing, view)}</span>`;
  if (change.from === 'fail' && status === 'pass') return html`<span class="badge change-fixed">${t(M.fixed, view)}</span>`;
  return html`<span class="badge change">${t(M.changedFrom, view, { status: change.from ? t(STATUS_LABEL[change.from], view) : t(M.absent, view) })}</span>`;
}

export function checkView(check: ShownCheck, title: { ja: string; en: string }, view: View, options: CheckViewOptions): Html {
  const reason = check.status === 'unknown' || check.status === 'error' || check.status === 'not_applicable' ? reasonText(check, view.lang) : null;
  const unknownFacts = check.expectations.map((e) => (e.met === null ? reasonText(e, view.lang) : null)).filter((r): r is string => r !== null);
  const reasons = [...new Set([...(reason ? [reason] : []), ...(check.status === 'unknown' ? unknownFacts : [])])];
  const showFix = check.remediation !== null && (check.status === 'fail' || check.status === 'unknown' || check.status === 'error');
  return html`<li class="check is-${check.status}">
<h3>${statusBadge(check.status, view)}${changeBadge(check.status, options.change, view)}${options.role ? html`<span class="role">${options.role}</span>` : ''} <span class="title">${t(title, view)}</span> <code class="id">${check.id}</code></h3>
${check.status === 'not_applicable' ? '' : expectations(check, view)}
${reasons.length ? html`<p class="reason"><strong>${t(M.reasonLabel, view)}:</strong> ${reasons.join(' / ')}</p>` : ''}
${showFix ? html`<div class="fix"><strong>${t(M.fixLabel, view)}:</strong> <p>${t(check.remediation!, view)}</p></div>` : ''}
${
  options.items && check.supports.length
    ? html`<p class="items"><strong>${t(M.itemsLabel, view)}:</strong> ${check.supports.map((ref) => html`${itemLink(ref, options.profile, options.catalogs, view)} `)}</p>`
    : ''
}
</li>`;
}
