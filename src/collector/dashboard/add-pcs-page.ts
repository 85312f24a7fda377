/**
 * GET /add-pcs — 「PCを追加」: what a staff PC needs to join this collector, the way Fleet's and Wazuh's
 * "add agent" pages hand it over: the collector's address, the enroll secret (only when asked for, so that it
 * is not on the screen by default), the CA fingerprint agents pin, the installers this collector serves, and
 * the one-line install command for each with those values filled in and quoted for its shell.
 */
import { DASHBOARD_MESSAGES as M } from '../../i18n/dashboard-messages.ts';
import type { Localized } from '../../report/vocabulary.ts';
import { href, html, type Html } from './html.ts';
import { installCommands, PACKAGE_KINDS, packageFileName, shQuote, type FoundPackage, type PackageKind, type PackageOs } from './install-commands.ts';
import { page, t, type View } from './layout.ts';

/** Where the address on the page came from (src/collector/dashboard/routes.ts decides). */
export type UrlSource = 'option' | 'browser' | 'listen';

export interface AddPcsModel {
  readonly url: string;
  readonly urlSource: UrlSource;
  /** The enroll secret once the administrator asked to see it; null while it is hidden. */
  readonly secret: string | null;
  readonly caFingerprint: string | null;
  /** The address's host when tls init's certificate is not valid for it, with the tls renew option that adds it. */
  readonly uncovered: { readonly host: string; readonly option: '--name' | '--ip' } | null;
  /** --packages; null when not given. */
  readonly packagesDir: string | null;
  readonly packages: readonly FoundPackage[];
  /** The version the commands name when no installer was found (this collector's own). */
  readonly version: string;
}

/** Stands for the secret in the commands while it is hidden. */
export const SECRET_PLACEHOLDER = 'SECRET';

const URL_SOURCE: Record<UrlSource, Localized> = { option: M.urlFromOption, browser: M.urlFromBrowser, listen: M.urlFromListen };
const OS_SECTIONS: readonly { os: PackageOs; heading: Localized; how: Localized }[] = [
  { os: 'windows', heading: M.windowsHeading, how: M.windowsHow },
  { os: 'macos', heading: M.macosHeading, how: M.macosHow },
  { os: 'linux', heading: M.linuxHeading, how: M.linuxHow },
];
const KIND_LABEL = (kind: PackageKind) => `${{ windows: 'Windows', macos: 'macOS', linux: 'Linux' }[kind.os]} ${kind.arch === 'x64' ? (kind.os === 'macos' ? 'Intel' : 'x64') : kind.os === 'macos' ? 'Apple silicon' : 'Arm64'}${kind.os === 'linux' ? ` (.${kind.format})` : ''}`;

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function renderAddPcsPage(model: AddPcsModel, view: View): Html {
  const values = { url: model.url, secret: model.secret ?? SECRET_PLACEHOLDER, caFingerprint: model.caFingerprint };
  const recognised = PACKAGE_KINDS.map((k) => k.pattern).join(', ');
  // The installers found, or every kind under this collector's version, so the commands are there either way.
  const files: readonly { kind: PackageKind; file: string }[] = model.packages.length
    ? model.packages
    : PACKAGE_KINDS.map((kind) => ({ kind, file: packageFileName(kind, model.version) }));
  const toggle = model.secret === null
    ? html`<form method="get" action="/add-pcs" class="inline"><input type="hidden" name="secret" value="show"><button type="submit" id="show-secret">${t(M.showSecret, view)}</button></form>`
    : html`<code id="enroll-secret">${model.secret}</code> <a href="/add-pcs">${t(M.hideSecret, view)}</a>`;

  const body = html`<p>${t(M.addPcsIntro, view)}</p>
<section aria-labelledby="values">
<h2 id="values">${t(M.valuesHeading, view)}</h2>
<dl class="values">
<dt>${t(M.collectorUrl, view)}</dt><dd><code id="collector-url">${model.url}</code><br><span class="muted">${t(URL_SOURCE[model.urlSource], view)}</span>${
    model.uncovered
      ? html`<p class="error" role="alert">${t(M.urlNotInCertificate, view, { host: model.uncovered.host })}</p><pre><code>tenken collector tls renew ${model.uncovered.option} ${shQuote(model.uncovered.host)}</code></pre>`
      : ''
  }</dd>
<dt>${t(M.enrollSecret, view)}</dt><dd>${toggle}<br><span class="muted">${t(M.secretHidden, view)} ${t(M.secretRotate, view)}</span></dd>
<dt>${t(M.caFingerprint, view)}</dt><dd>${
    model.caFingerprint ? html`<code id="ca-fingerprint">${model.caFingerprint}</code><br><span class="muted">${t(M.caExplain, view)}</span>` : html`<span class="muted">${t(M.noCa, view)}</span>`
  }</dd>
</dl>
</section>
<section aria-labelledby="packages">
<h2 id="packages">${t(M.packagesHeading, view)}</h2>
${
  model.packages.length
    ? html`<p>${t(M.packagesIntro, view)} ${t(M.packagesHash, view)}</p>
<table class="packages">
<thead><tr><th scope="col">${t(M.packageFor, view)}</th><th scope="col">${t(M.packageFile, view)}</th><th scope="col" class="num">${t(M.packageSize, view)}</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${model.packages.map((p) => html`<tr><td>${KIND_LABEL(p.kind)}</td><td><a href="${href(`/packages/${encodeURIComponent(p.file)}`)}" download>${p.file}</a></td><td class="num">${megabytes(p.bytes)}</td><td><code class="sha256">${p.sha256}</code></td></tr>\n`)}
</tbody>
</table>`
    : html`<p class="notice">${model.packagesDir === null ? t(M.noPackagesDir, view, { names: recognised }) : t(M.noPackagesFound, view, { dir: model.packagesDir, names: recognised })}</p>`
}
</section>
<section aria-labelledby="commands">
<h2 id="commands">${t(M.commandsHeading, view)}</h2>
${OS_SECTIONS.map(({ os, heading, how }) => {
  const mine = files.filter((f) => f.kind.os === os);
  if (mine.length === 0) return '';
  return html`<section class="install" id="install-${os}">
<h3>${t(heading, view)}</h3>
<p>${t(how, view)}</p>
${mine.map(({ kind, file }) => {
  const [first, ...rest] = installCommands(kind, file, values);
  return html`<h4>${KIND_LABEL(kind)}</h4>
<pre><code class="command" data-package="${kind.id}" data-shell="${first!.shell}">${first!.command}</code></pre>
${rest.map((c) => html`<p>${t(M.powershellHow, view)}</p>
<pre><code class="command" data-package="${kind.id}" data-shell="${c.shell}">${c.command}</code></pre>`)}`;
})}
</section>`;
})}
<section class="install" id="install-enroll">
<h3>${t(M.alreadyInstalled, view)}</h3>
<p>${t(M.alreadyInstalledHow, view)}</p>
<pre><code class="command" data-shell="tenken">tenken enroll ${shQuote(values.url)} --secret ${shQuote(values.secret)}${values.caFingerprint ? ` --ca-fingerprint ${shQuote(values.caFingerprint)}` : ''}</code></pre>
</section>
</section>`;
  return page(view, t(M.addPcsTitle, view), body);
}
