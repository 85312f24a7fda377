/**
 * Policies are data that people edit: every bundled policy must load against the real probes and
 * catalogs, and every kind of mistake must be reported at its file and line in words a person understands.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probes } from '../probes/index.ts';
import { compileBundledPolicy, loadBundledPolicy } from '../src/policy/bundled.ts';
import { BUNDLED_POLICY, loadCatalogs, loadPolicy, parsePolicy } from '../src/policy/load.ts';
import type { Catalog } from '../src/policy/schema.ts';
import { InvalidInputError } from '../src/source-errors.ts';

const POLICIES = join(import.meta.dirname, '..', 'policies');
let catalogs: Map<string, Catalog>;
beforeAll(async () => {
  catalogs = await loadCatalogs();
});

/** A valid policy to break one line at a time. */
const VALID = `tenkenPolicy: 1
id: test
version: 1
title: { ja: テスト, en: Test }
catalogs: [ipa-jisha-shindan]
defaultProfile: main
params:
  lock-max:
    type: number
    default: 900
checks:
  - id: screen-lock.idle
    title: { ja: 画面ロック, en: Screen lock }
    severity: high
    probe: screen-lock
    expect:
      all:
        - { path: lockAfterSeconds, op: lte, value: { param: lock-max } }
    remediation: {}
    supports: { main: [ipa-jisha-shindan:14] }
profiles:
  main:
    title: { ja: 標準, en: Main }
    checks: all
`;

function errorsOf(text: string): string[] {
  try {
    parsePolicy(text, 'p.yaml', probes, catalogs);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.errors.map((x) => `${x.line}:${x.column} ${x.message}`);
    throw e;
  }
  return [];
}

