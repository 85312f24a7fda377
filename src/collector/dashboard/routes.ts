/**
 * The administrator's web dashboard as a fastify plugin: server-rendered pages over the ReadStore, behind the
 * collector's `requireAdmin` preHandler (the login form itself is public; POST /login and /logout are the
 * collector's). No script runs on any page; every answer carries a strict Content-Security-Policy.
 */
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { hostname as machineName } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import { DASHBOARD_MESSAGES as M } from '../../i18n/dashboard-messages.ts';
import { loadCatalogs } from '../../policy/load.ts';
import { formatPath } from '../../source-errors.ts';
import { CheckId, type Catalog } from '../../policy/schema.ts';
import { CheckStatus } from '../../report/vocabulary.ts';
import { HostnameSearch, type AdminStore, type DeviceAdminStore, type LifecycleStore, type ReadStore } from '../store.ts';
import { renderAuditPage } from './audit-page.ts';
import { CSV_BOM, csvRow } from '../csv.ts';
import { ItemState, type CountedDevice, type ItemMatrixRow } from '../read-model.ts';
import { FLEET_CATALOGS } from '../report-facts.ts';
import { shownReport, type ShownReport } from '../report-view.ts';
import { GUIDELINE_STATUS_LABEL } from '../../i18n/messages.ts';
import { itemLabel } from './check-view.ts';
import { renderItemPage } from './item-page.ts';
import { GATE_PROFILE, renderTeleworkPage } from './telework-page.ts';
import { chooseLang, LANG_COOKIE } from './choose-lang.ts';
import { renderDevicePage } from './device-page.ts';
import { DEVICE_FILTERS, RESULT_FILTERS, renderDevicesPage } from './devices-page.ts';
import { renderFleetPage } from './fleet-page.ts';
import type { Html } from './html.ts';
import { errorPage, STYLESHEET_PATH, t, type View } from './layout.ts';
import { localPath } from '../local-path.ts';
import { renderLoginPage } from './login-page.ts';
import { renderSelfcheckPage } from './selfcheck-page.ts';
import { renderAddPcsPage, type UrlSource } from './add-pcs-page.ts';
import { findPackages, recognisePackage, type PackageKind } from './install-commands.ts';
import { isLoopback } from '../../transport/send.ts';
import { AGENT_VERSION } from '../../paths.ts';
import { shortIp } from '../tls-files.ts';
import { STYLESHEET } from './stylesheet.ts';

/** The bundled policy's profiles (policies/baseline.yaml; test/dashboard.test.ts keeps them in step). */
export const DEFAULT_PROFILES = ['baseline', 'telework-return'] as const;

/** The reads the pages make (the rest of ReadStore serves the JSON API and exports). */
export type DashboardReads = Pick<ReadStore, 'fleetSummary' | 'listDevices' | 'deviceHistory' | 'itemDevices' | 'gateDecisions' | 'deviceReport' | 'exportItems'>;

export interface DashboardOptions {
  readonly read: DashboardReads;
  /** The collector's admin check: lets an administrator through, answers 401 or redirects to /login otherwise. */
  readonly requireAdmin: preHandlerHookHandler;
  readonly now?: () => Date;
  /** IANA zone for times on the pages; the collector's own by default. */
  readonly timeZone?: string;
  /** Profiles offered on the fleet page. */
  readonly profiles?: readonly string[];
  /** Catalogs naming the IPA item groups; the bundled ones by default. */
  readonly catalogs?: ReadonlyMap<string, Catalog>;
  readonly pageSize?: number;
  /** Reports shown on a device's page, newest first. */
  readonly historyLimit?: number;
  /** Retire and delete from the device page, and the audit list; absent: the pages offer neither. */
  readonly lifecycle?: LifecycleStore & Pick<DeviceAdminStore, 'revokeDevice'> & Pick<AdminStore, 'adminAudit'>;
  /** What the Add PCs page shows and /packages serves; without it the page says only what it can. */
  readonly addPcs?: AddPcsOptions;
}

