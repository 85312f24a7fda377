/**
 * The cross-platform facts the policy reads on every OS, derived from the products each collector found:
 * whether anything scans on access, how fresh the protecting product's signatures are, its last full
 * scan and its unresolved detections. One rule for all platforms, so "protected" means the same thing
 * on Linux, Windows and macOS.
 */
import { because, type Reason, type reasons } from '../../src/probe.ts';
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
  readonly lastFullScanAt: { readonly value: string | null; readonly reason?: Reason };
  /** The product says it has never completed a full scan (Defender's FullScanAge "never"): a fact, not an unknown. */
  readonly neverFullScanned?: boolean;
  readonly activeThreats: { readonly value: number | null; readonly reason?: Reason };
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

export function summarize(products: readonly Product[], why: Why, records: ScanRecords | null, noScanRecord: (p: Product) => Reason): Summary {
  if (products.length === 0) {
    const none = because('antivirus.none-found');
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
    // One product's own reason says more than a list of names.
    realtimeProtection = why.set(
      'realtimeProtection',
      unknown.length === 1 ? (reasonOf(why, unknown[0]![1], 'realtimeProtection') ?? because('antivirus.realtime-unknown', { products: [unknown[0]![0].name] })) : because('antivirus.realtime-unknown', { products: unknown.map(([p]) => p.name) }),
    );
  }

  const at = protectingProduct(products);
  if (at === null) {
    const several = because('antivirus.several-products', { count: products.length });
    return {
      realtimeProtection,
      signaturesUpdatedAt: why.set('signaturesUpdatedAt', several),
      lastFullScanAt: why.set('lastFullScanAt', several),
      fullScanEverCompleted: why.set('fullScanEverCompleted', several),
      activeThreats: why.set('activeThreats', several),
    };
  }
  const p = products[at]!;
  const signaturesUpdatedAt = p.signaturesUpdatedAt ?? why.set('signaturesUpdatedAt', reasonOf(why, at, 'signaturesUpdatedAt') ?? because('antivirus.signatures-unknown', { product: p.name }));

  let lastFullScanAt: string | null;
  let fullScanEverCompleted: boolean | null;
  let activeThreats: number | null;
  if (records && records.product === at) {
    lastFullScanAt = records.lastFullScanAt.value ?? why.set('lastFullScanAt', records.lastFullScanAt.reason ?? because('antivirus.no-full-scan', { product: p.name }));
    // "Never" is known when the product says so; a missing date alone may only mean the record is not kept.
    fullScanEverCompleted =
      records.lastFullScanAt.value !== null ? true : records.neverFullScanned ? false : why.set('fullScanEverCompleted', why.map.lastFullScanAt!);
    activeThreats = records.activeThreats.value ?? why.set('activeThreats', records.activeThreats.reason ?? because('antivirus.no-detections-reported', { product: p.name }));
  } else {
    lastFullScanAt = why.set('lastFullScanAt', noScanRecord(p));
    fullScanEverCompleted = why.set('fullScanEverCompleted', noScanRecord(p));
    activeThreats = why.set('activeThreats', because('antivirus.no-detection-list', { product: p.name }));
  }
  return { realtimeProtection, signaturesUpdatedAt, lastFullScanAt, fullScanEverCompleted, activeThreats };
}

function reasonOf(why: Why, i: number, field: string): Reason | undefined {
  return why.map[`products.${i}.${field}`];
}
