/**
 * The administrator's web dashboard as a fastify plugin: server-rendered pages over the ReadStore, behind the
 * collector's `requireAdmin` preHandler (the login form itself is public; POST /login and /logout are the
 * collector's). No script runs on any page; every answer carries a strict Content-Security-Policy.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { hostname as machineName } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { z } from 'zod';
import { DASHBOARD_MESSAGES as M } from '../../i18n/dashboard-messages.ts';
import { loadCatalogs } from '../../policy/load.ts';
import { formatPath } from '../../source-errors.ts';
import type { Catalog } from '../../policy/schema.ts';
import { HostnameSearch, type ReadStore } from '../store.ts';
import { chooseLang, LANG_COOKIE } from './choose-lang.ts';
import { renderDevicePage } from './device-page.ts';
import { DEVICE_FILTERS, renderDevicesPage } from './devices-page.ts';
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
export type DashboardReads = Pick<ReadStore, 'fleetSummary' | 'listDevices' | 'deviceHistory'>;

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
  /** What the Add PCs page shows and /packages serves; without it the page says only what it can. */
  readonly addPcs?: AddPcsOptions;
}

export interface AddPcsOptions {
  /** --public-url: the address PCs use, when the administrator gave it. */
  readonly publicUrl?: string;
  /** The collector's listening URL once it listens (a fallback when the browser is on this machine). */
  readonly listenUrl: () => string | null;
  readonly caFingerprint: string | null;
  /** What tls init's certificate is valid for; null when the collector serves another certificate. */
  readonly certificateNames: { readonly names: readonly string[]; readonly ips: readonly string[] } | null;
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
const FleetQuery = z.object({ lang: Lang, profile: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a profile name such as baseline').optional() });
const DevicesQuery = z.object({
  lang: Lang,
  filter: z.enum(DEVICE_FILTERS).optional(),
  q: HostnameSearch.optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
});
const DeviceParams = z.object({ deviceId: z.uuid() });
const AddPcsQuery = z.object({ lang: Lang, secret: z.literal('show').optional() });

export function registerDashboard(app: FastifyInstance, options: DashboardOptions): void {
  void app.register(async (scope) => {
    if (!scope.hasRequestDecorator('cookies')) await scope.register(cookie);
    const catalogs = options.catalogs ?? (await loadCatalogs());
    const now = options.now ?? (() => new Date());
    const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const profiles = options.profiles ?? DEFAULT_PROFILES;
    const pageSize = options.pageSize ?? 50;
    const historyLimit = options.historyLimit ?? 100;

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
      const list = { filter: q.data.filter ?? 'all', search: q.data.q?.trim() ?? '', page: q.data.page ?? 1, pageSize } as const;
      const devices = await options.read.listDevices({
        now: view.now,
        limit: pageSize,
        offset: (list.page - 1) * pageSize,
        filter: list.filter,
        ...(list.search ? { search: list.search } : {}),
      });
      return send(reply, 200, renderDevicesPage(devices, view, list));
    });

    scope.get('/devices/:deviceId', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const p = DeviceParams.safeParse(request.params);
      const history = p.success ? await options.read.deviceHistory(p.data.deviceId, { now: view.now, limit: historyLimit }) : null;
      if (!history) return send(reply, 404, errorPage(view, t(M.notFound, view), t(M.deviceNotFound, view)));
      return send(reply, 200, renderDevicePage(history, view, { complete: history.reports.length < historyLimit }));
    });

    scope.get('/add-pcs', admin, async (request, reply) => {
      const view = viewOf(request, reply, true);
      const q = AddPcsQuery.safeParse(request.query);
      if (!q.success) return badRequest(reply, view, q.error);
      const add = options.addPcs ?? { listenUrl: () => null, caFingerprint: null, certificateNames: null, packagesDir: null, enrollSecret: async () => '' };
      const { url, source } = addPcsUrl(add, request);
      const packages = add.packagesDir ? await findPackages(add.packagesDir).catch(() => []) : [];
      const secret = q.data.secret === 'show' ? await add.enrollSecret() : null;
      const uncovered = add.certificateNames ? hostOutside(url, add.certificateNames) : null;
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