export interface AddPcsOptions {
  /** --public-url: the address PCs use, when the administrator gave it. */
  readonly publicUrl?: string;
  /** The collector's listening URL once it listens (a fallback when the browser is on this machine). */
  readonly listenUrl: () => string | null;
  readonly caFingerprint: string | null;
  /** The names the served certificate is valid for (it may be renewed while the collector runs); null: not tls init's. */
  readonly certificateNames: () => { readonly names: readonly string[]; readonly ips: readonly string[] } | null;
  /** --packages: installers served at /packages/<file>. */
  readonly packagesDir: string | null;
  readonly enrollSecret: () => Promise<string>;
}

const PACKAGE_TYPES: Record<PackageKind['format'], string> = {
  msi: 'application/x-msi',
  'tar.gz': 'application/gzip',
  deb: 'application/vnd.debian.binary-package',
  rpm: 'application/x-rpm',
};

/**
 * The collector's address for the Add PCs page: --public-url when given; else the address this browser used
 * (it reached the collector, so a PC on the same network likely can), unless that is this machine's loopback,
 * which no other PC can use; then the listening address with this machine's name.
 */
export function addPcsUrl(options: Pick<AddPcsOptions, 'publicUrl' | 'listenUrl'>, request: { protocol: string; host: string }): { url: string; source: UrlSource } {
  if (options.publicUrl) return { url: options.publicUrl, source: 'option' };
  let browser: URL | null = null;
  try {
    browser = new URL(`${request.protocol}://${request.host}`);
  } catch {
    browser = null;
  }
  const listened = options.listenUrl();
  if (browser && (!isLoopback(browser.hostname) || !listened)) return { url: browser.origin, source: 'browser' };
  return { url: reachableUrl(listened ?? 'http://127.0.0.1'), source: 'listen' };
}

/**
 * The host of the address when tls init's certificate is not valid for it (agents would refuse the collector
 * there), with the option that adds it at the next `tls renew`; null when it is covered.
 */
export function hostOutside(url: string, cert: { readonly names: readonly string[]; readonly ips: readonly string[] }): { host: string; option: '--name' | '--ip' } | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host)) return cert.ips.includes(shortIp(host)) ? null : { host, option: '--ip' };
  return cert.names.some((n) => n.toLowerCase() === host) ? null : { host, option: '--name' };
}

/** A listening URL as another PC can use it: every interface (0.0.0.0, ::) becomes this machine's name. */
export const reachableUrl = (listenUrl: string): string => listenUrl.replace(/\/\/(0\.0\.0\.0|\[::\]):/, `//${machineName().toLowerCase()}:`);

/** The headers of every dashboard answer (the login form, the pages, their errors, the stylesheet). */
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer a browser posts the login form with "Origin: null", and the
  // collector refuses forms from anywhere but itself (login CSRF). Other sites still get no referrer.
  'referrer-policy': 'same-origin',
  // Pages show who is failing what: no shared cache may keep them.
  'cache-control': 'no-store',
} as const;

const Lang = z.enum(['ja', 'en']).optional();
// Unknown parameters are ignored (a link with ?utm=… still works); known ones must be well formed.
const LoginQuery = z.object({ lang: Lang, error: z.string().optional(), next: z.string().max(2048).optional() });
const ProfileName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a profile name such as baseline');
const PageNumber = z.coerce.number().int().min(1).max(1_000_000);
const FleetQuery = z.object({ lang: Lang, profile: ProfileName.optional() });
const DevicesQuery = z.object({
  lang: Lang,
  filter: z.enum(DEVICE_FILTERS).optional(),
  q: HostnameSearch.optional(),
  page: PageNumber.optional(),
  result: z.enum(RESULT_FILTERS).optional(),
  // The fleet page's check counts: the devices whose newest report of the profile gave this check this status.
  check: CheckId.optional(),
  status: CheckStatus.optional(),
  profile: ProfileName.optional(),
});
const DeviceParams = z.object({ deviceId: z.uuid() });
const ReportParams = z.object({ deviceId: z.uuid(), reportId: z.uuid() });
const ItemParams = z.object({ ref: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9.-]+$/) });
const ItemQuery = FleetQuery.extend({ state: ItemState.optional(), page: PageNumber.optional() });
const LifecycleForm = z.object({ confirm: z.literal('yes') });
/** Entries on the audit page and on a device's page. */
const AUDIT_LIMIT = 200;

