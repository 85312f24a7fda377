/**
 * Intervals a wall-clock calendar can express evenly: minutes that divide an hour, hours that divide a day,
 * one day, one week. systemd's OnCalendar (which Persistent= needs to catch up runs missed while the PC was
 * off) and cron both step through clock fields, so a 45-minute step would fire at :00 and :45 of each hour,
 * not every 45 minutes. Other intervals use a monotonic timer (systemd) or are refused (cron).
 */
export type CalendarStep =
  | { readonly unit: 'minutes'; readonly step: number }
  | { readonly unit: 'hours'; readonly step: number }
  | { readonly unit: 'daily' }
  | { readonly unit: 'weekly' };

export function calendarStep(everySeconds: number): CalendarStep | undefined {
  if (everySeconds === 86_400) return { unit: 'daily' };
  if (everySeconds === 7 * 86_400) return { unit: 'weekly' };
  if (everySeconds < 3600 && everySeconds % 60 === 0 && 3600 % everySeconds === 0) return { unit: 'minutes', step: everySeconds / 60 };
  if (everySeconds < 86_400 && everySeconds % 3600 === 0 && 86_400 % everySeconds === 0) return { unit: 'hours', step: everySeconds / 3600 };
  return undefined;
}

/** The intervals calendarStep accepts, for messages: 15m 20m 30m 1h 2h 3h 4h 6h 8h 12h 24h 7d. */
export const CALENDAR_INTERVALS = '15m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h, 7d';
