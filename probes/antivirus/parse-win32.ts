/**
 * Pure parsers of the Windows antivirus answer: the one JSON object WINDOWS_ANTIVIRUS_SCRIPT prints
 * (tested in antivirus.test.ts). Every source in it is either its value or `{ error }`.
 */
import { z } from 'zod';
import { because, type Reason } from '../../src/probe.ts';

export type WscState = 'off' | 'on' | 'snoozed' | 'expired';

export interface DecodedProductState {
  readonly state: WscState | null;
  readonly microsoft: boolean | null;
  readonly signaturesUpToDate: boolean | null;
}

const STATES: Record<number, WscState> = { 0: 'off', 1: 'on', 2: 'snoozed', 3: 'expired' };

/**
 * AntiVirusProduct.productState, decoded with the community masks (research/probes.md §2.1; the WSC API's
 * WSC_SECURITY_PRODUCT_STATE has the same four states): 0xF000 state, 0x0F00 owner (1 = Microsoft),
 * 0x00F0 signatures (0 = up to date). 397568 = 0x061100 → Defender on, up to date; 393472 = 0x060100 →
 * Defender off; 266240 = 0x041000 → third party on; 397584 = 0x061110 → on, signatures out of date.
 * A nibble outside the known values is null, not a guess.
 */
export function decodeProductState(productState: number): DecodedProductState {
  const state = (productState >> 12) & 0xf;
  const owner = (productState >> 8) & 0xf;
  const signatures = (productState >> 4) & 0xf;
  return {
    state: STATES[state] ?? null,
    microsoft: owner === 1 ? true : owner === 0 ? false : null,
    signaturesUpToDate: signatures === 0 ? true : signatures === 1 ? false : null,
  };
}

const SourceError = z.object({ error: z.string() });

const WscInstance = z.object({
  displayName: z.string(),
  instanceGuid: z.string().nullable().optional(),
  pathToSignedProductExe: z.string().nullable().optional(),
  productState: z.int().nonnegative(),
  productExeExists: z.boolean().nullable().optional(),
});

const Defender = z.object({
  AMRunningMode: z.string().nullable().optional(),
  AMServiceEnabled: z.boolean().nullable().optional(),
  AntivirusEnabled: z.boolean().nullable().optional(),
  RealTimeProtectionEnabled: z.boolean().nullable().optional(),
  AntivirusSignatureLastUpdated: z.string().nullable().optional(),
  AntivirusSignatureAge: z.int().nullable().optional(),
  QuickScanEndTime: z.string().nullable().optional(),
  FullScanEndTime: z.string().nullable().optional(),
  FullScanAge: z.int().nullable().optional(),
  IsTamperProtected: z.boolean().nullable().optional(),
});

/**
 * The script's answer. ConvertTo-Json on Windows PowerShell 5.1 writes a one-element array built with
 * @() as an array, but a pipeline that yields one object inside a hashtable can come back unwrapped:
 * both forms are accepted.
 */
const WindowsAnswer = z.object({
  // SourceError first: every Defender property is optional, so { error } would also pass as a status.
  securityCenter: z.union([SourceError, z.array(WscInstance), WscInstance, z.null()]),
  defender: z.union([SourceError, Defender, z.null()]),
  activeThreats: z.union([SourceError, z.int().nonnegative(), z.null()]),
});

export type WscInstance = z.infer<typeof WscInstance>;
export type DefenderStatus = z.infer<typeof Defender>;
export type Source<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: Reason };

export interface WindowsAntivirusAnswer {
  readonly securityCenter: Source<WscInstance[]>;
  readonly defender: Source<DefenderStatus>;
  readonly activeThreats: Source<number>;
}

const isError = (v: unknown): v is { error: string } => typeof v === 'object' && v !== null && 'error' in v;

/** Splits the answer into its three sources; undefined when its shape is not the script's. */
export function parseWindowsAntivirusAnswer(value: unknown): WindowsAntivirusAnswer | undefined {
  const parsed = WindowsAnswer.safeParse(value);
  if (!parsed.success) return undefined;
  const { securityCenter, defender, activeThreats } = parsed.data;
  return {
    securityCenter: isError(securityCenter)
      ? { ok: false, reason: because('wsc.query-failed', {}, securityCenter.error) }
      : { ok: true, value: securityCenter === null ? [] : Array.isArray(securityCenter) ? securityCenter : [securityCenter] },
    defender: isError(defender)
      ? { ok: false, reason: because('query.failed', { source: 'Get-MpComputerStatus' }, defender.error) }
      : defender === null
        ? { ok: false, reason: because('command.no-answer', { command: 'Get-MpComputerStatus' }) }
        : { ok: true, value: defender },
    activeThreats: isError(activeThreats)
      ? { ok: false, reason: because('query.failed', { source: 'Get-MpThreat' }, activeThreats.error) }
      : activeThreats === null
        ? { ok: false, reason: because('command.no-answer', { command: 'Get-MpThreat' }) }
        : { ok: true, value: activeThreats },
  };
}

/** An ISO 8601 instant as `.ToUniversalTime().ToString('o')` writes it ("2024-06-04T15:06:27.0000000Z"), normalised to ms. */
export function isoFromPowerShell(text: string | null | undefined): string | null {
  if (!text) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text)) return null;
  const ms = Date.parse(text);
  // 1601-01-01 is FILETIME zero: what Defender reports for "never" in some date properties.
  if (!Number.isFinite(ms) || ms <= Date.UTC(1601, 0, 2)) return null;
  return new Date(ms).toISOString();
}

/**
 * Defender's "never" values. Documented: FullScanAge/QuickScanAge 4294967295 (UINT32_MAX) and
 * AntivirusSignatureAge 65535 (UINT16_MAX); but real PCs report either value in either field (a never-updated
 * AntivirusSignatureAge of 4294967295 is seen in the field), so both mean "never" in every age/count field —
 * no real age is 179 years long.
 */
const DEFENDER_NEVER = new Set([65535, 4294967295]);
export const isDefenderNever = (value: number | null | undefined): boolean => value !== null && value !== undefined && DEFENDER_NEVER.has(value);

/** An age in days from a Defender age field, or null for "never" and for a missing value. */
export function ageDays(value: number | null | undefined): number | null {
  return value === null || value === undefined || isDefenderNever(value) ? null : value;
}

export interface WscProduct {
  readonly name: string;
  readonly instances: number;
  readonly chosen: WscInstance;
  readonly decoded: DecodedProductState;
}

/**
 * One entry per displayName: updates can leave a second instance with a new instanceGuid
 * (amidaware/community-scripts #268), so the instance that is on, with up-to-date signatures, speaks
 * for the product. Order follows first appearance.
 */
export function dedupeSecurityCenter(instances: readonly WscInstance[]): WscProduct[] {
  const groups = new Map<string, WscInstance[]>();
  for (const i of instances) groups.set(i.displayName, [...(groups.get(i.displayName) ?? []), i]);
  return [...groups].map(([name, list]) => {
    const score = (i: WscInstance) => {
      const d = decodeProductState(i.productState);
      return (d.state === 'on' ? 2 : 0) + (d.signaturesUpToDate ? 1 : 0) + (i.productExeExists === false ? -4 : 0);
    };
    const chosen = [...list].sort((a, b) => score(b) - score(a))[0]!;
    return { name, instances: list.length, chosen, decoded: decodeProductState(chosen.productState) };
  });
}

/** Microsoft Defender Antivirus registers in Security Center with this URI since Windows 10 1703. */
export const DEFENDER_PRODUCT_EXE = 'windowsdefender://';
