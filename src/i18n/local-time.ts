/**
 * Times for people: the reader's local time with its zone ("2026-12-06 11:15 JST"), the same in both
 * languages. Reports and JSON keep UTC; only what a person reads is converted.
 */

/** The zone named by TZ when Intl knows it (an IANA name such as Asia/Tokyo), else the runtime's own. */
export function timeZoneFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const tz = env.TZ?.replace(/^:/, '');
  if (!tz) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    // A POSIX rule (JST-9) or a path Intl cannot read: the runtime has already applied it to its own zone.
    return undefined;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone ?? ''} ${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, { ...options, ...(timeZone ? { timeZone } : {}) })));
  return f;
}

/**
 * The zone's abbreviation where one is in common use (JST, CET, EST, UTC), else its offset (GMT+5:30).
 * Intl names JST only in Japanese and CET only in British English, so each is asked.
 */
function zoneName(date: Date, timeZone: string | undefined): string {
  const names = ['en-US', 'ja-JP', 'en-GB'].map(
    (locale) => formatter(locale, timeZone, { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '',
  );
  return names.find((n) => n && !/^GMT[+-]/.test(n)) ?? names[0]!;
}

/** "2026-12-06 11:15 JST" for an ISO 8601 instant; a bare date (2028-06-30) is shown as it is. */
export function formatLocalTime(iso: string, timeZone?: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    formatter('en-US', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${zoneName(date, timeZone)}`;
}
