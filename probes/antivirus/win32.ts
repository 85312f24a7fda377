/**
 * Windows collector of the antivirus probe: one PowerShell run answers Security Center's product list,
 * Defender's status and Defender's open detections (research/probes.md §2.1). Each source is wrapped in
 * its own try/catch, so a Server without SecurityCenter2, a Defender that a third-party product switched
 * off, or a restricted user denied Get-MpComputerStatus makes only that source's facts null, never "off".
 * Everything works as a standard user except where Defender's WMI provider refuses (then null + reason).
 */
import { runPowerShell } from '../../src/powershell.ts';
import { because, reasons, type ProbeContext, type Reason } from '../../src/probe.ts';
import type { AntivirusEvidence, AntivirusProduct } from './antivirus.ts';
import {
  ageDays,
  isDefenderNever,
  dedupeSecurityCenter,
  DEFENDER_PRODUCT_EXE,
  isoFromPowerShell,
  parseWindowsAntivirusAnswer,
  type DefenderStatus,
  type Source,
  type WscProduct,
} from './parse-win32.ts';
import { summarize, type ScanRecords } from './summary.ts';

type Product = AntivirusProduct;
type Why = ReturnType<typeof reasons>;
type WindowsDetails = NonNullable<AntivirusEvidence['windows']>;

/**
 * productState comes as a number (uint32); dates as ISO 8601 UTC strings because a DateTime would be
 * serialised by ConvertTo-Json as "\/Date(…)\/" in 5.1. Test-Path marks entries an uninstalled product
 * left behind (zoicware/RemoveWindowsAI #244); URIs such as windowsdefender:// are not files.
 * Get-MpThreat lists every threat in the history; IsActive marks those not yet remediated (MSFT_MpThreat).
 */
export const WINDOWS_ANTIVIRUS_SCRIPT = String.raw`
$r = [ordered]@{}
try {
  $r.securityCenter = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | ForEach-Object {
    $p = $_.pathToSignedProductExe
    $exists = $null
    if ($p -and $p -notmatch '^[A-Za-z][A-Za-z0-9+.-]*://') { $exists = Test-Path -LiteralPath ([Environment]::ExpandEnvironmentVariables($p)) }
    [pscustomobject]@{ displayName = $_.displayName; instanceGuid = $_.instanceGuid; pathToSignedProductExe = $p; productState = $_.productState; productExeExists = $exists }
  })
} catch { $r.securityCenter = @{ error = $_.Exception.Message } }
try {
  $s = Get-MpComputerStatus
  $utc = { param($t) if ($t) { $t.ToUniversalTime().ToString('o') } else { $null } }
  $r.defender = [pscustomobject]@{
    AMRunningMode = $s.AMRunningMode
    AMServiceEnabled = $s.AMServiceEnabled
    AntivirusEnabled = $s.AntivirusEnabled
    RealTimeProtectionEnabled = $s.RealTimeProtectionEnabled
    AntivirusSignatureLastUpdated = & $utc $s.AntivirusSignatureLastUpdated
    AntivirusSignatureAge = $s.AntivirusSignatureAge
    QuickScanEndTime = & $utc $s.QuickScanEndTime
    FullScanEndTime = & $utc $s.FullScanEndTime
    FullScanAge = $s.FullScanAge
    IsTamperProtected = $s.IsTamperProtected
  }
} catch { $r.defender = @{ error = $_.Exception.Message } }
try { $r.activeThreats = @(Get-MpThreat | Where-Object { $_.IsActive }).Count } catch { $r.activeThreats = @{ error = $_.Exception.Message } }
[pscustomobject]$r`;

/** Modes in which Defender does not scan on access: another product is the primary antivirus (Microsoft Learn, "Microsoft Defender Antivirus compatibility"). */
const NOT_SCANNING_MODES = new Set(['Passive Mode', 'SxS Passive Mode', 'EDR Block Mode', 'Not running']);

