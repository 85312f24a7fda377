/**
 * Linux collector of the antivirus probe. Order: which service units exist (one `systemctl
 * list-unit-files`, which reads unit files and works even where systemd is not PID 1), whether they are
 * active (one `systemctl is-active`), ClamAV's version, configuration and database header, then
 * Defender's own health report. Non-root suffices for all of it on Debian/Ubuntu/Fedora.
 */
import { PermissionDeniedError } from '../../src/host/errors.ts';
import { because, firstLine, reasons, runIfInstalled, saidBy, type ProbeContext, type Reason } from '../../src/probe.ts';
import { unitFileStates } from '../../src/systemd-units.ts';
import {
  parseClamConf,
  parseClamVersion,
  parseCvdHeader,
  parseIsActive,
  parseMdatpHealth,
  type CvdHeader,
  type UnitStates,
} from './parse.ts';
import type { AntivirusEvidence, AntivirusProduct, ProductId } from './antivirus.ts';
import { CLAMSCAN_RECORD, clamavScanRecords, parseClamscanRecord } from './clamscan-record.ts';
import { summarize } from './summary.ts';

type Product = AntivirusProduct;
type Why = ReturnType<typeof reasons>;

interface KnownProduct {
  readonly id: Exclude<ProductId, 'clamav'>;
  readonly name: string;
  readonly vendor: string;
  readonly unit: string;
  /** Where the package installs itself, for machines without systemctl. */
  readonly installPath: string;
}

/**
 * Products other than ClamAV, by the unit their package installs. Sources: mdatp.service — Microsoft
 * Learn "Troubleshoot installation issues for Microsoft Defender for Endpoint on Linux" (`systemctl status
 * mdatp` → /lib/systemd/system/mdatp.service; binaries under /opt/microsoft/mdatp); eea.service — ESET
 * Online Help, ESET Endpoint Antivirus for Linux 8 "File and folder structure" (`systemctl status
 * eea.service`, /opt/eset/eea); falcon-sensor.service, sentinelone.service, sophos-spl.service — the units
 * the vendors' packages install (/opt/CrowdStrike/falconctl, /usr/lib/systemd/system/sentinelone.service
 * with /opt/sentinelone/bin/sentinelctl, Sophos Protection for Linux's /lib/systemd/system/sophos-spl.service
 * under /opt/sophos-spl), as seen in public deployment scripts and Sophos's own SPL test suite; the
 * vendor manuals for these three are behind a login. Trend Micro ds_agent and Cylance were left out: no
 * public source confirmed their unit names.
 */
export const KNOWN_PRODUCTS: readonly KnownProduct[] = [
  { id: 'mdatp', name: 'Microsoft Defender for Endpoint', vendor: 'Microsoft', unit: 'mdatp.service', installPath: '/opt/microsoft/mdatp' },
  { id: 'crowdstrike-falcon', name: 'CrowdStrike Falcon', vendor: 'CrowdStrike', unit: 'falcon-sensor.service', installPath: '/opt/CrowdStrike' },
  { id: 'sentinelone', name: 'SentinelOne Singularity', vendor: 'SentinelOne', unit: 'sentinelone.service', installPath: '/opt/sentinelone' },
  { id: 'sophos', name: 'Sophos Protection for Linux', vendor: 'Sophos', unit: 'sophos-spl.service', installPath: '/opt/sophos-spl' },
  { id: 'eset-endpoint', name: 'ESET Endpoint Antivirus for Linux', vendor: 'ESET', unit: 'eea.service', installPath: '/opt/eset/eea' },
];

/**
 * ClamAV units. Debian/Ubuntu and upstream's own unit files (clamd/clamav-daemon.service.in,
 * freshclam/clamav-freshclam.service.in, clamonacc/clamav-clamonacc.service.in) use the clamav-* names;
 * Fedora/RHEL run clamd as the template instance clamd@scan (research/probes.md §2.3; not verified on a
 * Fedora machine here).
 */
const CLAMD_UNITS: ReadonlyArray<readonly [file: string, instance: string]> = [
  ['clamav-daemon.service', 'clamav-daemon.service'],
  ['clamd@.service', 'clamd@scan.service'],
];
const FRESHCLAM_UNIT = 'clamav-freshclam.service';
const CLAMONACC_UNIT = 'clamav-clamonacc.service';

const FRESHCLAM_CONF = ['/etc/clamav/freshclam.conf', '/etc/freshclam.conf'] as const; // Debian, Fedora
const CLAMD_CONF = ['/etc/clamav/clamd.conf', '/etc/clamd.d/scan.conf'] as const; // Debian, Fedora
const DEFAULT_DATABASE_DIRECTORY = '/var/lib/clamav';

