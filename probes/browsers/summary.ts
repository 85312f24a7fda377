/** The browsers probe's lists, from the browsers found: the same rules on every OS. */
import type { z } from 'zod';
import { because, reasons, type Reason } from '../../src/probe.ts';
import type { Browser, BrowsersEvidence } from './browsers.ts';

type Evidence = z.input<typeof BrowsersEvidence>;

/** A browser found, with the reasons for the facts about it that are null. */
export interface Found {
  readonly browser: Browser;
  readonly why?: { readonly version?: Reason; readonly filesWrittenAt?: Reason; readonly updatesBlockedByPolicy?: Reason; readonly warningsOffByPolicy?: Reason };
}

/** A warning switch that is not a browser's (Windows SmartScreen): off by policy, not, or not read (its reason). */
export type ExtraWarnings = Readonly<Record<'windows-smartscreen', boolean | Reason>>;

/**
 * A list is null when a fact it needs is null, with that fact's reason. The same program registered twice (HKLM
 * and a user's App Paths, or the 32-bit view) is one browser.
 */
export function summarize(found: readonly Found[], extra: Partial<ExtraWarnings> = {}): Evidence {
  const why = reasons();
  const byPath = new Map<string, Found>();
  for (const f of found) if (!byPath.has(f.browser.path.toLowerCase())) byPath.set(f.browser.path.toLowerCase(), f);
  const unique = [...byPath.values()];
  unique.forEach((f, i) => {
    for (const [fact, reason] of Object.entries(f.why ?? {})) if (reason && f.browser[fact as keyof Browser] === null) why.set(`browsers.${i}.${fact}`, reason);
    if (f.browser.updatedBy !== 'itself') why.set(`browsers.${i}.updatesBlockedByPolicy`, because('browsers.updated-by-os', { updater: f.browser.updatedBy }));
  });
  const browsers = unique.map((f) => f.browser);
  const selfUpdating = unique.filter((f) => f.browser.updatedBy === 'itself');
  const names = <T extends string>(list: T[]) => [...new Set(list)];

  const unreadUpdate = selfUpdating.find((f) => f.browser.updatesBlockedByPolicy === null);
  const updatesBlockedByPolicy = unreadUpdate
    ? why.set('updatesBlockedByPolicy', unreadUpdate.why?.updatesBlockedByPolicy ?? because('browsers.policy-not-read', { browser: unreadUpdate.browser.name }))
    : names(selfUpdating.filter((f) => f.browser.updatesBlockedByPolicy).map((f) => f.browser.name));

  const unreadWarnings = unique.find((f) => f.browser.warningsOffByPolicy === null);
  const extraUnread = Object.values(extra).find((v): v is Reason => typeof v === 'object');
  const warningsOffByPolicy = unreadWarnings
    ? why.set('warningsOffByPolicy', unreadWarnings.why?.warningsOffByPolicy ?? because('browsers.policy-not-read', { browser: unreadWarnings.browser.name }))
    : extraUnread
      ? why.set('warningsOffByPolicy', extraUnread)
      : [...names(unique.filter((f) => f.browser.warningsOffByPolicy).map((f) => f.browser.name)), ...(extra['windows-smartscreen'] === true ? (['windows-smartscreen'] as const) : [])];

  const undated = selfUpdating.find((f) => f.browser.filesWrittenAt === null);
  const oldestFilesWrittenAt =
    selfUpdating.length === 0
      ? why.set('oldestFilesWrittenAt', because('browsers.none-self-updating'))
      : undated
        ? why.set('oldestFilesWrittenAt', undated.why?.filesWrittenAt ?? because('browsers.date-not-read', { browser: undated.browser.name }))
        : selfUpdating.map((f) => f.browser.filesWrittenAt!).sort()[0]!;

  return { browsers, installed: names(browsers.map((b) => b.name)), selfUpdating: names(selfUpdating.map((f) => f.browser.name)), updatesBlockedByPolicy, warningsOffByPolicy, oldestFilesWrittenAt, unknown: why.map };
}