export async function collectWin32(ctx: ProbeContext): Promise<AntivirusEvidence> {
  const why = reasons();
  const raw = await runPowerShell(ctx, WINDOWS_ANTIVIRUS_SCRIPT);
  const answer = raw.ok ? parseWindowsAntivirusAnswer(raw.value) : undefined;
  if (!answer) {
    const reason = raw.ok ? because('command.unexpected-output', { command: 'PowerShell' }, JSON.stringify(raw.value).slice(0, 200)) : raw.reason;
    for (const f of ['products', 'realtimeProtection', 'signaturesUpdatedAt', 'lastFullScanAt', 'fullScanEverCompleted', 'activeThreats']) why.set(f, reason);
    return { products: null, realtimeProtection: null, signaturesUpdatedAt: null, lastFullScanAt: null, fullScanEverCompleted: null, activeThreats: null, unknown: why.map };
  }

  const defender = answer.defender;
  const wsc = answer.securityCenter.ok ? dedupeSecurityCenter(answer.securityCenter.value) : null;
  const windows: WindowsDetails = {
    securityCenter: wsc?.map((p) => ({
      name: p.name,
      instances: p.instances,
      productState: p.chosen.productState,
      state: p.decoded.state,
      microsoft: p.decoded.microsoft,
      signaturesUpToDate: p.decoded.signaturesUpToDate,
      productExe: p.chosen.pathToSignedProductExe ?? null,
      productExeExists: p.chosen.productExeExists ?? null,
    })) ?? why.set('windows.securityCenter', (answer.securityCenter as { reason: Reason }).reason),
    defender: defender.ok ? defenderDetails(defender.value) : why.set('windows.defender', defender.reason),
  };

  let products: Product[] | null = [];
  if (wsc) {
    // A stale entry (its product executable is gone) is listed under windows.securityCenter, not as a product.
    for (const p of wsc.filter((x) => x.chosen.productExeExists !== false)) {
      const i = products.length;
      products.push(isDefender(p) ? defenderProduct(why, i, p.name, defender, p) : thirdPartyProduct(why, i, p));
    }
  } else if (defender.ok && defender.value.AMRunningMode !== 'Not running' && defender.value.AMServiceEnabled !== false) {
    // Windows Server has no Security Center: Defender's own status is all there is to see.
    products.push(defenderProduct(why, 0, 'Microsoft Defender Antivirus', defender, null));
  } else {
    products = why.set('products', because('antivirus.windows-none-visible', { defender: defender.ok ? 'not-running' : 'unreadable' }, (answer.securityCenter as { reason: Reason }).reason.detail));
  }

  if (products === null) {
    for (const f of ['realtimeProtection', 'signaturesUpdatedAt', 'lastFullScanAt', 'fullScanEverCompleted', 'activeThreats']) why.set(f, why.map.products!);
    return { products, realtimeProtection: null, signaturesUpdatedAt: null, lastFullScanAt: null, fullScanEverCompleted: null, activeThreats: null, windows, unknown: why.map };
  }

  const at = products.findIndex((p) => p.id === 'microsoft-defender-antivirus');
  const records: ScanRecords | null = at < 0 ? null : defenderRecords(at, defender, answer.activeThreats);
  const noScan = (p: Product) => because('antivirus.wsc-no-scan-time', { product: p.name });
  return { products, ...summarize(products, why, records, noScan), windows, unknown: why.map };
}

function isDefender(p: WscProduct): boolean {
  return p.chosen.pathToSignedProductExe === DEFENDER_PRODUCT_EXE || (p.decoded.microsoft === true && /defender/i.test(p.name));
}

function defenderDetails(s: DefenderStatus): NonNullable<WindowsDetails['defender']> {
  return {
    runningMode: s.AMRunningMode ?? null,
    serviceEnabled: s.AMServiceEnabled ?? null,
    antivirusEnabled: s.AntivirusEnabled ?? null,
    realtimeProtectionEnabled: s.RealTimeProtectionEnabled ?? null,
    signaturesUpdatedAt: isoFromPowerShell(s.AntivirusSignatureLastUpdated),
    signatureAgeDays: ageDays(s.AntivirusSignatureAge),
    quickScanEndAt: isoFromPowerShell(s.QuickScanEndTime),
    fullScanEndAt: isoFromPowerShell(s.FullScanEndTime),
    fullScanAgeDays: ageDays(s.FullScanAge),
    fullScanCompleted: s.FullScanAge === undefined || s.FullScanAge === null ? null : !isDefenderNever(s.FullScanAge),
    tamperProtected: s.IsTamperProtected ?? null,
  };
}