const NO_SCAN_RECORD = because('clamav.no-scan-record');

async function readScanRecord(ctx: ProbeContext, product: number) {
  let text: string | undefined;
  try {
    text = await ctx.readFile(CLAMSCAN_RECORD);
  } catch (e) {
    if (e instanceof PermissionDeniedError) return clamavScanRecords(product, null, because('file.unreadable', { path: CLAMSCAN_RECORD }), NO_SCAN_RECORD);
    throw e;
  }
  if (text === undefined) return clamavScanRecords(product, null, null, NO_SCAN_RECORD);
  const parsed = parseClamscanRecord(text);
  return 'record' in parsed ? clamavScanRecords(product, parsed.record, null, NO_SCAN_RECORD) : clamavScanRecords(product, null, parsed.unreadable, NO_SCAN_RECORD);
}

export async function collectLinux(ctx: ProbeContext): Promise<AntivirusEvidence> {
  const why = reasons();
  // Beside `systemctl list-unit-files` (which waits on the disk when its cache is cold): ClamAV's version does not depend on it.
  const [units, clamavVersion] = await Promise.all([listUnitFiles(ctx), clamavVersionOf(ctx)]);

  const clamdUnit = units.ok ? (CLAMD_UNITS.find(([file]) => units.files.has(file))?.[1] ?? null) : null;
  const others = units.ok ? KNOWN_PRODUCTS.filter((p) => units.files.has(p.unit)) : await productsByInstallPath(ctx);
  const toQuery = units.ok
    ? [clamdUnit, units.files.has(FRESHCLAM_UNIT) ? FRESHCLAM_UNIT : null, units.files.has(CLAMONACC_UNIT) ? CLAMONACC_UNIT : null, ...others.map((p) => p.unit)].filter(
        (u): u is string => u !== null,
      )
    : [];
  const states = await unitStates(ctx, toQuery);

  /** A ClamAV/product service: false when its unit file is absent (a fact), else what is-active said. */
  const serviceActive = (path: string, unit: string | null, present: boolean): boolean | null => {
    if (!units.ok) return why.set(path, units.reason);
    if (!present || unit === null) return false;
    if (!states.ok) return why.set(path, states.reason);
    return states.active.get(unit) ?? why.set(path, because('value.unexpected', { source: 'systemctl is-active', name: unit }));
  };

  const clamav = await collectClamav(ctx, why, clamavVersion, {
    daemonActive: serviceActive('clamav.daemonActive', clamdUnit, clamdUnit !== null),
    freshclamActive: serviceActive('clamav.freshclamActive', FRESHCLAM_UNIT, units.ok && units.files.has(FRESHCLAM_UNIT)),
    onAccessActive: serviceActive('clamav.onAccessActive', CLAMONACC_UNIT, units.ok && units.files.has(CLAMONACC_UNIT)),
  });

  const products: Product[] = [];
  if (clamav.installed) {
    const i = products.length;
    copyReason(why, 'clamav.daemonActive', `products.${i}.serviceActive`);
    copyReason(why, 'clamav.onAccessActive', `products.${i}.realtimeProtection`);
    copyReason(why, 'clamav.databaseBuiltAt', `products.${i}.signaturesUpdatedAt`);
    products.push({
      id: 'clamav',
      name: 'ClamAV',
      vendor: 'Cisco Talos',
      source: 'executable',
      serviceActive: clamav.daemonActive,
      realtimeProtection: clamav.onAccessActive,
      signaturesUpdatedAt: clamav.databaseBuiltAt,
    });
  }
  for (const known of others) {
    const i = products.length;
    const product: Product = {
      id: known.id,
      name: known.name,
      vendor: known.vendor,
      source: units.ok ? 'systemd-unit' : 'install-path',
      serviceActive: serviceActive(`products.${i}.serviceActive`, known.unit, true),
      realtimeProtection: null,
      signaturesUpdatedAt: null,
    };
    if (known.id === 'mdatp') await addMdatpHealth(ctx, why, i, product);
    else {
      why.set(`products.${i}.realtimeProtection`, because('antivirus.no-status-interface', { product: known.name }));
      why.set(`products.${i}.signaturesUpdatedAt`, because('antivirus.no-status-interface', { product: known.name }));
    }
    products.push(product);
  }

  // Neither ClamAV nor Defender for Endpoint's health report records completed scans or open detections;
  // for ClamAV, the record `tenken fix` keeps of its full scans stands in.
  const noScan = (p: Product) => (p.id === 'clamav' ? NO_SCAN_RECORD : because('antivirus.no-scan-history', { product: p.name }));
  const clamavAt = products.findIndex((p) => p.id === 'clamav');
  const records = clamavAt >= 0 ? await readScanRecord(ctx, clamavAt) : null;
  return { products, ...summarize(products, why, records, noScan), clamav, unknown: why.map };
}

