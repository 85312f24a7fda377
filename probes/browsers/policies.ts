/**
 * What a browser policy means for tenken's two questions — does it stop the browser updating itself, does it turn
 * off the warnings about dangerous sites — read from the policy values as each vendor documents them. Pure
 * functions over values already read (registry values, managed preferences, policies.json); tested in browsers.test.ts.
 */
import { z } from 'zod';

/** A policy source as read: its values by name, or nothing there (undefined). */
export type PolicyValues = Readonly<Record<string, unknown>> | undefined;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined);
const falsy = (v: unknown): boolean => v === false || v === 0 || v === '0' || v === 'false';

/** Google Update's app id of Chrome (stable) and EdgeUpdate's of Edge (stable), the suffixes of their Update{…} policies. */
export const CHROME_APP_GUID = '{8A69D345-D564-463C-AFF1-A69D9E530F96}';
export const EDGE_APP_GUID = '{56EB18F8-B008-4CBD-B6D2-8C97FE7E9062}';

/**
 * Windows: Google Update (HKLM\SOFTWARE\Policies\Google\Update) and Microsoft Edge Update
 * (HKLM\SOFTWARE\Policies\Microsoft\EdgeUpdate) take the same values: Update{app-guid} overrides UpdateDefault;
 * 0 = updates disabled, 1 = always allow, 2 = manual updates only, 3 = automatic silent updates only
 * (support.google.com/chrome/a/answer/6350036 "Manage Chrome updates (Windows)"; learn.microsoft.com/deployedge/
 * microsoft-edge-update-policies#updatedefault). 0 and 2 both mean the browser no longer updates by itself.
 * AutoUpdateCheckPeriodMinutes = 0 turns off the periodic update checks altogether (same pages).
 */
export function windowsUpdateBlocked(values: PolicyValues, appGuid: string): boolean {
  if (!values) return false;
  const own = num(values[`Update${appGuid}`]);
  const mode = own ?? num(values.UpdateDefault);
  return mode === 0 || mode === 2 || num(values.AutoUpdateCheckPeriodMinutes) === 0;
}

/**
 * macOS: Google Software Update (Keystone) reads updatePolicies from com.google.Keystone; an app's dictionary
 * (com.google.Chrome) overrides `global`, and UpdateDefault 0 is the one value that keeps automatic updates on
 * (support.google.com/chrome/a/answer/7591084 "Manage Chrome updates (Mac)"): any other value takes them away.
 */
export function keystoneUpdateBlocked(keystone: PolicyValues): boolean {
  const policies = keystone?.updatePolicies;
  if (!policies || typeof policies !== 'object') return false;
  const p = policies as Record<string, Record<string, unknown> | undefined>;
  const mode = num(p['com.google.Chrome']?.UpdateDefault) ?? num(p.global?.UpdateDefault);
  return mode !== undefined && mode !== 0;
}

/**
 * Chrome's Safe Browsing policies (chromeenterprise.google/policies/#SafeBrowsingProtectionLevel): protection level
 * 0 = never active; the older SafeBrowsingEnabled = false (deprecated, still honoured where the level is unset).
 */
export function chromeWarningsOff(values: PolicyValues): boolean {
  if (!values) return false;
  const level = num(values.SafeBrowsingProtectionLevel);
  if (level !== undefined) return level === 0;
  return values.SafeBrowsingEnabled !== undefined && falsy(values.SafeBrowsingEnabled);
}

/** Edge's SmartScreenEnabled = 0/false turns Microsoft Defender SmartScreen off (learn.microsoft.com/deployedge/microsoft-edge-policies#smartscreenenabled). */
export function edgeWarningsOff(values: PolicyValues): boolean {
  return values?.SmartScreenEnabled !== undefined && falsy(values.SmartScreenEnabled);
}

/** Windows' own SmartScreen for downloaded apps: HKLM\SOFTWARE\Policies\Microsoft\Windows\System EnableSmartScreen = 0 (Windows Components/File Explorer/Configure Windows Defender SmartScreen). */
export function windowsSmartScreenOff(values: PolicyValues): boolean {
  return values?.EnableSmartScreen !== undefined && num(values.EnableSmartScreen) === 0;
}

/** Safari's managed preference WarnAboutFraudulentWebsites = false (Safari → Settings → Security, "Warn when visiting a fraudulent website"). */
export function safariWarningsOff(values: PolicyValues): boolean {
  return values?.WarnAboutFraudulentWebsites !== undefined && falsy(values.WarnAboutFraudulentWebsites);
}

/** The Safe Browsing preferences Firefox's Preferences policy may set (mozilla/policy-templates v1.10 added both). */
export const FIREFOX_SAFE_BROWSING_PREFS = ['browser.safebrowsing.malware.enabled', 'browser.safebrowsing.phishing.enabled'] as const;

/** A Preferences policy entry: a bare value, or { Value, Status } (firefox-admin-docs.mozilla.org, Preferences). */
const prefValue = (v: unknown): unknown => (v && typeof v === 'object' && 'Value' in v ? (v as { Value: unknown }).Value : v);

export interface FirefoxPolicy {
  readonly updateBlocked: boolean;
  readonly warningsOff: boolean;
}

/**
 * Firefox enterprise policies, from policies.json's "policies" object, macOS managed preferences or the
 * registry: DisableAppUpdate = true stops updates (firefox-admin-docs.mozilla.org, DisableAppUpdate); a
 * Preferences policy that sets browser.safebrowsing.malware.enabled or .phishing.enabled to false turns the
 * dangerous-site warnings off. The registry keeps Preferences as values of their own key (`preferences`).
 */
export function firefoxPolicy(policies: PolicyValues, preferences?: PolicyValues): FirefoxPolicy {
  const prefs = (preferences ?? (policies?.Preferences as PolicyValues)) ?? {};
  const prefOff = FIREFOX_SAFE_BROWSING_PREFS.some((name) => prefs[name] !== undefined && falsy(prefValue(prefs[name])));
  const disable = policies?.DisableAppUpdate;
  return { updateBlocked: disable === true || num(disable) === 1, warningsOff: prefOff };
}

/** policies.json: `{ "policies": { … } }`; undefined when the text is not that shape (Firefox ignores such a file too). */
export function parsePoliciesJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = z.object({ policies: z.record(z.string(), z.unknown()) }).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.policies : undefined;
  } catch {
    return undefined;
  }
}

/** A Chromium managed-policy JSON file (Linux /etc/opt/chrome/policies/managed/*.json): one object of policies. */
export function parseChromiumPolicyJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = z.record(z.string(), z.unknown()).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