describe('bundled policies', async () => {
  const files = (await readdir(POLICIES)).filter((f) => f.endsWith('.yaml'));
  it.for(files)('%s is valid and names only real probes, evidence and catalog items', async (file) => {
    const loaded = await loadPolicy(join(POLICIES, file), probes);
    expect(loaded.policy.checks.length).toBeGreaterThan(0);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('maps every device-observable 自社診断 item to at least one check as its main measure', async () => {
    const { policy } = await loadPolicy(join(POLICIES, 'baseline.yaml'), probes);
    const supported = new Set(policy.checks.flatMap((c) => c.supports.main));
    const auto = catalogs.get('ipa-jisha-shindan')!.items.filter((i) => i.observable === 'auto').map((i) => `ipa-jisha-shindan:${i.id}`);
    expect(auto.filter((ref) => !supported.has(ref))).toEqual([]);
  });
});

describe('policy errors', () => {
  it('accepts the valid example', () => {
    expect(errorsOf(VALID)).toEqual([]);
  });

  it('names an unknown probe and lists the known ones', () => {
    expect(errorsOf(VALID.replace('probe: screen-lock', 'probe: screen-lok'))).toEqual([
      '15:12 unknown probe "screen-lok" (known: antivirus, backup, browsers, clock-sync, disk-encryption, firewall, office-macros, os-updates, p2p-software, remote-access, screen-lock, sharing, sign-in, wifi)',
    ]);
  });

  it('names an evidence path the probe does not have', () => {
    expect(errorsOf(VALID.replace('path: lockAfterSeconds', 'path: lockAfterMinutes'))).toEqual([
      '18:19 "lockAfterMinutes" is not in the evidence of screen-lock (run `tenken probes` to list its fields)',
    ]);
  });

  it('refuses an operator that does not fit the fact', () => {
    expect(errorsOf(VALID.replace('path: lockAfterSeconds, op: lte', 'path: lockEnabled, op: lte'))).toEqual([
      '18:36 operator "lte" does not apply to lockEnabled, which is boolean',
    ]);
  });

  it('takes words for yes and no on a yes/no fact only', () => {
    const words = 'states: { yes: { ja: 有効, en: "on" }, no: { ja: 無効, en: "off" } }';
    expect(errorsOf(VALID.replace('{ path: lockAfterSeconds, op: lte, value: { param: lock-max } }', `{ path: locksWhenIdle, op: eq, value: true, ${words} }`))).toEqual([]);
    expect(errorsOf(VALID.replace('{ path: lockAfterSeconds, op: lte, value: { param: lock-max } }', `{ path: lockAfterSeconds, op: lte, value: 900, ${words} }`))).toEqual([
      expect.stringMatching(/^18:\d+ states name how yes and no read, but lockAfterSeconds is number$/),
    ]);
  });

  it('refuses a value outside an enumeration', () => {
    const text = VALID.replace('{ path: lockAfterSeconds, op: lte, value: { param: lock-max } }', '{ path: desktopFamily, op: in, value: [gnome, xfce] }');
    expect(errorsOf(text)).toEqual(['18:49 "xfce" is not a value desktopFamily can take ("gnome", "cinnamon", "kde", "windows", "macos")']);
  });

  it('names an undeclared parameter and a mistyped override', () => {
    const text = VALID.replace('param: lock-max }', 'param: lock-maximum }').replace('    checks: all\n', '    checks: all\n    params: { lock-max: "15 minutes" }\n');
    expect(errorsOf(text)).toEqual([
      '18:62 unknown parameter "lock-maximum" (declare it under params:)',
      '25:25 profile "main", parameter "lock-max": expected a number, got "15 minutes"',
    ]);
  });

  it('names an item the catalog does not have, and a profile check that does not exist', () => {
    const text = VALID.replace('ipa-jisha-shindan:14]', 'ipa-jisha-shindan:26]').replace('checks: all', 'checks: [screen-lock.idle, screen-lock.nope]');
    expect(errorsOf(text)).toEqual([
      '20:24 Self-check has no item "26"',
      '24:32 profile "main" names unknown check "screen-lock.nope"',
    ]);
  });

  it('reports schema mistakes (unknown keys, wrong enums, bad durations) at their lines, all at once', () => {
    const text = VALID.replace('severity: high', 'severity: severe').replace('    probe: screen-lock\n', '    probe: screen-lock\n    probes: oops\n').replace('type: number', 'type: duration').replace('default: 900', 'default: 15m');
    expect(errorsOf(text)).toEqual([
      '10:14 parameter "lock-max": expected an ISO 8601 duration such as P7D, got "15m"',
      '14:15 checks[0].severity: Invalid option: expected one of "low"|"medium"|"high"|"critical"',
      '16:5 unknown key "probes" in checks[0]',
    ]);
  });

  it('checks parameter defaults against their type', () => {
    expect(errorsOf(VALID.replace('type: number', 'type: duration'))).toEqual([
      '10:14 parameter "lock-max": expected an ISO 8601 duration such as P7D, got 900',
      '18:62 parameter "lock-max" is a duration, which operator "lte" cannot use',
    ]);
  });

  it('says how supports is written when it is a bare list or a key is misspelt, and refuses an item listed in both roles', () => {
    expect(errorsOf(VALID.replace('supports: { main: [ipa-jisha-shindan:14] }', 'supports: [ipa-jisha-shindan:14]'))).toEqual([
      '20:15 checks[0].supports: expected main: and/or supplementary: lists of catalog:item, e.g. supports: { main: [ipa-jisha-shindan:13], supplementary: [ipa-5kajo:1] }',
    ]);
    expect(errorsOf(VALID.replace('{ main: [ipa-jisha-shindan:14] }', '{ mian: [ipa-jisha-shindan:14] }'))).toEqual(['20:17 unknown key "mian" in checks[0].supports']);
    expect(errorsOf(VALID.replace('{ main: [ipa-jisha-shindan:14] }', '{ main: [ipa-jisha-shindan:14], supplementary: [ipa-jisha-shindan:14] }'))).toEqual([
      '20:63 ipa-jisha-shindan:14 is listed twice: a check supports an item either as its main measure or as a supplementary one',
    ]);
  });

  it('wants an OS text beside a Linux family or Windows version text', () => {
    expect(errorsOf(VALID.replace('remediation: {}', "remediation: { linux-debian: { ja: 'apt', en: apt } }"))).toEqual([
      '19:34 remediation linux-debian needs a linux: text too, for linux devices of another kind',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(errorsOf(VALID.replace('severity: high', 'severity: [high'))[0]).toMatch(/^15:5 YAML: Flow sequence in block collection must be sufficiently indented and end with a \]/);
  });
});

describe('the bundled policy compiled to JSON at build time', () => {
  it('loads exactly what the YAML loads, with the sha256 of baseline.yaml; a JSON compiled from other texts is ignored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tenken-policy-json-'));
    try {
      const fromYaml = await loadPolicy(BUNDLED_POLICY, probes, { source: 'bundled:baseline.yaml' });
      const compiled = await compileBundledPolicy(probes);
      await writeFile(join(dir, 'fresh.json'), compiled);
      expect(await loadBundledPolicy(probes, join(dir, 'fresh.json'))).toStrictEqual(fromYaml);
      // A JSON left from an older baseline.yaml or catalog: its key no longer matches the texts on disk.
      const stale = JSON.parse(compiled) as { sources: string; policy: { version: number } };
      stale.sources = stale.sources.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      stale.policy.version += 1;
      await writeFile(join(dir, 'stale.json'), JSON.stringify(stale));
      expect(await loadBundledPolicy(probes, join(dir, 'stale.json'))).toStrictEqual(fromYaml);
      expect(await loadBundledPolicy(probes, join(dir, 'absent.json'))).toStrictEqual(fromYaml);
      // A scan passes the probes while they still load: the YAML loader waits for them, the JSON needs none.
      expect(await loadBundledPolicy(Promise.resolve(probes), join(dir, 'absent.json'))).toStrictEqual(fromYaml);
      expect(await loadBundledPolicy(new Promise<never>(() => {}), join(dir, 'fresh.json'))).toStrictEqual(fromYaml);
      await writeFile(join(dir, 'broken.json'), compiled.slice(0, 100));
      expect(await loadBundledPolicy(probes, join(dir, 'broken.json'))).toStrictEqual(fromYaml);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