type UnitFiles = { readonly ok: true; readonly files: ReadonlySet<string> } | { readonly ok: false; readonly reason: Reason };

/** The unit files the probe looks for, named on the command line (src/systemd-units.ts says why). */
export const UNIT_FILES = [...CLAMD_UNITS.map(([file]) => file), FRESHCLAM_UNIT, CLAMONACC_UNIT, ...KNOWN_PRODUCTS.map((p) => p.unit)];

async function listUnitFiles(ctx: ProbeContext): Promise<UnitFiles> {
  const r = await unitFileStates(ctx, UNIT_FILES, 'service');
  return r.ok ? { ok: true, files: new Set(r.states.keys()) } : r;
}

async function unitStates(ctx: ProbeContext, units: readonly string[]): Promise<UnitStates> {
  if (units.length === 0) return { ok: true, active: new Map() };
  const r = await ctx.run('systemctl', ['is-active', ...units]);
  return parseIsActive(r.stdout, r.stderr, units);
}

/** Without systemctl, a product is recognised by the directory its package installs. */
async function productsByInstallPath(ctx: ProbeContext): Promise<KnownProduct[]> {
  const found: KnownProduct[] = [];
  for (const p of KNOWN_PRODUCTS) {
    const s = await ctx.stat(p.installPath).catch((e: unknown) => {
      if (e instanceof PermissionDeniedError) return undefined;
      throw e;
    });
    if (s?.type === 'directory') found.push(p);
  }
  return found;
}

async function addMdatpHealth(ctx: ProbeContext, why: Why, i: number, product: Product): Promise<void> {
  const set = (reason: Reason) => {
    why.set(`products.${i}.realtimeProtection`, reason);
    why.set(`products.${i}.signaturesUpdatedAt`, reason);
  };
  const r = await runIfInstalled(ctx, 'mdatp', ['health', '--output', 'json']);
  if (!r) return set(because('command.missing', { command: 'mdatp' }));
  const health = r.exitCode === 0 ? parseMdatpHealth(r.stdout) : null;
  if (!health) return set(r.exitCode === 0 ? because('command.unexpected-output', { command: 'mdatp health' }, firstLine(r.stdout)) : because('command.failed', { command: 'mdatp health', exitCode: r.exitCode }, saidBy(r)));
  product.realtimeProtection = health.realtimeProtection ?? why.set(`products.${i}.realtimeProtection`, because('value.missing', { source: 'mdatp health', name: 'realTimeProtectionEnabled' }));
  product.signaturesUpdatedAt = health.definitionsUpdatedAt ?? why.set(`products.${i}.signaturesUpdatedAt`, because('value.missing', { source: 'mdatp health', name: 'definitionsUpdated' }));
}

interface ServiceStates {
  readonly daemonActive: boolean | null;
  readonly freshclamActive: boolean | null;
  readonly onAccessActive: boolean | null;
}

/** clamscan is in Debian's "clamav" package, clamd in "clamav-daemon", which does not depend on it. */
const clamavVersionOf = async (ctx: ProbeContext) => (await versionOf(ctx, 'clamscan')) ?? (await versionOf(ctx, 'clamd'));

