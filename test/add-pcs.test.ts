/**
 * The Add PCs page and the installers it hands out: which file names it recognises and which version wins,
 * how values are quoted for cmd.exe/PowerShell and POSIX sh, what the page shows (the secret only on request,
 * the address and where it came from, the CA fingerprint, the commands), and /packages serving only
 * recognised files from the --packages folder, without a login. The files in the folder are hand-made
 * stand-ins with the names `npm run package` writes: the page reads only their names and sizes.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAddPcsPage, SECRET_PLACEHOLDER } from '../src/collector/dashboard/add-pcs-page.ts';
import { compareVersions, findPackages, installCommands, msiQuote, PACKAGE_KINDS, recognisePackage, shQuote } from '../src/collector/dashboard/install-commands.ts';
import type { View } from '../src/collector/dashboard/layout.ts';
import { addPcsUrl, hostOutside } from '../src/collector/dashboard/routes.ts';
import { startTestCollector, type TestCollector } from './support/collector.ts';

const FP = `sha256:${'5d'.repeat(32)}`;
const view: View = { lang: 'ja', path: '/add-pcs', query: {}, timeZone: 'Asia/Tokyo', now: new Date('2026-12-06T00:00:00Z'), signedIn: true, admin: 'admin' };
const kind = (id: string) => PACKAGE_KINDS.find((k) => k.id === id)!;

describe('installer file names', () => {
  it('recognises the ten names with a semantic version, and nothing else', () => {
    expect(recognisePackage('tenken-0.2.0-windows-x64.msi')).toMatchObject({ kind: { id: 'windows-x64' }, version: '0.2.0' });
    expect(recognisePackage('tenken_1.10.3-rc.1_arm64.deb')).toMatchObject({ kind: { id: 'deb-arm64' }, version: '1.10.3-rc.1' });
    expect(recognisePackage('tenken-0.2.0-1.aarch64.rpm')).toMatchObject({ kind: { id: 'rpm-arm64' } });
    expect(recognisePackage('tenken-0.2.0-macos-x64.tar.gz')).toMatchObject({ kind: { id: 'macos-x64' } });
    for (const name of ['tenken-0.2-windows-x64.msi', 'tenken-01.2.0-windows-x64.msi', '../tenken-0.2.0-windows-x64.msi', 'tenken-0.2.0-windows-x64.msi.part', 'tenken-0.2.0-windows-x86.msi', 'tenken_0.2.0_amd64.deb/x', 'ca.key']) {
      expect(recognisePackage(name), name).toBeUndefined();
    }
  });

  it('orders versions by semver precedence: 0.10.0 after 0.9.0, a release after its pre-releases', () => {
    expect(compareVersions('0.10.0', '0.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0.0-rc.2')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0-rc.10', '1.0.0-rc.2')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0-alpha', '1.0.0-alpha.1')).toBeLessThan(0);
    expect(compareVersions('1.0.0+build.5', '1.0.0')).toBe(0);
  });

  it('finds the newest file of each kind in a folder and ignores the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-packages-'));
    for (const name of ['tenken-0.9.0-windows-x64.msi', 'tenken-0.10.0-windows-x64.msi', 'tenken_0.10.0_amd64.deb', 'notes.txt', 'tenken-0.10.0-windows-x64.msi.sha256']) await writeFile(join(dir, name), 'x'.repeat(10));
    await mkdir(join(dir, 'tenken-0.11.0-macos-x64.tar.gz'));
    const found = await findPackages(dir);
    expect(found.map((p) => p.file)).toEqual(['tenken-0.10.0-windows-x64.msi', 'tenken_0.10.0_amd64.deb']);
    expect(found[0]!.bytes).toBe(10);
    // sha256sum of ten "x": the administrator compares it with Get-FileHash / shasum on the copy.
    expect(found[0]!.sha256).toBe(createHash('sha256').update('x'.repeat(10)).digest('hex'));
    // A file replaced in place (new size and time) is hashed again, not taken from the cache.
    await writeFile(join(dir, 'tenken-0.10.0-windows-x64.msi'), 'y'.repeat(11));
    expect((await findPackages(dir))[0]!.sha256).toBe(createHash('sha256').update('y'.repeat(11)).digest('hex'));
  });
});

describe('install commands', () => {
  const values = { url: 'https://collector.office.lan:8443', secret: 'Zm9v_YmFy-123', caFingerprint: FP };

  it('Windows: msiexec with the public properties, for cmd.exe and for PowerShell after --%', () => {
    const [cmd, ps] = installCommands(kind('windows-x64'), 'tenken-0.2.0-windows-x64.msi', values);
    expect(cmd).toEqual({ shell: 'cmd', command: `msiexec /i tenken-0.2.0-windows-x64.msi /qn COLLECTOR_URL=https://collector.office.lan:8443 ENROLL_SECRET=Zm9v_YmFy-123 CA_FINGERPRINT=${FP}` });
    expect(ps!.command).toBe(`msiexec --% /i tenken-0.2.0-windows-x64.msi /qn COLLECTOR_URL=https://collector.office.lan:8443 ENROLL_SECRET=Zm9v_YmFy-123 CA_FINGERPRINT=${FP}`);
  });

  it('macOS and Linux: the package manager or install.sh, then the values as arguments', () => {
    expect(installCommands(kind('macos-arm64'), 'tenken-0.2.0-macos-arm64.tar.gz', values)[0]!.command).toBe(
      `tar -xzf tenken-0.2.0-macos-arm64.tar.gz && sudo ./tenken/install.sh --collector https://collector.office.lan:8443 --secret Zm9v_YmFy-123 --ca-fingerprint ${FP}`,
    );
    expect(installCommands(kind('deb-x64'), 'tenken_0.2.0_amd64.deb', values)[0]!.command).toBe(
      `sudo apt install ./tenken_0.2.0_amd64.deb && sudo tenken install --collector https://collector.office.lan:8443 --secret Zm9v_YmFy-123 --ca-fingerprint ${FP}`,
    );
    expect(installCommands(kind('rpm-x64'), 'tenken-0.2.0-1.x86_64.rpm', { ...values, caFingerprint: null })[0]!.command).toBe(
      'sudo dnf install ./tenken-0.2.0-1.x86_64.rpm && sudo tenken install --collector https://collector.office.lan:8443 --secret Zm9v_YmFy-123',
    );
  });

  it('quotes what a shell would take apart: POSIX single quotes, msiexec double quotes (and never a bare %)', () => {
    expect(shQuote('plain-value_1.2:3/4')).toBe('plain-value_1.2:3/4');
    expect(shQuote("it's $HOME; rm -rf /")).toBe(`'it'\\''s $HOME; rm -rf /'`);
    expect(shQuote('')).toBe("''");
    expect(msiQuote('https://c.lan:8443')).toBe('https://c.lan:8443');
    expect(msiQuote('a "b" & c')).toBe('"a ""b"" & c"');
    expect(msiQuote('100%PATH%')).toBe('"100%PATH%"');
  });
});

describe('the page', () => {
  const model = { url: 'https://collector.office.lan:8443', urlSource: 'option' as const, secret: null, caFingerprint: FP, uncovered: null, packagesDir: null, packages: [], version: '0.1.0' };

  it('keeps the secret out of the page until asked, with a placeholder in the commands', () => {
    const out = renderAddPcsPage(model, view).text;
    expect(out).toContain('シークレットを表示');
    expect(out).toContain(`ENROLL_SECRET=${SECRET_PLACEHOLDER}`);
    expect(out).toContain(`--ca-fingerprint ${FP}`);
    expect(out).toContain('--packages &lt;フォルダー&gt;');
    // Every kind's command is there, under this collector's version, when no installer was found.
    expect(out).toContain('msiexec /i tenken-0.1.0-windows-arm64.msi');
    expect(out).toContain('sudo apt install ./tenken_0.1.0_arm64.deb');
    const shown = renderAddPcsPage({ ...model, secret: 'Zm9v_YmFy-123' }, { ...view, lang: 'en' }).text;
    expect(shown).toContain('<code id="enroll-secret">Zm9v_YmFy-123</code>');
    expect(shown).toContain('ENROLL_SECRET=Zm9v_YmFy-123');
    expect(shown).toContain('Install commands');
  });

  it('escapes an address with markup as text, after quoting it for the shell', () => {
    const out = renderAddPcsPage({ ...model, url: "https://x.lan/'<script>a</script>" }, view).text;
    expect(out).not.toContain('<script>');
    expect(out).toContain('--collector &#39;https://x.lan/&#39;\\&#39;&#39;&lt;script&gt;a&lt;/script&gt;&#39;');
  });

  it('warns when tls init\'s certificate is not valid for the address shown, with the renew command that adds it', () => {
    const cert = { names: ['collector.office.lan', 'localhost'], ips: ['192.0.2.10', '::1'] };
    expect(hostOutside('https://Collector.Office.LAN:8443', cert)).toBeNull();
    expect(hostOutside('https://192.0.2.10:8443', cert)).toBeNull();
    expect(hostOutside('https://[0:0:0:0:0:0:0:1]:8443', cert)).toBeNull();
    expect(hostOutside('https://192.0.2.11:8443', cert)).toEqual({ host: '192.0.2.11', option: '--ip' });
    expect(hostOutside('https://nas.office.lan:8443', cert)).toEqual({ host: 'nas.office.lan', option: '--name' });
    const out = renderAddPcsPage({ ...model, url: 'https://nas.office.lan:8443', uncovered: { host: 'nas.office.lan', option: '--name' } }, { ...view, lang: 'en' }).text;
    expect(out).toContain('This collector&#39;s certificate is not issued for nas.office.lan');
    expect(out).toContain('tenken collector tls renew --name nas.office.lan');
    expect(renderAddPcsPage(model, view).text).not.toContain('tls renew --');
  });

  it('takes --public-url, else the browser\'s address, else the listening one when the browser is on this machine', () => {
    const listenUrl = () => 'https://0.0.0.0:8443';
    expect(addPcsUrl({ publicUrl: 'https://c.example', listenUrl }, { protocol: 'https', host: '10.0.0.5:8443' })).toEqual({ url: 'https://c.example', source: 'option' });
    expect(addPcsUrl({ listenUrl }, { protocol: 'https', host: '10.0.0.5:8443' })).toEqual({ url: 'https://10.0.0.5:8443', source: 'browser' });
    const local = addPcsUrl({ listenUrl }, { protocol: 'https', host: 'localhost:8443' });
    expect(local.source).toBe('listen');
    expect(local.url).toMatch(/^https:\/\/[^/]+:8443$/);
    expect(local.url).not.toContain('0.0.0.0');
  });
});

describe('routes', () => {
  let c: TestCollector;
  let packages: string;
  const basic = () => ({ authorization: `Basic ${Buffer.from(`${c.admin.name}:${c.admin.password}`).toString('base64')}` });

  beforeAll(async () => {
    packages = await mkdtemp(join(tmpdir(), 'tenken-packages-'));
    await writeFile(join(packages, 'tenken-0.2.0-windows-x64.msi'), 'MSI stand-in');
    await writeFile(join(packages, 'secret.txt'), 'not served');
    c = await startTestCollector({ packagesDir: packages, caFingerprint: FP, publicUrl: 'https://collector.office.lan:8443' });
  });
  afterAll(() => c?.close());

  it('needs an administrator; shows the secret only with ?secret=show', async () => {
    const anonymous = await c.collector.app.inject({ url: '/add-pcs' });
    expect(anonymous.statusCode).toBe(303);
    const hidden = await c.collector.app.inject({ url: '/add-pcs?lang=en', headers: basic() });
    expect(hidden.statusCode).toBe(200);
    expect(hidden.body).not.toContain(c.enrollSecret);
    expect(hidden.body).toContain('msiexec /i tenken-0.2.0-windows-x64.msi /qn COLLECTOR_URL=https://collector.office.lan:8443 ENROLL_SECRET=SECRET');
    expect(hidden.body).toContain(`<code class="sha256">${createHash('sha256').update('MSI stand-in').digest('hex')}</code>`);
    expect(hidden.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const shown = await c.collector.app.inject({ url: '/add-pcs?secret=show', headers: basic() });
    expect(shown.body).toContain(`ENROLL_SECRET=${c.enrollSecret} CA_FINGERPRINT=${FP}`);
    expect((await c.collector.app.inject({ url: '/add-pcs?secret=yes', headers: basic() })).statusCode).toBe(400);
  });

  it('serves a recognised installer without a login, and nothing else from the folder or beyond it', async () => {
    const file = await c.collector.app.inject({ url: '/packages/tenken-0.2.0-windows-x64.msi' });
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('MSI stand-in');
    expect(file.headers['content-type']).toBe('application/x-msi');
    expect(file.headers['content-disposition']).toBe('attachment; filename="tenken-0.2.0-windows-x64.msi"');
    for (const path of ['/packages/secret.txt', '/packages/tenken-0.3.0-windows-x64.msi', '/packages/..%2Fsecret.txt', '/packages/%2E%2E%2F..%2Fetc%2Fpasswd']) {
      expect((await c.collector.app.inject({ url: path })).statusCode, path).toBe(404);
    }
  });
});
