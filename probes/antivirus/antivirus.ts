/**
 * Antivirus / anti-malware presence and freshness (research/probes.md §2.3). Linux: ClamAV (installed,
 * clamd / freshclam / clamonacc units active, signature build time from the daily.cld|cvd header) and
 * other products recognised by their systemd units (or, without systemctl, their install directories);
 * Microsoft Defender's own `mdatp health --output json` where it is installed. No AV at all is a fact.
 * The collector is in linux.ts; this file holds the evidence schema and the pure parsers.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectLinux } from './linux.ts';

export const PRODUCT_IDS = ['clamav', 'mdatp', 'crowdstrike-falcon', 'sentinelone', 'sophos', 'eset-endpoint'] as const;
export type ProductId = (typeof PRODUCT_IDS)[number];

const isoInstant = z.iso.datetime();

const Product = z.strictObject({
  id: z.enum(PRODUCT_IDS).describe('which product this is'),
  name: z.string().describe('product name'),
  vendor: z.string().describe('vendor name'),
  source: z
    .enum(['systemd-unit', 'install-path', 'executable'])
    .describe('how it was recognised: its systemd unit file, its install directory (no systemctl), or its scanner executable (ClamAV)'),
  serviceActive: z.boolean().nullable().describe('whether its main service unit is active (systemctl is-active)'),
  realtimeProtection: z
    .boolean()
    .nullable()
    .describe('whether on-access / real-time scanning is on (ClamAV: clamonacc active; Defender: realTimeProtectionEnabled)'),
  signaturesUpdatedAt: isoInstant.nullable().describe('build or update time of its signatures, ISO 8601 UTC'),
});

export const AntivirusEvidence = evidenceSchema({
  products: z
    .array(Product)
    .describe('every anti-malware product recognised on this machine, ClamAV included; [] when none was found'),
  clamav: z
    .strictObject({
      installed: z.boolean().describe('whether clamscan or clamd is installed'),
      version: z.string().nullable().describe('engine version, e.g. "1.4.3" (from `clamscan --version`)'),
      daemonActive: z.boolean().nullable().describe('clamd service active (clamav-daemon on Debian/Ubuntu, clamd@scan on Fedora/RHEL)'),
      freshclamActive: z.boolean().nullable().describe('signature updater service clamav-freshclam active'),
      onAccessActive: z.boolean().nullable().describe('on-access scanner service clamav-clamonacc active'),
      onAccessConfigured: z.boolean().nullable().describe('clamd.conf names paths for on-access scanning (OnAccessIncludePath / OnAccessMountPath)'),
      databaseDirectory: z.string().nullable().describe('DatabaseDirectory from freshclam.conf (default /var/lib/clamav)'),
      databaseFiles: z.array(z.string()).nullable().describe('the *.cvd / *.cld databases in that directory, e.g. ["daily.cld","main.cvd"]'),
      dailyVersion: z.int().nullable().describe('version of the daily database (the higher of daily.cld and daily.cvd)'),
      databaseBuiltAt: isoInstant.nullable().describe('build time of that daily database (header field 8, epoch seconds), ISO 8601 UTC'),
      logFile: z.string().nullable().describe('LogFile from clamd.conf; null when clamd logs nowhere'),
      lastScanAt: isoInstant.nullable().describe('end of the last completed scan; ClamAV keeps no such record, so this is null with its reason'),
    })
    .describe('ClamAV details; installed=false (and its services false) when ClamAV is absent'),
});
export type AntivirusEvidence = z.infer<typeof AntivirusEvidence>;

export * from './parse.ts';

export default defineProbe({
  id: 'antivirus',
  version: '1.0.0',
  title: { ja: 'ウイルス対策ソフト', en: 'Antivirus' },
  evidence: AntivirusEvidence,
  collect: { linux: collectLinux },
  timeoutMs: 20_000,
});