/** `versionOut` is what clamavVersionOf said: undefined when neither program is installed. */
async function collectClamav(ctx: ProbeContext, why: Why, versionOut: string | undefined, services: ServiceStates): Promise<NonNullable<AntivirusEvidence['clamav']>> {
  if (versionOut === undefined) {
    const absent = because('clamav.not-installed');
    for (const f of ['version', 'databaseDirectory', 'databaseFiles', 'dailyVersion', 'databaseBuiltAt', 'logFile', 'lastScanAt']) why.set(`clamav.${f}`, absent);
    return {
      installed: false,
      version: null,
      ...services,
      onAccessConfigured: false,
      databaseDirectory: null,
      databaseFiles: null,
      dailyVersion: null,
      databaseBuiltAt: null,
      logFile: null,
      lastScanAt: null,
    };
  }
  const parsed = parseClamVersion(versionOut);
  const version = parsed?.version ?? why.set('clamav.version', because('command.unexpected-output', { command: 'clamscan --version' }, firstLine(versionOut)));

  const [freshclamConf, clamdConf] = await Promise.all([readFirstConf(ctx, FRESHCLAM_CONF), readFirstConf(ctx, CLAMD_CONF)]);

  let databaseDirectory: string | null;
  if (freshclamConf.kind === 'denied') databaseDirectory = why.set('clamav.databaseDirectory', because('file.unreadable', { path: freshclamConf.path }));
  else databaseDirectory = (freshclamConf.kind === 'read' ? freshclamConf.conf.get('DatabaseDirectory')?.at(-1) : undefined) || DEFAULT_DATABASE_DIRECTORY;

  let onAccessConfigured: boolean | null;
  let logFile: string | null;
  if (clamdConf.kind === 'read') {
    onAccessConfigured = clamdConf.conf.has('OnAccessIncludePath') || clamdConf.conf.has('OnAccessMountPath');
    logFile = clamdConf.conf.get('LogFile')?.at(-1) || null;
  } else if (clamdConf.kind === 'missing') {
    // No clamd configuration: clamd is not set up, so it neither scans on access nor logs.
    onAccessConfigured = false;
    logFile = null;
  } else {
    onAccessConfigured = why.set('clamav.onAccessConfigured', because('file.unreadable', { path: clamdConf.path }));
    logFile = why.set('clamav.logFile', because('file.unreadable', { path: clamdConf.path }));
  }

  const db = databaseDirectory === null ? null : await readDatabase(ctx, why, databaseDirectory);
  if (databaseDirectory === null) for (const f of ['databaseFiles', 'dailyVersion', 'databaseBuiltAt']) why.set(`clamav.${f}`, because('clamav.database-directory-unknown'));

  return {
    installed: true,
    version,
    ...services,
    onAccessConfigured,
    databaseDirectory,
    databaseFiles: db?.files ?? null,
    dailyVersion: db?.daily?.version ?? null,
    databaseBuiltAt: db?.daily?.builtAt ?? null,
    logFile,
    lastScanAt: why.set('clamav.lastScanAt', NO_SCAN_RECORD),
  };
}

/** stdout of `<tool> --version`, or undefined when the tool is not installed. */
async function versionOf(ctx: ProbeContext, tool: string): Promise<string | undefined> {
  const r = await runIfInstalled(ctx, tool, ['--version']);
  return r && (r.stdout || r.stderr);
}

type ConfRead = { kind: 'read'; path: string; conf: Map<string, string[]> } | { kind: 'denied'; path: string } | { kind: 'missing' };

async function readFirstConf(ctx: ProbeContext, paths: readonly string[]): Promise<ConfRead> {
  for (const path of paths) {
    try {
      const text = await ctx.readFile(path);
      if (text !== undefined) return { kind: 'read', path, conf: parseClamConf(text) };
    } catch (e) {
      if (e instanceof PermissionDeniedError) return { kind: 'denied', path };
      throw e;
    }
  }
  return { kind: 'missing' };
}

async function readDatabase(ctx: ProbeContext, why: Why, dir: string): Promise<{ files: string[] | null; daily: CvdHeader | null }> {
  let entries: string[] | undefined;
  try {
    entries = await ctx.listDir(dir);
  } catch (e) {
    if (!(e instanceof PermissionDeniedError)) throw e;
    const reason = because('file.unreadable', { path: dir });
    for (const f of ['databaseFiles', 'dailyVersion', 'databaseBuiltAt']) why.set(`clamav.${f}`, reason);
    return { files: null, daily: null };
  }
  const files = (entries ?? []).filter((name) => /\.(cvd|cld)$/.test(name));
  let daily: CvdHeader | null = null;
  const problems: Reason[] = [];
  // freshclam keeps daily.cvd when it downloads whole files and daily.cld after applying diffs; if both
  // are present libclamav loads the newer one, so take the higher version.
  for (const name of ['daily.cld', 'daily.cvd']) {
    if (!files.includes(name)) continue;
    let head: string | undefined;
    try {
      head = await ctx.readFile(`${dir}/${name}`, { maxBytes: 512 });
    } catch (e) {
      if (!(e instanceof PermissionDeniedError)) throw e;
      problems.push(because('file.unreadable', { path: `${dir}/${name}` }));
      continue;
    }
    const header = head === undefined ? null : parseCvdHeader(head);
    // An empty file is what an interrupted download or diff update leaves behind.
    if (!header) problems.push(head === '' ? because('clamav.database-empty', { file: name }) : because('clamav.database-no-header', { file: name }));
    else if (!daily || header.version > daily.version) daily = header;
  }
  if (!daily) {
    const reason = problems[0] ?? because('clamav.no-signatures', { dir });
    why.set('clamav.dailyVersion', reason);
    why.set('clamav.databaseBuiltAt', reason);
  } else if (daily.builtAt === null) why.set('clamav.databaseBuiltAt', because('clamav.no-build-time'));
  return { files, daily };
}

function copyReason(why: Why, from: string, to: string): void {
  const reason = why.map[from];
  if (reason !== undefined) why.set(to, reason);
}
