/**
 * Property lists (macOS preferences, `diskutil … -plist`, `plutil -convert xml1` output, tenken's LaunchDaemon). The parser and its
 * XML library load on first use: only a Mac needs them, and loading them costs every other scan ~20 ms.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type PlistModule = typeof import('plist');
let loaded: PlistModule | undefined;

/** Parses an XML property list; throws on text that is not one. */
export function parsePlist(xml: string): unknown {
  return plist().parse(xml);
}

/** An XML property list of `value` (a LaunchDaemon's definition). */
export function buildPlist(value: Parameters<PlistModule['build']>[0]): string {
  return plist().build(value);
}

function plist(): PlistModule {
  // plist exports only an `import` entry, so resolve it as ESM and load that file synchronously (require of
  // ES modules: Node ≥ 22.12). The installers' bundle has no node_modules: it carries plist as a file beside
  // its chunks (packaging/bundle.ts).
  return (loaded ??= createRequire(import.meta.url)(plistFile()) as PlistModule);
}

function plistFile(): string {
  const bundled = fileURLToPath(new URL('./plist-library.js', import.meta.url));
  return existsSync(bundled) ? bundled : fileURLToPath(import.meta.resolve('plist'));
}
