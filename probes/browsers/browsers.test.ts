import { describe, expect, it } from 'vitest';
import { enReason } from '../../test/support/reason-text.ts';
import type { Browser } from './browsers.ts';
import { CHROME_APP_GUID, chromeWarningsOff, EDGE_APP_GUID, edgeWarningsOff, firefoxPolicy, keystoneUpdateBlocked, parseChromiumPolicyJson, parsePoliciesJson, safariWarningsOff, windowsSmartScreenOff, windowsUpdateBlocked } from './browsers.ts';
import { parseApplicationIniVersion } from './linux.ts';
import { summarize } from './summary.ts';

describe('Google Update and EdgeUpdate policies (Windows)', () => {
  it('blocks on 0 (disabled) and 2 (manual only), lets the app value override the default, and honours a zero check period', () => {
    expect(windowsUpdateBlocked({ UpdateDefault: 0 }, CHROME_APP_GUID)).toBe(true);
    expect(windowsUpdateBlocked({ UpdateDefault: 2 }, CHROME_APP_GUID)).toBe(true);
    expect(windowsUpdateBlocked({ UpdateDefault: 1 }, CHROME_APP_GUID)).toBe(false);
    expect(windowsUpdateBlocked({ UpdateDefault: 3 }, CHROME_APP_GUID)).toBe(false);
    expect(windowsUpdateBlocked({ UpdateDefault: 0, [`Update${CHROME_APP_GUID}`]: 1 }, CHROME_APP_GUID)).toBe(false);
    expect(windowsUpdateBlocked({ UpdateDefault: 1, [`Update${EDGE_APP_GUID}`]: 0 }, EDGE_APP_GUID)).toBe(true);
    // Chrome's own value says nothing about Edge.
    expect(windowsUpdateBlocked({ [`Update${CHROME_APP_GUID}`]: 0 }, EDGE_APP_GUID)).toBe(false);
    expect(windowsUpdateBlocked({ AutoUpdateCheckPeriodMinutes: 0 }, EDGE_APP_GUID)).toBe(true);
    expect(windowsUpdateBlocked({ AutoUpdateCheckPeriodMinutes: 1440 }, EDGE_APP_GUID)).toBe(false);
    expect(windowsUpdateBlocked(undefined, CHROME_APP_GUID)).toBe(false);
  });
});

describe('Keystone updatePolicies (macOS)', () => {
  it('keeps updates only with UpdateDefault 0; Chrome\'s own dictionary overrides global', () => {
    expect(keystoneUpdateBlocked({ updatePolicies: { global: { UpdateDefault: 0 } } })).toBe(false);
    expect(keystoneUpdateBlocked({ updatePolicies: { global: { UpdateDefault: 3 } } })).toBe(true);
    expect(keystoneUpdateBlocked({ updatePolicies: { global: { UpdateDefault: 3 }, 'com.google.Chrome': { UpdateDefault: 0 } } })).toBe(false);
    expect(keystoneUpdateBlocked({ updatePolicies: { 'com.google.Chrome': { UpdateDefault: 1 } } })).toBe(true);
    expect(keystoneUpdateBlocked({ updatePolicies: {} })).toBe(false);
    expect(keystoneUpdateBlocked(undefined)).toBe(false);
  });
});

describe('dangerous-site warnings', () => {
  it('Chrome: protection level 0 is off, 1 and 2 are on; the old switch counts only where the level is unset', () => {
    expect(chromeWarningsOff({ SafeBrowsingProtectionLevel: 0 })).toBe(true);
    expect(chromeWarningsOff({ SafeBrowsingProtectionLevel: 1 })).toBe(false);
    expect(chromeWarningsOff({ SafeBrowsingProtectionLevel: 2, SafeBrowsingEnabled: false })).toBe(false);
    expect(chromeWarningsOff({ SafeBrowsingEnabled: 0 })).toBe(true);
    expect(chromeWarningsOff({ SafeBrowsingEnabled: false })).toBe(true);
    expect(chromeWarningsOff({ SafeBrowsingEnabled: 1 })).toBe(false);
    expect(chromeWarningsOff({})).toBe(false);
  });

  it('Edge, Windows SmartScreen and Safari: only an explicit off counts', () => {
    expect([edgeWarningsOff({ SmartScreenEnabled: 0 }), edgeWarningsOff({ SmartScreenEnabled: false }), edgeWarningsOff({ SmartScreenEnabled: 1 }), edgeWarningsOff(undefined)]).toEqual([true, true, false, false]);
    expect([windowsSmartScreenOff({ EnableSmartScreen: 0 }), windowsSmartScreenOff({ EnableSmartScreen: 1 }), windowsSmartScreenOff({})]).toEqual([true, false, false]);
    expect([safariWarningsOff({ WarnAboutFraudulentWebsites: false }), safariWarningsOff({ WarnAboutFraudulentWebsites: true }), safariWarningsOff({})]).toEqual([true, false, false]);
  });

  it('Firefox: DisableAppUpdate and a Preferences policy that sets a Safe Browsing list to false, in either form', () => {
    expect(firefoxPolicy({ DisableAppUpdate: true })).toEqual({ updateBlocked: true, warningsOff: false });
    expect(firefoxPolicy({ DisableAppUpdate: 1 })).toEqual({ updateBlocked: true, warningsOff: false });
    expect(firefoxPolicy({ DisableAppUpdate: false, AppAutoUpdate: false })).toEqual({ updateBlocked: false, warningsOff: false });
    expect(firefoxPolicy({ Preferences: { 'browser.safebrowsing.phishing.enabled': { Value: false, Status: 'locked' } } }).warningsOff).toBe(true);
    expect(firefoxPolicy({ Preferences: { 'browser.safebrowsing.malware.enabled': false } }).warningsOff).toBe(true);
    expect(firefoxPolicy({ Preferences: { 'browser.safebrowsing.malware.enabled': { Value: true } } }).warningsOff).toBe(false);
    // The registry keeps Preferences as DWORD values of their own key.
    expect(firefoxPolicy({}, { 'browser.safebrowsing.malware.enabled': 0 }).warningsOff).toBe(true);
    expect(firefoxPolicy(undefined)).toEqual({ updateBlocked: false, warningsOff: false });
  });
});

