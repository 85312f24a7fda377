/**
 * Linux collector of the browsers probe: no commands, only files.
 * - Installed browsers by the files their packages, snaps and flatpaks put in fixed places (Google's and
 *   Microsoft's .deb/.rpm under /opt, Debian's and Fedora's under /usr/lib(64), /snap/<name>/current,
 *   /var/lib/flatpak/app/<id>). They are all updated with the OS (apt/dnf, snapd's refresh, flatpak update), which
 *   the os-updates probe judges, so the update and age facts do not apply here.
 * - Chromium-family managed policies: every *.json in /etc/opt/chrome/policies/managed (Chrome),
 *   /etc/opt/edge/policies/managed (Edge), /etc/chromium/policies/managed (Debian's and Fedora's Chromium) and
 *   /etc/chromium-browser/policies/managed (the Chromium snap) (chromeenterprise.google "Set Chrome Browser
 *   policies on Linux"; learn.microsoft.com/deployedge/configure-microsoft-edge-on-linux).
 * - Firefox: /etc/firefox/policies/policies.json (also read by the snap) and <install dir>/distribution/policies.json
 *   (mozilla/policy-templates README); the version from application.ini beside the program.
 * A flatpak's policies live inside its sandbox, which tenken does not read: its warnings fact is unknown.
 */
import type { z } from 'zod';
import { because, readFileOrReason, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { Browser, BrowserName, BrowsersEvidence } from './browsers.ts';
import { chromeWarningsOff, edgeWarningsOff, firefoxPolicy, parseChromiumPolicyJson, parsePoliciesJson } from './policies.ts';
import { summarize, type Found } from './summary.ts';

interface Candidate {
  readonly name: BrowserName;
  readonly path: string;
  readonly updatedBy: Browser['updatedBy'];
  /** Chromium family: its managed-policy folder. */
  readonly policies?: string;
  /** Firefox: the folder holding application.ini and distribution/. */
  readonly firefoxDir?: string;
}

export const LINUX_BROWSERS: readonly Candidate[] = [
  { name: 'chrome', path: '/opt/google/chrome/chrome', updatedBy: 'os-packages', policies: '/etc/opt/chrome/policies/managed' },
  { name: 'edge', path: '/opt/microsoft/msedge/msedge', updatedBy: 'os-packages', policies: '/etc/opt/edge/policies/managed' },
  { name: 'chromium', path: '/usr/lib/chromium/chromium', updatedBy: 'os-packages', policies: '/etc/chromium/policies/managed' },
  { name: 'chromium', path: '/usr/lib64/chromium-browser/chromium-browser', updatedBy: 'os-packages', policies: '/etc/chromium/policies/managed' },
  { name: 'firefox', path: '/usr/lib/firefox/firefox', updatedBy: 'os-packages', firefoxDir: '/usr/lib/firefox' },
  { name: 'firefox', path: '/usr/lib/firefox-esr/firefox-esr', updatedBy: 'os-packages', firefoxDir: '/usr/lib/firefox-esr' },
  { name: 'firefox', path: '/usr/lib64/firefox/firefox', updatedBy: 'os-packages', firefoxDir: '/usr/lib64/firefox' },
  { name: 'firefox', path: '/snap/firefox/current', updatedBy: 'snap', firefoxDir: '/snap/firefox/current/usr/lib/firefox' },
  { name: 'chromium', path: '/snap/chromium/current', updatedBy: 'snap', policies: '/etc/chromium-browser/policies/managed' },
  { name: 'firefox', path: '/var/lib/flatpak/app/org.mozilla.firefox', updatedBy: 'flatpak' },
  { name: 'chrome', path: '/var/lib/flatpak/app/com.google.Chrome', updatedBy: 'flatpak' },
  { name: 'edge', path: '/var/lib/flatpak/app/com.microsoft.Edge', updatedBy: 'flatpak' },
  { name: 'chromium', path: '/var/lib/flatpak/app/org.chromium.Chromium', updatedBy: 'flatpak' },
];
export const FIREFOX_SYSTEM_POLICIES = '/etc/firefox/policies/policies.json';

type Judged = { off: boolean } | { problem: Reason };

/** Whether any managed-policy file of a Chromium-family browser turns its warnings off. */
async function chromiumWarnings(ctx: ProbeContext, name: BrowserName, dir: string): Promise<Judged> {
  const files = (await ctx.listDir(dir)) ?? [];
  const judge = name === 'edge' ? edgeWarningsOff : chromeWarningsOff;
  let off = false;
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    const path = `${dir}/${file}`;
    const text = await readFileOrReason(ctx, path);
    if (typeof text === 'object') return { problem: text };
    if (text === undefined) continue;
    const policies = parseChromiumPolicyJson(text);
    if (!policies) return { problem: because('file.unexpected', { path }) };
    off ||= judge(policies);
  }
  return { off };
}

/** Firefox's policies.json files: the system-wide one, then the install's own (Firefox uses the first it finds). */
async function firefoxWarnings(ctx: ProbeContext, dir: string): Promise<Judged> {
  for (const path of [FIREFOX_SYSTEM_POLICIES, `${dir}/distribution/policies.json`]) {
    const text = await readFileOrReason(ctx, path);
    if (typeof text === 'object') return { problem: text };
    if (text === undefined) continue;
    const policies = parsePoliciesJson(text);
    if (!policies) return { problem: because('file.unexpected', { path }) };
    return { off: firefoxPolicy(policies).warningsOff };
  }
  return { off: false };
}

/** `Version=` of the [App] section of Firefox's application.ini. */
export function parseApplicationIniVersion(text: string): string | null {
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const s = /^\[(.+)\]$/.exec(line);
    if (s) section = s[1]!;
    else if (section === 'App' && line.startsWith('Version=')) return line.slice('Version='.length).trim() || null;
  }
  return null;
}

export async function collectLinux(ctx: ProbeContext): Promise<z.input<typeof BrowsersEvidence>> {
  const found: Found[] = [];
  for (const c of LINUX_BROWSERS) {
    if (!(await ctx.stat(c.path))) continue;
    const why: { -readonly [K in keyof NonNullable<Found['why']>]: Reason } = { filesWrittenAt: because('browsers.linux-date-not-read') };
    let version: string | null = null;
    if (c.firefoxDir) {
      const ini = `${c.firefoxDir}/application.ini`;
      const text = await readFileOrReason(ctx, ini);
      version = typeof text === 'string' ? parseApplicationIniVersion(text) : null;
      if (version === null) why.version = typeof text === 'object' ? text : text === undefined ? because('file.missing', { path: ini }) : because('value.missing', { source: ini, name: 'Version' });
    } else why.version = because('browsers.linux-version-not-read');

    const judged: Judged =
      c.updatedBy === 'flatpak' ? { problem: because('browsers.flatpak-policy-not-read') } : c.policies ? await chromiumWarnings(ctx, c.name, c.policies) : await firefoxWarnings(ctx, c.firefoxDir!);
    if ('problem' in judged) why.warningsOffByPolicy = judged.problem;
    found.push({
      browser: { name: c.name, path: c.path, version, filesWrittenAt: null, updatedBy: c.updatedBy, updatesBlockedByPolicy: null, warningsOffByPolicy: 'off' in judged ? judged.off : null },
      why,
    });
  }
  return summarize(found);
}
