/**
 * macOS collector of the browsers probe. Readable as any user, no Full Disk Access needed:
 * - the app bundles in /Applications and every user's ~/Applications (Chrome can install there), their
 *   version through `plutil -extract` and their Info.plist's date (an update replaces the bundle);
 * - managed preferences, /Library/Managed Preferences/<domain>.plist and its per-user folders, written by a
 *   configuration profile: com.google.Keystone (Chrome's updates), com.google.Chrome, com.microsoft.Edge,
 *   org.mozilla.firefox, com.apple.Safari — converted by `plutil -convert xml1` only where the file exists;
 * - Firefox.app/Contents/Resources/distribution/policies.json.
 * Safari is updated with macOS itself. Edge updates through Microsoft AutoUpdate, whose policy keys tenken does
 * not read yet: Edge's update fact is unknown with that reason.
 */
import type { z } from 'zod';
import { PermissionDeniedError } from '../../src/host/errors.ts';
import { applicationFolders, bundleVersion } from '../../src/mac-bundle.ts';
import { parsePlist } from '../../src/plist.ts';
import { because, readFileOrReason, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { Browser, BrowserName, BrowsersEvidence } from './browsers.ts';
import { chromeWarningsOff, edgeWarningsOff, firefoxPolicy, keystoneUpdateBlocked, parsePoliciesJson, safariWarningsOff, type PolicyValues } from './policies.ts';
import { summarize, type Found } from './summary.ts';

export const MAC_BROWSERS: readonly { readonly name: BrowserName; readonly app: string }[] = [
  { name: 'chrome', app: 'Google Chrome.app' },
  { name: 'edge', app: 'Microsoft Edge.app' },
  { name: 'firefox', app: 'Firefox.app' },
  { name: 'safari', app: 'Safari.app' },
];
export const MANAGED_PREFERENCES = '/Library/Managed Preferences';
const DOMAINS = ['com.google.Keystone', 'com.google.Chrome', 'com.microsoft.Edge', 'org.mozilla.firefox', 'com.apple.Safari'] as const;
type Domain = (typeof DOMAINS)[number];

/** A domain's managed preferences: every dictionary found (machine-wide, then per user), or why one could not be read. */
type Read = { values: PolicyValues[] } | { problem: Reason };

/** A managed-preferences plist as a dictionary; undefined when the file is not there. */
async function readManaged(ctx: ProbeContext, path: string): Promise<{ values: PolicyValues } | { problem: Reason }> {
  let present;
  try {
    present = await ctx.stat(path);
  } catch (e) {
    if (e instanceof PermissionDeniedError) return { problem: because('file.unreadable', { path }) };
    throw e;
  }
  if (!present) return { values: undefined };
  const r = await ctx.run('plutil', ['-convert', 'xml1', '-o', '-', path]);
  if (r.exitCode !== 0) return { problem: because('command.failed', { command: `plutil -convert xml1 ${path}`, exitCode: r.exitCode }, saidBy(r)) };
  try {
    const doc = parsePlist(r.stdout);
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) return { values: doc as Record<string, unknown> };
  } catch {
    // reported below
  }
  return { problem: because('file.unexpected', { path }) };
}

/**
 * Machine-wide managed preferences and each user's (/Library/Managed Preferences/<user>/), as a configuration
 * profile installs them: a policy in any of them counts, as it does for the user it applies to.
 */
async function managed(ctx: ProbeContext): Promise<Record<Domain, Read>> {
  const entries = (await ctx.listDir(MANAGED_PREFERENCES)) ?? [];
  const users = entries.filter((e) => !e.endsWith('.plist') && !e.startsWith('.'));
  const out = {} as Record<Domain, Read>;
  for (const domain of DOMAINS) {
    const values: PolicyValues[] = [];
    let problem: Reason | undefined;
    for (const dir of [MANAGED_PREFERENCES, ...users.map((u) => `${MANAGED_PREFERENCES}/${u}`)]) {
      const read = await readManaged(ctx, `${dir}/${domain}.plist`);
      if ('problem' in read) problem ??= read.problem;
      else if (read.values) values.push(read.values);
    }
    out[domain] = problem ? { problem } : { values };
  }
  return out;
}

