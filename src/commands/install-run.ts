/**
 * What `tenken install` and `tenken uninstall` do (src/commands/install.ts declares them; this loads only when
 * one of them runs, so that no other command loads the agent's state and transport code for them).
 */
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EXIT, ExitWith } from '../exit-codes.ts';
import { fill } from '../fix/text.ts';
import type { Host } from '../host/host.ts';
import { detectLang, type Lang } from '../i18n/lang.ts';
import { INSTALL_MESSAGES as M } from '../i18n/install-messages.ts';
import { AGENT_VERSION } from '../paths.ts';
import { joinStatePath } from '../state-dirs.ts';
import { AgentConfig, AgentStateError, agentStateDir, ensureStateDir, loadIdentity, readStateFile, writeStateFile } from '../transport/agent-state.ts';
import { caFromPem, normalizeFingerprint } from '../transport/ca-pin.ts';
import { DeliveryUsageError } from '../transport/errors.ts';
import type { CliDeps } from './deps.ts';
import { installScheduledScan, removeScheduledScan } from './schedule-run.ts';

/** Long enough for a collector on the LAN or the internet, short enough that an offline PC's install does not hang. */
export const INSTALL_ENROLL_TIMEOUT_MS = 10_000;

export interface InstallOptions {
  collector?: string;
  secret?: string;
  caFile?: string;
  caFingerprint?: string;
  every: number;
  lang?: Lang;
}
export interface UninstallOptions {
  purge?: boolean;
  lang?: Lang;
}

const usage = (lang: Lang, text: { ja: string; en: string }): never => {
  throw new DeliveryUsageError(text[lang]);
};

/** The CA to pin from the options: a new one replaces both earlier fields; none keeps what is configured. */
async function caFromOptions(opts: InstallOptions, lang: Lang): Promise<Pick<AgentConfig, 'caCert' | 'caFingerprint'> | undefined> {
  if (opts.caFile && opts.caFingerprint) usage(lang, M.twoCas);
  if (opts.caFile) {
    const pem = await readFile(opts.caFile, 'utf8').catch((e: NodeJS.ErrnoException) => usage(lang, fill(M.caFileUnreadable, { file: opts.caFile!, reason: e.code ?? e.message })));
    caFromPem(pem, opts.caFile, lang);
    return { caCert: pem };
  }
  if (opts.caFingerprint) {
    const fingerprint = normalizeFingerprint(opts.caFingerprint);
    if (!fingerprint) usage(lang, fill(M.badFingerprint, { fingerprint: opts.caFingerprint }));
    return { caFingerprint: fingerprint! };
  }
  return undefined;
}

/**
 * Everything tenken install says also goes to install.log in the state folder: an installer (msiexec, a
 * package manager, MDM) does not show a program's output, so that file is where an administrator reads
 * whether the PC was enrolled, or why not.
 */
export async function runInstall(opts: InstallOptions, deps: CliDeps): Promise<never> {
  const lines: string[] = [];
  let host: Host | undefined;
  const logged: CliDeps = {
    ...deps,
    createHost: async () => (host = await deps.createHost()),
    stdout: (t) => (lines.push(t), deps.stdout(t)),
    stderr: (t) => (lines.push(t), deps.stderr(t)),
  };
  try {
    return await install(opts, logged);
  } catch (e) {
    if (!(e instanceof ExitWith)) lines.push(`tenken: ${(e as Error).message}\n`);
    throw e;
  } finally {
    if (host?.isAdmin) await appendInstallLog(agentStateDir(host, deps.env), `${new Date().toISOString()} tenken ${AGENT_VERSION} install\n${lines.join('')}`);
  }
}

async function appendInstallLog(dir: string, text: string): Promise<void> {
  try {
    await ensureStateDir(dir);
    await appendFile(joinStatePath(dir, 'install.log'), text, { mode: 0o600 });
  } catch {
    // The log is a courtesy: the installation itself has succeeded or failed on its own terms.
  }
}

