/**
 * The dashboard's language: `?lang=ja|en` (then kept in a cookie), else the cookie, else the browser's
 * Accept-Language (highest q first), else Japanese — the administrators tenken is written for.
 */
import { LANGS, type Lang } from '../../i18n/lang.ts';

export const LANG_COOKIE = 'tenken_lang';

const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/** The first of ja/en the Accept-Language header prefers (RFC 9110 §12.5.4: q defaults to 1, q=0 means not). */
export function langFromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranges) if (isLang(r.primary)) return r.primary;
  return null;
}

export interface LangChoice {
  readonly lang: Lang;
  /** Set when the query chose a language the cookie does not hold yet. */
  readonly remember: boolean;
}

export function chooseLang(input: { query: unknown; cookie: string | undefined; acceptLanguage: string | undefined }): LangChoice {
  if (isLang(input.query)) return { lang: input.query, remember: input.query !== input.cookie };
  if (isLang(input.cookie)) return { lang: input.cookie, remember: false };
  return { lang: langFromAcceptLanguage(input.acceptLanguage) ?? 'ja', remember: false };
}
