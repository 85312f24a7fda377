/**
 * OS updates and end of life (research/probes.md §1.3). Linux: the distribution and its support end
 * (os-release SUPPORT_END, else bundled endoflife.date data), pending package updates with the security
 * ones counted apart (apt list --upgradable / dnf cache), the last successful package update, whether automatic
 * updates are set up (unattended-upgrades / dnf-automatic) and whether a reboot is pending. Non-root.
 * The collector is in linux.ts; the pure parsers of every output it reads are here.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectLinux, PROBE_TIMEOUT_MS } from './linux.ts';

const IsoDate = z.iso.date();

export const OsUpdatesEvidence = evidenceSchema({
  distribution: z.strictObject({
    id: z.string().nullable().describe('os-release ID, e.g. "debian", "ubuntu", "fedora"; null when there is no os-release'),
    idLike: z.array(z.string()).describe('os-release ID_LIKE, split on spaces'),
    versionId: z.string().nullable().describe('os-release VERSION_ID, e.g. "12", "24.04", "9.4"'),
    codename: z.string().nullable().describe('os-release VERSION_CODENAME, e.g. "bookworm"'),
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
  packageManager: z.enum(['apt', 'dnf', 'none']).describe('the system package manager found; none = neither apt nor dnf'),
  pendingUpdates: z.strictObject({
    count: z
      .int()
      .nonnegative()
      .nullable()
      .describe(
        'installed packages with a newer version available (apt: apt list --upgradable, held and kept-back ones included, packages an upgrade would newly install not; dnf: check-update)',
      ),
    securityCount: z
      .int()
      .nonnegative()
      .nullable()
      .describe('of those, packages whose new version comes from a security source (apt: a *-security suite; dnf: packages named by security advisories)'),
    metadataRefreshedAt: z.iso
      .datetime()
      .nullable()
      .describe('when the package lists were last refreshed (apt update); counts are only as fresh as this'),
  }),
  lastUpdateAt: z.iso.datetime().nullable().describe('end of the last successful package install or upgrade (apt history, rpm install times)'),
  automaticUpdates: z.strictObject({
    tool: z.enum(['unattended-upgrades', 'dnf-automatic']).nullable().describe('the automatic-update tool this package manager uses; null when there is none'),
    installed: z.boolean().nullable().describe('whether that tool is installed'),
    settings: z
      .record(z.string(), z.string())
      .describe('its settings as read: APT::Periodic::Update-Package-Lists / APT::Periodic::Unattended-Upgrade (days, "0" = off), or apply_updates'),
    timers: z
      .record(z.string(), z.string().nullable())
      .describe('unit-file state of each systemd timer that runs it (systemctl is-enabled: enabled, disabled, masked, not-found…)'),
    systemdRunning: z.boolean().describe('whether systemd is the running init (/run/systemd/system exists); if not, timers do not fire'),
    installsUpdates: z
      .boolean()
      .nullable()
      .describe('whether the machine is set up to install updates by itself: tool installed, install switched on, its timer enabled'),
  }),
  rebootRequired: z.boolean().nullable().describe('whether installed updates wait for a reboot (/var/run/reboot-required; dnf: needs-restarting -r)'),
});
export type OsUpdatesEvidence = z.infer<typeof OsUpdatesEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'os-updates',
  version: '1.1.0',
  title: { ja: 'OS の更新とサポート期限', en: 'OS updates and end of life' },
  evidence: OsUpdatesEvidence,
  collect: { linux: collectLinux },
  timeoutMs: PROBE_TIMEOUT_MS,
});