/**
 * Defender scans on access only in normal mode with real-time protection on; in passive, SxS passive or
 * EDR block mode another product is primary and RealTimeProtectionEnabled does not mean Defender blocks.
 * Without its status, Security Center's state is the fallback.
 */
function defenderProduct(why: Why, i: number, name: string, defender: Source<DefenderStatus>, wsc: WscProduct | null): Product {
  const path = (f: string) => `products.${i}.${f}`;
  if (!defender.ok) {
    return {
      id: 'microsoft-defender-antivirus',
      name,
      vendor: 'Microsoft',
      source: 'security-center',
      serviceActive: why.set(path('serviceActive'), defender.reason),
      realtimeProtection: wscRealtime(why, path('realtimeProtection'), wsc!),
      signaturesUpdatedAt: why.set(path('signaturesUpdatedAt'), defender.reason),
    };
  }
  const s = defender.value;
  const mode = s.AMRunningMode ?? null;
  let realtimeProtection: boolean | null;
  if (mode !== null && NOT_SCANNING_MODES.has(mode)) realtimeProtection = false;
  else if (mode === 'Normal' || mode === null) realtimeProtection = s.RealTimeProtectionEnabled === undefined || s.RealTimeProtectionEnabled === null ? why.set(path('realtimeProtection'), because('value.missing', { source: 'Get-MpComputerStatus', name: 'RealTimeProtectionEnabled' })) : s.RealTimeProtectionEnabled && s.AntivirusEnabled !== false;
  else realtimeProtection = why.set(path('realtimeProtection'), because('defender.unknown-mode', { mode }));
  const signaturesUpdatedAt = isoFromPowerShell(s.AntivirusSignatureLastUpdated) ?? why.set(path('signaturesUpdatedAt'), because('defender.no-signatures'));
  return {
    id: 'microsoft-defender-antivirus',
    name,
    vendor: 'Microsoft',
    source: wsc ? 'security-center' : 'defender-status',
    serviceActive: s.AMServiceEnabled ?? why.set(path('serviceActive'), because('value.missing', { source: 'Get-MpComputerStatus', name: 'AMServiceEnabled' })),
    realtimeProtection,
    signaturesUpdatedAt,
  };
}

function thirdPartyProduct(why: Why, i: number, p: WscProduct): Product {
  const path = (f: string) => `products.${i}.${f}`;
  const upToDate = p.decoded.signaturesUpToDate;
  return {
    id: 'other',
    name: p.name,
    vendor: why.set(path('vendor'), because('wsc.no-vendor')),
    source: 'security-center',
    serviceActive: why.set(path('serviceActive'), because('wsc.no-service-state')),
    realtimeProtection: wscRealtime(why, path('realtimeProtection'), p),
    signaturesUpdatedAt: why.set(path('signaturesUpdatedAt'), because('wsc.signatures-state-only', { state: upToDate === null ? 'unknown' : upToDate ? 'up-to-date' : 'out-of-date' })),
  };
}

/** Security Center's state: on scans, off and snoozed do not; expired (licence) says nothing certain. */
function wscRealtime(why: Why, path: string, p: WscProduct): boolean | null {
  const s = p.decoded.state;
  if (s === 'on') return true;
  if (s === 'off' || s === 'snoozed') return false;
  return why.set(path, s === 'expired' ? because('wsc.expired') : because('wsc.unknown-state', { productState: p.chosen.productState }));
}

function defenderRecords(product: number, defender: Source<DefenderStatus>, threats: Source<number>): ScanRecords {
  const activeThreats = threats.ok ? { value: threats.value } : { value: null, reason: threats.reason };
  if (!defender.ok) return { product, lastFullScanAt: { value: null, reason: defender.reason }, activeThreats };
  const end = isoFromPowerShell(defender.value.FullScanEndTime);
  const never = isDefenderNever(defender.value.FullScanAge);
  return {
    product,
    lastFullScanAt: end ? { value: end } : { value: null, reason: never ? because('defender.never-full-scan', {}, `FullScanAge ${defender.value.FullScanAge}`) : because('value.missing', { source: 'Get-MpComputerStatus', name: 'FullScanEndTime' }) },
    ...(never && !end ? { neverFullScanned: true } : {}),
    activeThreats,
  };
}
