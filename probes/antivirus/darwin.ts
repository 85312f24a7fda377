/**
 * macOS collector of the antivirus probe (research/probes.md §2.2). Machine-wide, readable as any user:
 * XProtect's bundle versions (both locations on macOS 15), XProtect Remediator's, their install dates from
 * InstallHistory.plist, Gatekeeper (`spctl --status`), and third-party products by the endpoint-security
 * system extensions their vendors document.
 */
import { bundleVersion } from '../../src/mac-bundle.ts';
import { because, firstLine, reasons, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { AntivirusEvidence, AntivirusProduct, ProductId } from './antivirus.ts';
import { compareVersions, parseInstallHistory, parseSpctlStatus, parseSystemExtensions, type InstallRecord, type SystemExtension } from './parse-darwin.ts';
import { summarize } from './summary.ts';

type Product = AntivirusProduct;
type Why = ReturnType<typeof reasons>;
type MacosDetails = NonNullable<AntivirusEvidence['macos']>;

/**
 * XProtect.bundle: /Library/Apple/… since macOS 11 (osquery #7137); macOS 15 also keeps the copy that
 * XProtect's own updater maintains in /private/var/protected/xprotect (XprotectService logs "Using
 * meta-plist from: /var/protected/xprotect/XProtect.bundle", osquery #8573). The higher version is in use.
 */
export const XPROTECT_BUNDLES = ['/Library/Apple/System/Library/CoreServices/XProtect.bundle', '/private/var/protected/xprotect/XProtect.bundle'] as const;
export const XPROTECT_REMEDIATOR = '/Library/Apple/System/Library/CoreServices/XProtect.app';
export const INSTALL_HISTORY = '/Library/Receipts/InstallHistory.plist';

interface KnownExtension {
  readonly id: ProductId;
  readonly name: string;
  readonly vendor: string;
  readonly teamId: string;
  readonly bundleId: string;
}

/**
 * Endpoint-security system extensions of anti-malware products, by team ID and bundle ID as published:
 * Microsoft Defender for Endpoint — UBF8T346G9 com.microsoft.wdav.epsext (Microsoft Learn, "Deploy
 * Defender for Endpoint on macOS", system extensions profile); CrowdStrike Falcon — X9E956P446
 * com.crowdstrike.falcon.Agent (`systemextensionsctl` output in mondoohq/mql PR #4371; fleetdm/fleet
 * CrowdStrike deploy guide, PR #31814); Cisco Secure Endpoint (AMP) — DE8Y96K9QP
 * com.cisco.endpoint.svc.securityextension (microsoft/shell-intune-samples macOS/Apps/Cisco AMP/installCiscoAMP.sh).
 * SentinelOne, Sophos and ESET were left out: no public source here confirmed their identifiers.
 */
export const KNOWN_EXTENSIONS: readonly KnownExtension[] = [
  { id: 'mdatp', name: 'Microsoft Defender for Endpoint', vendor: 'Microsoft', teamId: 'UBF8T346G9', bundleId: 'com.microsoft.wdav.epsext' },
  { id: 'crowdstrike-falcon', name: 'CrowdStrike Falcon', vendor: 'CrowdStrike', teamId: 'X9E956P446', bundleId: 'com.crowdstrike.falcon.Agent' },
  { id: 'cisco-secure-endpoint', name: 'Cisco Secure Endpoint', vendor: 'Cisco', teamId: 'DE8Y96K9QP', bundleId: 'com.cisco.endpoint.svc.securityextension' },
];

/**
 * XProtect checks apps for known malware when they are first launched, when they change, and when its
 * signatures are updated (Apple Platform Security guide, "Protecting against malware in macOS"): it scans
 * on access in the sense the policy means, and it keeps no record of full scans or open detections.
 */
const XPROTECT_NO_SCAN = because('xprotect.no-scan');

export async function collectDarwin(ctx: ProbeContext): Promise<AntivirusEvidence> {
  const why = reasons();
  const history = await readInstallHistory(ctx);

  // XProtect signatures: the higher of the two bundles.
  let best: { version: string; path: string; mtime: string | null } | null = null;
  let present = false;
  const problems: Reason[] = [];
  for (const bundle of XPROTECT_BUNDLES) {
    const v = await bundleVersion(ctx, bundle);
    if ('problem' in v) {
      problems.push(v.problem);
      present ||= v.exists;
    } else {
      present = true;
      if (!best || compareVersions(v.version, best.version) > 0) best = { ...v, path: bundle };
    }
  }
  // The problem of a bundle that is there says more than "the other location does not exist".
  const problem = problems.find((p) => p.code !== 'file.missing') ?? problems[0]!;
  const xprotect: MacosDetails['xprotect'] = {
    version: best?.version ?? why.set('macos.xprotect.version', problem),
    path: best?.path ?? why.set('macos.xprotect.path', problem),
    updatedAt: best ? updatedAt(why, 'macos.xprotect.updatedAt', history, 'XProtectPlistConfigData', best) : why.set('macos.xprotect.updatedAt', problem),
  };

  const rv = await bundleVersion(ctx, XPROTECT_REMEDIATOR);
  const remediator: MacosDetails['remediator'] =
    'problem' in rv
      ? { version: why.set('macos.remediator.version', rv.problem), updatedAt: why.set('macos.remediator.updatedAt', rv.problem) }
      : { version: rv.version, updatedAt: updatedAt(why, 'macos.remediator.updatedAt', history, 'XProtectPayloads', rv) };

  const gatekeeperEnabled = await gatekeeper(ctx, why);
  const extensions = await systemExtensions(ctx, why);

  let products: Product[] | null = [];
  // XProtect is there when its bundle is, even if its version could not be read.
  if (present) {
    products.push({
      id: 'xprotect',
      name: 'XProtect',
      vendor: 'Apple',
      source: 'operating-system',
      serviceActive: why.set('products.0.serviceActive', because('xprotect.no-service')),
      realtimeProtection: true,
      signaturesUpdatedAt: xprotect.updatedAt ?? why.set('products.0.signaturesUpdatedAt', why.map['macos.xprotect.updatedAt'] ?? because('fact.unknown')),
    });
  }
  const found = products;
  for (const known of KNOWN_EXTENSIONS) {
    const mine = (extensions ?? []).filter((e) => e.teamId === known.teamId && e.bundleId === known.bundleId);
    if (mine.length === 0) continue;
    // An upgrade leaves the old version "terminated waiting to uninstall on reboot" next to the new one.
    const running = mine.find((e) => e.state === 'activated enabled') ?? mine[0]!;
    const i = found.length;
    found.push({
      id: known.id,
      name: known.name,
      vendor: known.vendor,
      source: 'system-extension',
      serviceActive: running.state === 'activated enabled' && running.enabled && running.active,
      realtimeProtection: why.set(`products.${i}.realtimeProtection`, because('antivirus.extension-state', { product: known.name, state: running.state })),
      signaturesUpdatedAt: why.set(`products.${i}.signaturesUpdatedAt`, because('antivirus.no-status-interface', { product: known.name })),
    });
  }

  const macos: MacosDetails = {
    xprotect,
    remediator,
    gatekeeperEnabled,
    systemExtensions:
      // Every extension of a known vendor's team (Defender and Cisco also ship network extensions).
      extensions?.filter((e) => KNOWN_EXTENSIONS.some((k) => k.teamId === e.teamId)).map((e) => ({
        teamId: e.teamId,
        bundleId: e.bundleId,
        version: e.version,
        category: e.category,
        state: e.state,
      })) ?? null,
  };
  if (found.length === 0 && extensions === null) {
    // Without XProtect and without the extension list, "no product" cannot be told from "unreadable".
    products = why.set('products', because('xprotect.none-visible', {}, why.map['macos.systemExtensions']?.detail));
    for (const f of ['realtimeProtection', 'signaturesUpdatedAt', 'lastFullScanAt', 'fullScanEverCompleted', 'activeThreats']) why.set(f, why.map.products!);
    return { products, realtimeProtection: null, signaturesUpdatedAt: null, lastFullScanAt: null, fullScanEverCompleted: null, activeThreats: null, macos, unknown: why.map };
  }
  const noScan = (p: Product) => (p.id === 'xprotect' ? XPROTECT_NO_SCAN : because('antivirus.no-scan-history', { product: p.name }));
  return { products: found, ...summarize(found, why, null, noScan), macos, unknown: why.map };
}

type History = { ok: true; records: Map<string, InstallRecord[]> } | { ok: false; reason: Reason };

async function readInstallHistory(ctx: ProbeContext): Promise<History> {
  const r = await ctx.run('plutil', ['-convert', 'xml1', '-o', '-', INSTALL_HISTORY]);
  if (r.exitCode !== 0) return { ok: false, reason: because('command.failed', { command: `plutil -convert xml1 ${INSTALL_HISTORY}`, exitCode: r.exitCode }, saidBy(r)) };
  const records = parseInstallHistory(r.stdout, ['XProtectPlistConfigData', 'XProtectPayloads']);
  return records ? { ok: true, records } : { ok: false, reason: because('file.unexpected', { path: INSTALL_HISTORY }) };
}

/**
 * The install date of exactly this version; else the Info.plist's modification time. macOS 15's XProtect
 * updater installs into /private/var/protected without an InstallHistory record, so the mtime is then all
 * there is (the approach of mondoohq/mql PR #7934).
 */
function updatedAt(why: Why, path: string, history: History, name: string, bundle: { version: string; mtime: string | null }): string | null {
  const match = history.ok ? history.records.get(name)?.find((x) => x.version === bundle.version) : undefined;
  if (match) return match.installedAt;
  return bundle.mtime ?? why.set(path, history.ok ? because('xprotect.no-install-record', { name, version: bundle.version }) : history.reason);
}

async function gatekeeper(ctx: ProbeContext, why: Why): Promise<boolean | null> {
  const r = await runIfInstalled(ctx, 'spctl', ['--status']);
  if (!r) return why.set('macos.gatekeeperEnabled', because('command.missing', { command: 'spctl' }));
  return parseSpctlStatus(r.stdout) ?? why.set('macos.gatekeeperEnabled', because('command.unexpected-output', { command: 'spctl --status' }, firstLine(r.stdout) || saidBy(r)));
}

async function systemExtensions(ctx: ProbeContext, why: Why): Promise<SystemExtension[] | null> {
  const r = await runIfInstalled(ctx, 'systemextensionsctl', ['list']);
  if (!r) return why.set('macos.systemExtensions', because('command.missing', { command: 'systemextensionsctl' }));
  const list = r.exitCode === 0 ? parseSystemExtensions(r.stdout) : null;
  return list ?? why.set('macos.systemExtensions', because('command.unexpected-output', { command: 'systemextensionsctl list' }, firstLine(r.stdout) || saidBy(r)));
}
