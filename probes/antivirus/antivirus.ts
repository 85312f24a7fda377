/**
 * Antivirus / anti-malware presence and freshness (research/probes.md §2). Linux: ClamAV (installed,
 * clamd / freshclam / clamonacc units active, signature build time from the daily.cld|cvd header) and
 * other products recognised by their systemd units (or, without systemctl, their install directories);
 * Microsoft Defender's own `mdatp health --output json` where it is installed. Windows: every product
 * Security Center knows (root/SecurityCenter2 AntiVirusProduct, productState decoded) plus Microsoft
 * Defender's own status (Get-MpComputerStatus, Get-MpThreat), in one PowerShell run. macOS: XProtect and
 * XProtect Remediator (bundle versions, install history), Gatekeeper, and third-party products by their
 * endpoint-security system extensions. No AV at all is a fact.
 * Collectors: linux.ts, win32.ts, darwin.ts; the cross-platform summary facts: summary.ts.
 */
import { z } from 'zod';
import { defineProbe, evidenceSchema } from '../../src/probe.ts';
import { collectDarwin } from './darwin.ts';
import { collectLinux } from './linux.ts';
import { collectWin32 } from './win32.ts';

export const PRODUCT_IDS = [
  'clamav',
  'mdatp',
  'crowdstrike-falcon',
  'sentinelone',
  'sophos',
  'eset-endpoint',
  'microsoft-defender-antivirus',
  'xprotect',
  'cisco-secure-endpoint',
  'other',
] as const;
export type ProductId = (typeof PRODUCT_IDS)[number];

const isoInstant = z.iso.datetime();

const Product = z.strictObject({
  id: z.enum(PRODUCT_IDS).describe('which product this is; "other" for a product Windows Security Center names that tenken does not know'),
  name: z.string().describe('product name (on Windows the displayName Security Center reports)'),
  vendor: z.string().nullable().describe('vendor name; null where the source does not say (Security Center entries of unknown products)'),
  source: z
    .enum(['systemd-unit', 'install-path', 'executable', 'security-center', 'defender-status', 'system-extension', 'operating-system'])
    .describe(
      'how it was recognised: its systemd unit file, its install directory (no systemctl), its scanner executable (ClamAV), its Windows Security Center registration, Defender’s own status (Windows Server, no Security Center), its macOS system extension, or as part of the OS (XProtect)',
    ),
  serviceActive: z
    .boolean()
    .nullable()
    .describe('whether its main service is running (Linux: systemctl is-active; Windows Defender: AMServiceEnabled; macOS: its system extension activated and enabled)'),
  realtimeProtection: z
    .boolean()
    .nullable()
    .describe(
      'whether on-access / real-time scanning is on (ClamAV: clamonacc active; Defender: real-time protection in normal, not passive, mode; Windows third-party: Security Center state "on"; XProtect: always)',
    ),
  signaturesUpdatedAt: isoInstant.nullable().describe('build or update time of its signatures, ISO 8601 UTC'),
});

const WscState = z.enum(['off', 'on', 'snoozed', 'expired']);

const WindowsDetails = z
  .strictObject({
    securityCenter: z
      .array(
        z.strictObject({
          name: z.string().describe('displayName'),
          instances: z.int().describe('how many AntiVirusProduct instances carry this displayName (updates can leave duplicates)'),
          productState: z.int().describe('productState of the instance used (one that is on, if any)'),
          state: WscState.nullable().describe('productState bits 12-15 (mask 0xF000): off, on, snoozed, expired; undocumented, community decoding'),
          microsoft: z.boolean().nullable().describe('productState bits 8-11 (mask 0x0F00): 1 = Microsoft product, 0 = third party'),
          signaturesUpToDate: z.boolean().nullable().describe('productState bits 4-7 (mask 0x00F0): 0 = up to date, 1 = out of date'),
          productExe: z.string().nullable().describe('pathToSignedProductExe'),
          productExeExists: z
            .boolean()
            .nullable()
            .describe('whether that file exists; false marks a stale entry an uninstalled product left behind; null for windowsdefender:// and similar URIs'),
        }),
      )
      .nullable()
      .describe('every antivirus product registered with Windows Security Center (root/SecurityCenter2), one entry per displayName; null where unavailable (Windows Server)'),
    defender: z
      .strictObject({
        runningMode: z.string().nullable().describe('AMRunningMode: "Normal", "Passive Mode", "SxS Passive Mode", "EDR Block Mode", "Not running"'),
        serviceEnabled: z.boolean().nullable().describe('AMServiceEnabled'),
        antivirusEnabled: z.boolean().nullable().describe('AntivirusEnabled'),
        realtimeProtectionEnabled: z.boolean().nullable().describe('RealTimeProtectionEnabled (a setting: in passive mode it does not mean Defender blocks anything)'),
        signaturesUpdatedAt: isoInstant.nullable().describe('AntivirusSignatureLastUpdated, ISO 8601 UTC'),
        signatureAgeDays: z.int().nullable().describe('AntivirusSignatureAge in days (65535 or 4294967295, "never updated", is null)'),
        quickScanEndAt: isoInstant.nullable().describe('QuickScanEndTime, ISO 8601 UTC; null when no quick scan was recorded'),
        fullScanEndAt: isoInstant.nullable().describe('FullScanEndTime, ISO 8601 UTC; null when no full scan was recorded'),
        fullScanAgeDays: z.int().nullable().describe('FullScanAge in days; null when never (4294967295 or 65535)'),
        fullScanCompleted: z.boolean().nullable().describe('whether Defender has ever recorded a completed full scan (FullScanAge is not a "never" value)'),
        tamperProtected: z.boolean().nullable().describe('IsTamperProtected'),
      })
      .nullable()
      .describe('Microsoft Defender Antivirus status from Get-MpComputerStatus; null when it could not be read (restricted user, service removed, cmdlet missing)'),
  })
  .optional()
  .describe('Windows only: Security Center registrations and Defender details');