/**
 * A form that changes something must come from the dashboard's own pages: the browser's Origin (or, when it
 * sends none, the Referer) must be this collector. The session cookie is SameSite=Strict already, but HTTP Basic
 * credentials a browser remembers would go with a form posted from another site.
 */
function fromOwnPage(request: FastifyRequest): boolean {
  const own = `${request.protocol}://${request.headers.host ?? ''}`;
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === own;
  const referer = request.headers.referer;
  return referer !== undefined && (referer === own || referer.startsWith(`${own}/`));
}

const TeleworkQuery = z.object({ lang: Lang, decision: z.enum(['go', 'no-go', 'cannot-tell']).optional(), page: PageNumber.optional() });
/**
 * Devices per page of the lists whose rows open each device's report (an item's devices, the telework-return
 * decisions): reading a stored report costs about 0.7 ms (gunzip and JSON), so a page reads at most this many.
 */
const REPORTS_PAGE = 25;

/**
 * Reports the pages showed lately, by device and report id. A stored report never changes, and the lists an
 * administrator goes back to (an item's failing PCs, the telework-return list) show the same few again:
 * kept, they are not read, unzipped and parsed again (about 1 ms each). Without probe evidence a kept report
 * is some 20 KB, so the cache holds a few megabytes at most.
 */
const REPORT_CACHE_SIZE = 500;

