/**
 * OS updates and end of life (research/probes.md §1). Windows (win32.ts): version, edition and build from the
 * registry, end of support from bundled endoflife.date data by version and edition class, pending updates from
 * the Windows Update Agent's own cached scan, the last successful non-definition install from its history, the
 * automatic-update policy, services and pause, pending reboot keys. macOS (darwin.ts): sw_vers, bundled
 * endoflife.date data, the Software Update preferences (cached catalogue, settings, managed overrides) and
 * InstallHistory.plist. Linux: the distribution and its support end
 * (os-release SUPPORT_END, else bundled endoflife.date data), pending package updates with the security
 * ones counted apart (apt list --upgradable / dnf cache), the last successful package update, whether automatic
 * updates are set up (unattended-upgrades / dnf-automatic) and whether a reboot is pending. Non-root.
 * The collector is in linux.ts; the pure parsers of every output it reads are here.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux, PROBE_TIMEOUT_MS } from './linux.ts';
import { collectWin32 } from './win32.ts';

const IsoDate = z.iso.date();

const StartType = z.enum(['boot', 'system', 'automatic', 'manual', 'disabled']).nullable();
const WindowsDetails = z.strictObject({
  productName: z.string().nullable().describe('registry ProductName, as Windows writes it (Windows 11 still says "Windows 10")'),
  editionId: z.string().nullable().describe('registry EditionID: Core, CoreSingleLanguage, Professional, Enterprise, Education, EnterpriseS (LTSC)…'),
  editionClass: z
    .enum(['w', 'e', 'e-lts', 'iot-lts'])
    .nullable()
    .describe('endoflife.date servicing class of the edition: w = Home/Pro, e = Enterprise/Education, e-lts = Enterprise LTSC, iot-lts = IoT Enterprise LTSC'),
  currentBuild: z.int().nullable().describe('registry CurrentBuild (22000 and above is Windows 11)'),
  ubr: z.int().nullable().describe('registry UBR: the cumulative-update revision of the build'),
  esu: z.boolean().nullable().describe('whether this PC receives Extended Security Updates; null: enrolment is not read'),
  pausedUntil: z.iso.datetime().nullable().describe('PauseUpdatesExpiryTime (UX\\Settings) when set, in UTC; null when updates were never paused'),
  services: z.strictObject({ wuauserv: StartType, UsoSvc: StartType }).describe('start type of the Windows Update and Update Orchestrator services'),
  wsus: z.boolean().nullable().describe('whether policy points Windows Update at a WSUS server (UseWUServer = 1); WSUS PCs see only approved updates'),
});
const MacosDetails = z.strictObject({
  buildVersion: z.string().nullable().describe('sw_vers BuildVersion, e.g. "24G84"'),
  productVersionExtra: z.string().nullable().describe('sw_vers ProductVersionExtra: the Rapid Security Response applied, e.g. "(a)"; null when none'),
  newerMajors: z.int().nonnegative().nullable().describe('how many macOS major releases in the bundled data are newer than this one'),
  lastCheckAt: z.iso.datetime().nullable().describe('LastSuccessfulDate: the last successful Software Update check'),
  settingsFrom: z
    .record(z.string(), z.enum(['managed', 'local', 'default']))
    .describe('where each automatic-update switch comes from: a configuration profile, the local preferences, or the OS default (on)'),
  majorUpgradesOffered: z
    .array(z.string())
    .nullable()
    .describe('new major macOS releases Software Update offers (Display Name); upgrades, not counted in pendingUpdates'),
});

export const OsUpdatesEvidence = evidenceSchema({
  distribution: z.strictObject({
    id: z.string().nullable().describe('os-release ID, e.g. "debian", "ubuntu", "fedora"; "windows"; "macos"; null when there is no os-release'),
    idLike: z.array(z.string()).describe('os-release ID_LIKE, split on spaces'),
    versionId: z.string().nullable().describe('os-release VERSION_ID, e.g. "12", "24.04", "9.4"; Windows DisplayVersion ("24H2"); macOS ProductVersion ("15.6")'),
    codename: z.string().nullable().describe('os-release VERSION_CODENAME, e.g. "bookworm"; macOS release name from the bundled data ("Sequoia"); null on Windows'),
    prettyName: z.string().nullable().describe('os-release PRETTY_NAME, for people'),
  }),
  support: z.strictObject({
    endsAt: IsoDate.nullable().describe(
      'date the vendor stops standard security updates for this release (Ubuntu: end of standard support, not ESM)',
    ),
    extendedEndsAt: IsoDate.nullable().describe(
      'date extended support ends (Ubuntu ESM with Ubuntu Pro, Debian LTS, RHEL ELS), from endoflife.date',
    ),
    securityUpdatesEndAt: IsoDate.nullable().describe(
      'last day this release receives security updates from its normal archive without a paid add-on: Debian LTS (published to the regular security archive) for Debian, endsAt elsewhere (Ubuntu ESM and RHEL ELS need a subscription)',
    ),
    source: z.enum(['os-release', 'endoflife.date']).nullable().describe('where endsAt comes from'),
    cycle: z.string().nullable().describe('the endoflife.date product and release cycle matched, e.g. "ubuntu 22.04"'),
  }),
  packageManager: z
    .enum(['apt', 'dnf', 'none', 'windows-update', 'softwareupdate'])
    .describe('the system package manager found; none = neither apt nor dnf; Windows Update on Windows, Software Update on macOS'),
  pendingUpdates: z.strictObject({
    count: z
      .int()
      .nonnegative()
      .nullable()
      .describe(
        'installed packages with a newer version available (apt: apt list --upgradable, held and kept-back ones included, packages an upgrade would newly install not; dnf: check-update); Windows: updates the Windows Update Agent\'s last scan found not installed and not hidden; macOS: RecommendedUpdates of the last Software Update check',
      ),
    securityCount: z
      .int()
      .nonnegative()
      .nullable()
      .describe(
        'of those, packages whose new version comes from a security source (apt: a *-security suite; dnf: packages named by security advisories); Windows: updates with an MSRC severity or in the Security Updates category; macOS: 0 when nothing is pending, else unknown (Apple\'s catalogue does not mark security content)',
      ),
    metadataRefreshedAt: z.iso
      .datetime()
      .nullable()
      .describe('when the package lists were last refreshed (apt update; Windows: the last successful Windows Update search; macOS: LastFullSuccessfulDate); counts are only as fresh as this'),
  }),
  lastUpdateAt: z.iso
    .datetime()
    .nullable()
    .describe(
      'end of the last successful package install or upgrade (apt history, rpm install times); Windows: the newest successful install in the Windows Update history that is not a definition update; macOS: the newest softwareupdated install in InstallHistory.plist that is not config data (XProtect, Gatekeeper…)',
    ),
  automaticUpdates: z.strictObject({
    tool: z
      .enum(['unattended-upgrades', 'dnf-automatic', 'windows-update', 'softwareupdate'])
      .nullable()
      .describe('the automatic-update tool this package manager uses; null when there is none'),
    installed: z.boolean().nullable().describe('whether that tool is installed'),
    settings: z
      .record(z.string(), z.string())
      .describe(
        'its settings as read: APT::Periodic::Update-Package-Lists / APT::Periodic::Unattended-Upgrade (days, "0" = off), or apply_updates; Windows: the AU policy values that are set (NoAutoUpdate, AUOptions, UseWUServer); macOS: the effective com.apple.SoftwareUpdate switches ("true"/"false", see macos.settingsFrom)',
      ),
    timers: z
      .record(z.string(), z.string().nullable())
      .optional()
      .describe('unit-file state of each systemd timer that runs it (systemctl is-enabled: enabled, disabled, masked, not-found…); Linux only'),
    systemdRunning: z.boolean().optional().describe('whether systemd is the running init (/run/systemd/system exists); if not, timers do not fire; Linux only'),
    installsUpdates: z
      .boolean()
      .nullable()
      .describe(
        'whether the machine is set up to install updates by itself: tool installed, install switched on, its timer enabled; Windows: not switched off by policy (NoAutoUpdate, AUOptions 2/3), wuauserv and UsoSvc not disabled, not paused; macOS: check, download, macOS updates, security responses and system data files all on',
      ),
  }),
  rebootRequired: z
    .boolean()
    .nullable()
    .describe('whether installed updates wait for a reboot (/var/run/reboot-required; dnf: needs-restarting -r; Windows: the RebootRequired / RebootPending keys)'),
  windows: WindowsDetails.optional().describe('Windows only'),
  macos: MacosDetails.optional().describe('macOS only'),
});
export type OsUpdatesEvidence = z.infer<typeof OsUpdatesEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'os-updates',
  version: '1.3.0',
  title: { ja: 'OS の更新とサポート期限', en: 'OS updates and end of life' },
  evidence: OsUpdatesEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
  timeoutMs: PROBE_TIMEOUT_MS,
});