const MacosDetails = z
  .strictObject({
    xprotect: z
      .strictObject({
        version: z.string().nullable().describe('CFBundleShortVersionString of XProtect.bundle (the higher of its two locations on macOS 15)'),
        path: z.string().nullable().describe('the bundle that version came from'),
        updatedAt: isoInstant.nullable().describe('install date of that version in /Library/Receipts/InstallHistory.plist (XProtectPlistConfigData), else the mtime of the bundle’s Info.plist'),
      })
      .describe('XProtect signatures (XProtectPlistConfigData)'),
    remediator: z
      .strictObject({
        version: z.string().nullable().describe('CFBundleShortVersionString of XProtect.app (XProtect Remediator)'),
        updatedAt: isoInstant.nullable().describe('install date of that version in InstallHistory.plist (XProtectPayloads), else the mtime of its Info.plist'),
      })
      .describe('XProtect Remediator (XProtectPayloads), which scans periodically and removes known malware'),
    gatekeeperEnabled: z.boolean().nullable().describe('`spctl --status` says "assessments enabled"'),
    systemExtensions: z
      .array(
        z.strictObject({
          teamId: z.string(),
          bundleId: z.string(),
          version: z.string().nullable(),
          category: z.string().nullable().describe('e.g. com.apple.system_extension.endpoint_security'),
          state: z.string().describe('e.g. "activated enabled", "activated waiting for user", "terminated waiting to uninstall on reboot"'),
        }),
      )
      .nullable()
      .describe('the system extensions of known anti-malware products (`systemextensionsctl list`), in every state'),
  })
  .optional()
  .describe('macOS only: XProtect, XProtect Remediator, Gatekeeper and known products’ system extensions');

export const AntivirusEvidence = evidenceSchema({
  products: z
    .array(Product)
    .nullable()
    .describe(
      'every anti-malware product recognised on this machine (ClamAV, Security Center entries, XProtect…); [] when none was found; null only when no source of products could be read (Windows: PowerShell failed, or neither Security Center nor Defender answered)',
    ),
  realtimeProtection: z
    .boolean()
    .nullable()
    .describe('whether a recognised product scans files on access (false when no product was found; null when it could not be told)'),
  signaturesUpdatedAt: isoInstant
    .nullable()
    .describe('signature/definition date of the product that protects in real time, else of the only product, ISO 8601 UTC'),
  lastFullScanAt: isoInstant
    .nullable()
    .describe('end of the last full scan where the protecting product records one (Windows Defender FullScanEndTime); null with its reason otherwise'),
  fullScanEverCompleted: z
    .boolean()
    .nullable()
    .describe('false when the protecting product says it has never completed a full scan (Defender FullScanAge "never"); true when it records one; null when it keeps no such record'),
  activeThreats: z
    .int()
    .nullable()
    .describe('unresolved detections where the product reports them (Windows Defender: Get-MpThreat with IsActive); null elsewhere'),
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
    .optional()
    .describe('Linux only: ClamAV details; installed=false (and its services false) when ClamAV is absent'),
  windows: WindowsDetails,
  macos: MacosDetails,
});
export type AntivirusEvidence = z.infer<typeof AntivirusEvidence>;
export type AntivirusProduct = z.infer<typeof Product>;

export * from './parse.ts';
export * from './parse-win32.ts';
export * from './parse-darwin.ts';

export default defineProbe({
  id: 'antivirus',
  version: '1.2.0',
  title: { ja: 'ウイルス対策ソフト', en: 'Antivirus' },
  evidence: AntivirusEvidence,
  collect: { linux: collectLinux, win32: collectWin32, darwin: collectDarwin },
  timeoutMs: 20_000,
});