function reportReader(read: DashboardReads) {
  const cache = new Map<string, ShownReport | null>();
  return async function loadReports(devices: readonly Pick<CountedDevice, 'deviceId' | 'reportId'>[]): Promise<Map<string, ShownReport | null>> {
    const reports = new Map<string, ShownReport | null>();
    for (const d of devices) {
      if (d.reportId === null || reports.has(d.reportId)) continue;
      const key = `${d.deviceId}/${d.reportId}`;
      let shown = cache.get(key);
      if (shown === undefined) {
        const stored = await read.deviceReport(d.deviceId, d.reportId);
        // A report not (or no longer) stored is not kept: retention may have deleted it.
        if (!stored) {
          reports.set(d.reportId, null);
          continue;
        }
        shown = shownReport(stored);
      }
      cache.delete(key);
      cache.set(key, shown);
      if (cache.size > REPORT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      reports.set(d.reportId, shown);
    }
    return reports;
  };
}

/** The CSV of the item × device matrix: a row per device, a column per 自社診断 and 5か条 item, the status in words. */
async function* itemMatrixCsv(rows: AsyncIterable<ItemMatrixRow>, catalogs: ReadonlyMap<string, Catalog>, view: View): AsyncIterable<string> {
  const refs = FLEET_CATALOGS.flatMap((id) => catalogs.get(id)?.items.map((i) => `${id}:${i.id}`) ?? []);
  yield CSV_BOM + csvRow([t(M.hostname, view), t(M.os, view), t(M.scanned, view), ...refs.map((ref) => itemLabel(ref, catalogs, view)), t(M.deviceId, view)]);
  for await (const r of rows) {
    const status = (ref: string) => {
      const s = r.items[ref];
      return s === undefined ? t(M.noData, view) : t(GUIDELINE_STATUS_LABEL[s as keyof typeof GUIDELINE_STATUS_LABEL] ?? { ja: s, en: s }, view);
    };
    yield csvRow([r.hostname, r.osName, r.finishedAt, ...refs.map(status), r.deviceId]);
  }
}
const AddPcsQuery = z.object({ lang: Lang, secret: z.literal('show').optional() });

export function registerDashboard(app: FastifyInstance, options: DashboardOptions): void {
  void app.register(async (scope) => {
    if (!scope.hasRequestDecorator('cookies')) await scope.register(cookie);
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) await scope.register(formbody);
    const catalogs = options.catalogs ?? (await loadCatalogs());
    const now = options.now ?? (() => new Date());
    const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const profiles = options.profiles ?? DEFAULT_PROFILES;
    const pageSize = options.pageSize ?? 50;
    const historyLimit = options.historyLimit ?? 100;
    const loadReports = reportReader(options.read);

    // onRequest runs before requireAdmin, so its 401s and redirects carry the headers too.
    scope.addHook('onRequest', async (_request, reply) => {
      reply.headers(SECURITY_HEADERS);
    });

    /** What a page needs to know about its request; `now` is the one instant the page and its reads use. */
    function viewOf(request: FastifyRequest, reply: FastifyReply, signedIn: boolean): View {
      const url = new URL(request.url, 'http://dashboard.invalid');
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) if (k !== 'lang') query[k] = v;
      const choice = chooseLang({ query: url.searchParams.get('lang'), cookie: request.cookies[LANG_COOKIE], acceptLanguage: request.headers['accept-language'] });
      if (choice.remember) reply.setCookie(LANG_COOKIE, choice.lang, { path: '/', sameSite: 'lax', httpOnly: true, secure: request.protocol === 'https', maxAge: 365 * 86_400 });
      reply.header('content-language', choice.lang).header('vary', 'Accept-Language, Cookie');
      // requireAdmin puts the administrator's name on the request (src/collector/server.ts).
      const admin = (request as { admin?: unknown }).admin;
      return { lang: choice.lang, path: url.pathname, query, timeZone, now: now(), signedIn, admin: typeof admin === 'string' ? admin : null };
    }

    const send = (reply: FastifyReply, status: number, body: Html) => reply.code(status).type('text/html; charset=utf-8').send(body.text);

    function badRequest(reply: FastifyReply, view: View, error: z.ZodError) {
      const first = error.issues[0]!;
      return send(reply, 400, errorPage(view, t(M.badRequest, view), `${formatPath(first.path)}: ${first.message}`));
    }

    scope.get(STYLESHEET_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET));

    scope.get('/login', async (request, reply) => {
      const view = viewOf(request, reply, false);
      const q = LoginQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      return send(reply, 200, renderLoginPage(view, { error: q.data.error === '1', next: localPath(q.data.next) }));
    });

    const admin = { preHandler: options.requireAdmin };

    scope.get('/', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const q = FleetQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      const summary = await options.read.fleetSummary({ profile: q.data.profile ?? 'baseline', now: view.now });
      return send(reply, 200, renderFleetPage(summary, view, { profiles, catalogs }));
    });

    scope.get('/devices', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const q = DevicesQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      const check = q.data.check !== undefined && q.data.status !== undefined ? { id: q.data.check, status: q.data.status } : undefined;
      const list = { filter: q.data.filter ?? 'all', search: q.data.q?.trim() ?? '', page: q.data.page ?? 1, pageSize, result: q.data.result, check, profile: q.data.profile ?? 'baseline' } as const;
      const devices = await options.read.listDevices({
        now: view.now,
        limit: pageSize,
        offset: (list.page - 1) * pageSize,
        filter: list.filter,
        ...(list.search ? { search: list.search } : {}),
        ...(list.result ? { result: list.result, profile: list.profile } : {}),
        ...(list.check ? { check: list.check, profile: list.profile } : {}),
      });
      return send(reply, 200, renderDevicesPage(devices, view, list));
    });

    /** The device page, showing the checks of one of its reports (the newest unless the path names one). */
    async function devicePage(request: FastifyRequest, reply: FastifyReply, view: View, reportId: string | null) {
      const p = DeviceParams.safeParse(request.params);
      const history = p.success ? await options.read.deviceHistory(p.data.deviceId, { now: view.now, limit: historyLimit }) : null;
      if (!history) return send(reply, 404, errorPage(view, t(M.notFound, view), t(M.deviceNotFound, view)));
      const shownId = reportId ?? history.reports[0]?.reportId ?? null;
      const stored = shownId === null ? null : await options.read.deviceReport(history.device.deviceId, shownId);
      if (reportId !== null && !stored) return send(reply, 404, errorPage(view, t(M.notFound, view), t(M.reportNotFound, view)));
      const shown = stored ? { reportId: stored.reportId, report: shownReport(stored) } : null;
      const audit = options.lifecycle ? await options.lifecycle.deviceAudit({ limit: AUDIT_LIMIT, deviceId: history.device.deviceId }) : undefined;
      return send(reply, 200, renderDevicePage(history, view, { complete: history.reports.length < historyLimit, shown, catalogs, audit }));
    }

    if (options.lifecycle) {
      const lifecycle = options.lifecycle;
      for (const action of ['retire', 'revoke', 'delete'] as const) {
        scope.post(`/devices/:deviceId/${action}`, admin, async (request, reply) => {
          const view = viewOf(request, reply, true);
          if (!fromOwnPage(request)) return send(reply, 403, errorPage(view, t(M.forbidden, view), t(M.crossSite, view)));
          const p = DeviceParams.safeParse(request.params);
          if (!p.success) return send(reply, 404, errorPage(view, t(M.notFound, view), t(M.deviceNotFound, view)));
          if (!LifecycleForm.safeParse(request.body ?? {}).success) return send(reply, 400, errorPage(view, t(M.badRequest, view), t(M.confirmMissing, view)));
          const by = { admin: view.admin ?? 'admin', at: now() };
          const done =
            action === 'retire'
              ? await lifecycle.retireDevice(p.data.deviceId, by)
              : action === 'revoke'
                ? await lifecycle.revokeDevice(p.data.deviceId, by)
                : await lifecycle.deleteDevice(p.data.deviceId, by);
          if (!done && action !== 'retire') return send(reply, 404, errorPage(view, t(M.notFound, view), t(M.deviceNotFound, view)));
          request.log.info({ admin: by.admin, deviceId: p.data.deviceId, action }, 'device lifecycle');
          // A device already retired stays as it is; its page says so.
          return reply.redirect(action === 'delete' ? '/audit' : `/devices/${p.data.deviceId}`, 303);
        });
      }

      scope.get('/audit', admin, async (request, reply) => {
        const view = viewOf(request, reply, true);
        const [devices, admins] = await Promise.all([lifecycle.deviceAudit({ limit: AUDIT_LIMIT }), lifecycle.adminAudit({ limit: AUDIT_LIMIT })]);
        return send(reply, 200, renderAuditPage(devices, admins, view));
      });
    }

    scope.get('/devices/:deviceId', admin, async (request, reply) => devicePage(request, reply, viewOf(request, reply, true), null));

    scope.get('/devices/:deviceId/reports/:reportId', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const p = ReportParams.safeParse(request.params);
      if (!p.success) return send(reply, 404, errorPage(view, t(M.notFound, view), t(M.reportNotFound, view)));
      return devicePage(request, reply, view, p.data.reportId);
    });

    scope.get('/items/:ref', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const q = ItemQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      const p = ItemParams.safeParse(request.params);
      const [catalogId = '', itemId = ''] = p.success ? p.data.ref.split(':') : [];
      const catalog = (FLEET_CATALOGS as readonly string[]).includes(catalogId) ? catalogs.get(catalogId) : undefined;
      const item = catalog?.items.find((i) => i.id === itemId);
      if (!p.success || !catalog || !item) return send(reply, 404, errorPage(view, t(M.notFound, view), t(M.itemNotFound, view)));
      const ref = p.data.ref;
      const profile = q.data.profile ?? 'baseline';
      const summary = await options.read.fleetSummary({ profile, now: view.now });
      const counts = summary.items.find((i) => i.ref === ref)!.devices;
      // Without a state asked for: the worst one any device is in.
      const state = q.data.state ?? (['fails', 'partly', 'cannotTell', 'meets', 'notApplicable', 'noData'] as const).find((s) => counts[s] > 0) ?? 'noData';
      const pageNo = q.data.page ?? 1;
      const list = { devices: await options.read.itemDevices({ profile, ref, state, limit: REPORTS_PAGE, offset: (pageNo - 1) * REPORTS_PAGE }), total: counts[state] };
      const explained = state === 'fails' || state === 'partly' || state === 'cannotTell';
      const reports = explained ? await loadReports(list.devices) : new Map<string, ShownReport | null>();
      let evidence = [...reports.values()].find((r) => r?.guidelines.some((g) => g.ref === ref)) ?? null;
      if (!evidence) {
        // The checks that evidence the item, as a report that has it says: any device with a status for it.
        for (const s of ['meets', 'fails', 'partly', 'cannotTell', 'notApplicable'] as const) {
          if (counts[s] === 0) continue;
          const one = await options.read.itemDevices({ profile, ref, state: s, limit: 1, offset: 0 });
          evidence = (await loadReports(one)).values().next().value ?? null;
          break;
        }
      }
      return send(reply, 200, renderItemPage({ ref, catalog, item, counts, profile, state, list, page: pageNo, pageSize: REPORTS_PAGE, reports, evidence, catalogs }, view));
    });

    scope.get('/telework', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const q = TeleworkQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      const pageNo = q.data.page ?? 1;
      const gates = await options.read.gateDecisions({ profile: GATE_PROFILE, limit: REPORTS_PAGE, offset: (pageNo - 1) * REPORTS_PAGE, ...(q.data.decision ? { decision: q.data.decision } : {}) });
      const enrolled = (await options.read.fleetSummary({ profile: GATE_PROFILE, now: view.now })).devices.total;
      const reports = await loadReports(gates.devices.filter((d) => d.blocking.length + d.undecided.length > 0));
      return send(reply, 200, renderTeleworkPage({ gates, enrolled, decision: q.data.decision, reports, page: pageNo, pageSize: REPORTS_PAGE }, view));
    });

    // The item × device matrix for Excel: UTF-8 with a byte order mark, Japanese headers, every cell neutralised.
    scope.get('/export/items.csv', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const q = FleetQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      const profile = q.data.profile ?? 'baseline';
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tenken-items-${profile}.csv"`);
      return reply.send(Readable.from(itemMatrixCsv(options.read.exportItems({ profile }), catalogs, view)));
    });

    scope.get('/add-pcs', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const q = AddPcsQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      const add = options.addPcs ?? { listenUrl: () => null, caFingerprint: null, certificateNames: () => null, packagesDir: null, enrollSecret: async () => '' };
      const { url, source } = addPcsUrl(add, request);
      const packages = add.packagesDir ? await findPackages(add.packagesDir).catch(() => []) : [];
      const secret = q.data.secret === 'show' ? await add.enrollSecret() : null;
      const names = add.certificateNames();
      const uncovered = names ? hostOutside(url, names) : null;
      return send(reply, 200, renderAddPcsPage({ url, urlSource: source, secret, caFingerprint: add.caFingerprint, uncovered, packagesDir: add.packagesDir, packages, version: AGENT_VERSION }, view));
    });

    // Public on purpose: an installer holds no secret (enrolling needs the enroll secret), and a staff PC
    // fetching one must not need an administrator's password typed on it. Only the file names the Add PCs
    // page recognises are served, from the --packages folder itself, never a listing or another path.
    scope.get<{ Params: { file: string } }>('/packages/:file', async (request, reply) => {
      const dir = options.addPcs?.packagesDir;
      const known = recognisePackage(request.params.file);
      const view = () => viewOf(request, reply, false);
      if (!dir || !known) return send(reply, 404, errorPage(view(), t(M.notFound, view()), t(M.notFound, view())));
      const path = join(dir, request.params.file);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) return send(reply, 404, errorPage(view(), t(M.notFound, view()), t(M.notFound, view())));
      return reply
        .type(PACKAGE_TYPES[known.kind.format])
        .header('content-length', String(info.size))
        .header('content-disposition', `attachment; filename="${request.params.file}"`)
        .send(createReadStream(path));
    });

    scope.get('/selfcheck', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const q = FleetQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      const summary = await options.read.fleetSummary({ profile: q.data.profile ?? 'baseline', now: view.now });
      return send(reply, 200, renderSelfcheckPage(summary, view));
    });
  });
}