describe('policy files', () => {
  it('reads policies.json only in its { "policies": {…} } shape, and Chromium policy files only as one object', () => {
    expect(parsePoliciesJson('{ "policies": { "DisableAppUpdate": true } }')).toEqual({ DisableAppUpdate: true });
    expect(parsePoliciesJson('{ "DisableAppUpdate": true }')).toBeUndefined();
    expect(parsePoliciesJson('{ "policies": ')).toBeUndefined();
    expect(parseChromiumPolicyJson('{ "SafeBrowsingProtectionLevel": 0 }')).toEqual({ SafeBrowsingProtectionLevel: 0 });
    expect(parseChromiumPolicyJson('[1]')).toBeUndefined();
    expect(parseChromiumPolicyJson('// comment\n{}')).toBeUndefined();
  });

  it('takes Firefox\'s version from the [App] section of application.ini only', () => {
    expect(parseApplicationIniVersion('[App]\nVendor=Mozilla\nVersion=140.5.0esr\n[Gecko]\nMinVersion=140.5.0esr\n')).toBe('140.5.0esr');
    expect(parseApplicationIniVersion('[Gecko]\nVersion=1\n')).toBeNull();
    expect(parseApplicationIniVersion('[App]\r\nVersion=\r\n')).toBeNull();
  });
});

const chrome: Browser = { name: 'chrome', path: 'C:\\Chrome\\chrome.exe', version: '139.0', filesWrittenAt: '2025-08-14T00:00:00.000Z', updatedBy: 'itself', updatesBlockedByPolicy: false, warningsOffByPolicy: false };

describe('summary', () => {
  it('lists what policies switch off, the oldest files among self-updating browsers, and one browser per path', () => {
    const firefox: Browser = { ...chrome, name: 'firefox', path: 'C:\\Firefox\\firefox.exe', filesWrittenAt: '2025-01-01T00:00:00.000Z', updatesBlockedByPolicy: true };
    const safari: Browser = { ...chrome, name: 'safari', path: '/Applications/Safari.app', filesWrittenAt: '2020-01-01T00:00:00.000Z', updatedBy: 'macos', updatesBlockedByPolicy: null };
    const e = summarize([{ browser: chrome }, { browser: { ...chrome, path: 'c:\\chrome\\CHROME.EXE' } }, { browser: firefox }, { browser: safari }], { 'windows-smartscreen': true });
    expect(e.installed).toEqual(['chrome', 'firefox', 'safari']);
    expect(e.selfUpdating).toEqual(['chrome', 'firefox']);
    expect(e.updatesBlockedByPolicy).toEqual(['firefox']);
    expect(e.warningsOffByPolicy).toEqual(['windows-smartscreen']);
    // Safari's older files are macOS's to update, not the browser's.
    expect(e.oldestFilesWrittenAt).toBe('2025-01-01T00:00:00.000Z');
    expect(enReason(e.unknown['browsers.2.updatesBlockedByPolicy'])).toMatch(/macOS Software Update/);
  });

  it('says unknown, with the browser\'s own reason, when a policy or a date could not be read, and nothing when nothing is installed', () => {
    const unread = summarize([{ browser: { ...chrome, updatesBlockedByPolicy: null, filesWrittenAt: null }, why: { updatesBlockedByPolicy: { code: 'file.unexpected', params: { path: 'x.plist' } } } }]);
    expect(unread.updatesBlockedByPolicy).toBeNull();
    expect(enReason(unread.unknown.updatesBlockedByPolicy)).toBe('x.plist does not have the expected content');
    expect(unread.oldestFilesWrittenAt).toBeNull();
    expect(enReason(unread.unknown.oldestFilesWrittenAt)).toBe('the date of the chrome files could not be read');
    const smartScreenUnread = summarize([{ browser: chrome }], { 'windows-smartscreen': { code: 'registry.unreadable', params: { key: 'K' } } });
    expect(smartScreenUnread.warningsOffByPolicy).toBeNull();
    const nothing = summarize([]);
    expect([nothing.installed, nothing.updatesBlockedByPolicy, nothing.warningsOffByPolicy, nothing.oldestFilesWrittenAt]).toEqual([[], [], [], null]);
  });
});
