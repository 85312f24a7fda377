/**
 * The cross-platform facts the policy reads on every OS, derived from the products each collector found:
 * whether anything scans on access, how fresh the protecting product's signatures are, its last full
 * scan and its unresolved detections. One rule for all platforms, so "protected" means the same thing
 * on Linux, Windows and macOS.
 */
import type { reasons } from '../../src/probe.ts';
import type { AntivirusProduct } from './antivirus.ts';

type Product = AntivirusProduct;
type Why = ReturnType<typeof reasons>;

export interface Summary {
  realtimeProtection: boolean | null;
  signaturesUpdatedAt: string | null;
  lastFullScanAt: string | null;
  fullScanEverCompleted: boolean | null;
  activeThreats: number | null;
}

/** What the protecting product records beyond the Product fields; absent where it records nothing. */
export interface ScanRecords {
  /** Index in `products` of the product these records belong to. */
  readonly product: number;
  readonly lastFullScanAt: { readonly value: string | null; readonly reason?: string };
  /** The product says it has never completed a full scan (Defender's FullScanAge "never"): a fact, not an unknown. */
  readonly neverFullScanned?: boolean;
  readonly activeThreats: { readonly value: number | null; readonly reason?: string };
}

/**
 * The product that protects: the first one scanning on access, else the only product. Its records give
 * the summary; with several products and none scanning on access, no single product speaks for the machine.
 */
export function protectingProduct(products: readonly Product[]): number | null {
  const realtime = products.findIndex((p) => p.realtimeProtection === true);
  if (realtime >= 0) return realtime;
  return products.length === 1 ? 0 : null;
}

export function summarize(products: readonly Product[], why: Why, records: ScanRecords | null, noScanRecord: (p: Product) => string): Summary {
  if (products.length === 0) {
    const none = 'no anti-malware product was found';
    return {
      realtimeProtection: false,
      signaturesUpdatedAt: why.set('signaturesUpdatedAt', none),
      lastFullScanAt: why.set('lastFullScanAt', none),
      fullScanEverCompleted: why.set('fullScanEverCompleted', none),
      activeThreats: why.set('activeThreats', none),
    };
  }
  let realtimeProtection: boolean | null;
  if (products.some((p) => p.realtimeProtection === true)) realtimeProtection = true;
  else if (products.every((p) => p.realtimeProtection === false)) realtimeProtection = false;
  else {
    const unknown = products.map((p, i) => [p, i] as const).filter(([p]) => p.realtimeProtection === null);
    realtimeProtection = why.set(
      'realtimeProtection',
      `no product is known to scan on access, and for ${unknown.map(([p]) => p.name).join(', ')} it is unknown${reasonOf(why, unknown[0]![1], 'realtimeProtection')}`,
    );
  }

  const at = protectingProduct(products);
  if (at === null) {
    const several = `${products.length} products were found and none scans on access, so none speaks for the machine`;
    return {
      realtimeProtection,
      signaturesUpdatedAt: why.set('signaturesUpdatedAt', several),
      lastFullScanAt: why.set('lastFullScanAt', several),
      fullScanEverCompleted: why.set('fullScanEverCompleted', several),
      activeThreats: why.set('activeThreats', several),
    };
  }
  const p = products[at]!;
  const signaturesUpdatedAt = p.signaturesUpdatedAt ?? why.set('signaturesUpdatedAt', `${p.name}: signature date unknown${reasonOf(why, at, 'signaturesUpdatedAt')}`);

  let lastFullScanAt: string | null;
  let fullScanEverCompleted: boolean | null;
  let activeThreats: number | null;
  if (records && records.product === at) {
    lastFullScanAt = records.lastFullScanAt.value ?? why.set('lastFullScanAt', records.lastFullScanAt.reason ?? `${p.name} records no full scan`);
    // "Never" is known when the product says so; a missing date alone may only mean the record is not kept.
    fullScanEverCompleted =
      records.lastFullScanAt.value !== null ? true : records.neverFullScanned ? false : why.set('fullScanEverCompleted', why.map.lastFullScanAt!);
    activeThreats = records.activeThreats.value ?? why.set('activeThreats', records.activeThreats.reason ?? `${p.name} reports no detections`);
  } else {
    lastFullScanAt = why.set('lastFullScanAt', noScanRecord(p));
    fullScanEverCompleted = why.set('fullScanEverCompleted', noScanRecord(p));
    activeThreats = why.set('activeThreats', `tenken reads no detection list of ${p.name}`);
  }
  return { realtimeProtection, signaturesUpdatedAt, lastFullScanAt, fullScanEverCompleted, activeThreats };
}

function reasonOf(why: Why, i: number, field: string): string {
  const r = why.map[`products.${i}.${field}`];
  return r ? ` (${r})` : '';
}