async function install(opts: InstallOptions, deps: CliDeps): Promise<never> {
  const lang = opts.lang ?? detectLang(deps.env);
  const out = (line: string) => deps.stdout(`${line}\n`);
  const host = await deps.createHost();
  const [{ requireAdmin, deliveryContext, enrollWithConfig }, { collectorUrl }, { EnrollFailedError }, { collectIdentity }] = await Promise.all([
    import('../transport/deliver.ts'),
    import('../transport/send.ts'),
    import('../transport/enroll.ts'),
    import('../scan/identity.ts'),
  ]);
  requireAdmin(host, lang === 'ja' ? 'インストール' : 'Installing', 'tenken install --collector … --secret …', lang);
  const ctx = { ...deliveryContext(host, deps.env), timeoutMs: INSTALL_ENROLL_TIMEOUT_MS, ...deps.delivery };

  if (host.platform === 'win32') await restrictWindowsStateDir(host, ctx.paths.dir, out, lang);

  const collector = opts.collector?.trim();
  const secret = opts.secret || deps.env.TENKEN_ENROLL_SECRET || '';
  const ca = await caFromOptions(opts, lang);
  let existing: AgentConfig | undefined;
  try {
    existing = await readStateFile(ctx.configPath, AgentConfig);
  } catch (e) {
    // A damaged agent.json is replaced by a complete new one, and only then.
    if (!(e instanceof AgentStateError) || !collector || !secret) throw e;
  }
  // Not given at all is a person's mistake; given empty is an installer passing a property nobody set.
  if (opts.collector === undefined && !existing) usage(lang, M.noCollector);
  const given = Boolean(collector || secret || ca);
  let config: AgentConfig | undefined;
  if (collector || existing) {
    const { caCert, caFingerprint, ...kept } = existing ?? {};
    const merged = {
      ...kept,
      ...(collector ? { collector } : {}),
      ...(secret ? { enrollSecret: secret } : {}),
      // A CA given now replaces the one configured, whichever form either has.
      ...(ca ?? { ...(caCert ? { caCert } : {}), ...(caFingerprint ? { caFingerprint } : {}) }),
    };
    if (!merged.enrollSecret) usage(lang, M.noSecret);
    collectorUrl(merged.collector!, merged.insecure ?? false);
    config = AgentConfig.parse(merged);
  }

  if (config) {
    const identity = await loadIdentity(ctx.paths);
    const enrolledHere = identity && new URL(identity.collector).href === collectorUrl(config.collector, config.insecure ?? false).href;
    if (identity && enrolledHere && !ca) out(fill(M.alreadyEnrolled, { device: identity.deviceId })[lang]);
    else {
      try {
        const { identity: enrolled } = await enrollWithConfig(config, ctx, await collectIdentity(host.section('identity')), lang);
        out(fill(M.enrolled, { device: enrolled.deviceId })[lang]);
      } catch (e) {
        // Refused (a wrong secret, a CA that does not match): nothing is saved, the installer fails.
        if (!(e instanceof EnrollFailedError)) throw e;
        out(fill(M.enrollLater, { reason: e.message, file: ctx.configPath })[lang]);
        if (identity && !enrolledHere) out(fill(M.stillEnrolledElsewhere, { collector: identity.collector })[lang]);
      }
    }
    await saveConfig(ctx.configPath, ctx.paths.dir, config);
    out(fill(given ? M.configWritten : M.configKept, { file: ctx.configPath, collector: config.collector })[lang]);
  }

  await installScheduledScan({ every: opts.every, send: config !== undefined, ...(opts.lang ? { lang: opts.lang } : {}) }, deps);
  if (!config) out(fill(M.notEnrolled, { command: 'tenken install --collector https://… --secret …' })[lang]);
  else out(M.done[lang]);
  throw new ExitWith(EXIT.ok);
}

/**
 * On Windows a folder made under ProgramData inherits read access for every user; the state folder holds the
 * enroll secret (agent.json) and the device key, so it gets SYSTEM and Administrators only, for itself and
 * what it holds (the SIDs, so that a Japanese Windows' group names do not matter). Said, not fatal, if refused.
 */
export const WINDOWS_STATE_ACL = ['/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F'] as const;

async function restrictWindowsStateDir(host: Host, dir: string, out: (line: string) => void, lang: Lang): Promise<void> {
  await ensureStateDir(dir);
  const result = await host.run('icacls', [dir, ...WINDOWS_STATE_ACL]).catch((e: Error) => ({ exitCode: -1, stdout: '', stderr: e.message }));
  if (result.exitCode !== 0) out(fill(M.aclFailed, { dir, reason: (result.stderr || result.stdout).trim() })[lang]);
}

/** agent.json holds the enroll secret: administrators only (mode 600; on Linux in /etc/tenken, elsewhere the state folder). */
async function saveConfig(file: string, stateDir: string, config: AgentConfig): Promise<void> {
  if (dirname(file) === stateDir) await ensureStateDir(stateDir);
  else await mkdir(dirname(file), { recursive: true, mode: 0o755 });
  await writeStateFile(file, config);
}

export async function runUninstall(opts: UninstallOptions, deps: CliDeps): Promise<never> {
  const lang = opts.lang ?? detectLang(deps.env);
  const host = await deps.createHost();
  const { requireAdmin, deliveryContext } = await import('../transport/deliver.ts');
  requireAdmin(host, lang === 'ja' ? 'アンインストール' : 'Uninstalling', `tenken uninstall${opts.purge ? ' --purge' : ''}`, lang);
  const ctx = deliveryContext(host, deps.env);
  await removeScheduledScan({ ...(opts.lang ? { lang: opts.lang } : {}) }, deps);
  if (opts.purge) {
    await rm(ctx.paths.dir, { recursive: true, force: true });
    await rm(ctx.configPath, { force: true });
    deps.stdout(`${fill(M.purged, { dir: ctx.paths.dir, file: ctx.configPath })[lang]}\n`);
  } else deps.stdout(`${fill(M.keptIdentity, { dir: ctx.paths.dir })[lang]}\n`);
  throw new ExitWith(EXIT.ok);
}