export async function collectDarwin(ctx: ProbeContext): Promise<z.input<typeof BrowsersEvidence>> {
  const prefs = await managed(ctx);
  const found: Found[] = [];
  for (const folder of await applicationFolders(ctx)) {
    for (const { name, app } of MAC_BROWSERS) {
      if (name === 'safari' && folder !== '/Applications') continue;
      const path = `${folder}/${app}`;
      const v = await bundleVersion(ctx, path);
      if ('problem' in v && !v.exists) continue;
      const version = 'version' in v ? v.version : null;
      const filesWrittenAt = 'version' in v ? v.mtime : null;
      const why: { -readonly [K in keyof NonNullable<Found['why']>]: Reason } = {};
      if ('problem' in v) why.version = why.filesWrittenAt = v.problem;
      const base = { name, path, version, filesWrittenAt, updatedBy: name === 'safari' ? ('macos' as const) : ('itself' as const) };
      const pick = (domain: Domain, judge: (v: PolicyValues) => boolean, fact: 'updatesBlockedByPolicy' | 'warningsOffByPolicy'): boolean | null => {
        const read = prefs[domain];
        if ('problem' in read) {
          why[fact] = read.problem;
          return null;
        }
        return read.values.some(judge);
      };
      let browser: Browser;
      if (name === 'chrome') browser = { ...base, updatesBlockedByPolicy: pick('com.google.Keystone', keystoneUpdateBlocked, 'updatesBlockedByPolicy'), warningsOffByPolicy: pick('com.google.Chrome', chromeWarningsOff, 'warningsOffByPolicy') };
      else if (name === 'edge') {
        why.updatesBlockedByPolicy = because('browsers.edge-macos-update-not-read');
        browser = { ...base, updatesBlockedByPolicy: null, warningsOffByPolicy: pick('com.microsoft.Edge', edgeWarningsOff, 'warningsOffByPolicy') };
      } else if (name === 'safari') browser = { ...base, updatesBlockedByPolicy: null, warningsOffByPolicy: pick('com.apple.Safari', safariWarningsOff, 'warningsOffByPolicy') };
      else browser = { ...base, ...(await firefoxOnMac(ctx, path, prefs['org.mozilla.firefox'], why)) };
      found.push({ browser, why });
    }
  }
  return summarize(found);
}

/**
 * Firefox reads a configuration profile's org.mozilla.firefox only when it has EnterprisePoliciesEnabled = true
 * (github.com/mozilla/policy-templates, mac/README), and the bundle's distribution/policies.json.
 */
async function firefoxOnMac(ctx: ProbeContext, app: string, profile: Read, why: Record<string, Reason>): Promise<Pick<Browser, 'updatesBlockedByPolicy' | 'warningsOffByPolicy'>> {
  const jsonPath = `${app}/Contents/Resources/distribution/policies.json`;
  const text = await readFileOrReason(ctx, jsonPath);
  const json = typeof text === 'string' ? parsePoliciesJson(text) : undefined;
  const problem = 'problem' in profile ? profile.problem : typeof text === 'object' ? text : typeof text === 'string' && json === undefined ? because('file.unexpected', { path: jsonPath }) : undefined;
  const judged = ['values' in profile ? profile.values.filter((v) => v?.EnterprisePoliciesEnabled === true) : [], [json]].flat().map((v) => firefoxPolicy(v));
  const updates = judged.some((j) => j.updateBlocked);
  const warnings = judged.some((j) => j.warningsOff);
  if (problem && !updates) why.updatesBlockedByPolicy = problem;
  if (problem && !warnings) why.warningsOffByPolicy = problem;
  return { updatesBlockedByPolicy: updates || (problem ? null : false), warningsOffByPolicy: warnings || (problem ? null : false) };
}
