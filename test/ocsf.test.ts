/**
 * `--format ocsf`: every event tenken writes for a recorded machine (every recording in test/recordings and
 * the composed Linux, Windows and macOS machines) is valid against the OCSF schema files vendored in
 * test/fixtures/ocsf/ (required attributes, enums, types, objects, read from OCSF's own files by
 * test/support/ocsf-validator.ts), the mapping says what the README says, and the validator itself can fail.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { probes } from '../probes/index.ts';
import { loadRecording, type Recording } from '../src/host/recording.ts';
import { createReplayHost } from '../src/host/replay-host.ts';
import { silentLogger } from '../src/log.ts';
import { BUNDLED_POLICY, loadPolicy, type LoadedPolicy } from '../src/policy/load.ts';
import { OCSF_VERSION, toOcsfEvents, toOcsfNdjson, type OcsfEvent } from '../src/report/ocsf.ts';
import type { Report } from '../src/report/schema.ts';
import { scan } from '../src/scan/scan.ts';
import { compliantLaptop, macbookAir, neglectedLaptop, windowsProJa } from './support/machines.ts';
import { OcsfSchema } from './support/ocsf-validator.ts';
import { runTenken } from './support/run-cli.ts';

const RECORDINGS = join(import.meta.dirname, 'recordings');
const CI_RECORDING = join(RECORDINGS, 'linux-debian12-ci.yaml');
const REPORT_ID = '00000000-0000-4000-8000-000000000000';
const SCHEMA_DIR = join(import.meta.dirname, 'fixtures', 'ocsf', OCSF_VERSION);
const BIN = join(import.meta.dirname, '..', 'dist', 'src', 'main.js');

const recorded = (await readdir(RECORDINGS)).filter((f) => f.endsWith('.yaml'));
const machines: [string, () => Promise<Recording>][] = [
  ...recorded.map((f): [string, () => Promise<Recording>] => [f.replace(/\.yaml$/, ''), () => loadRecording(join(RECORDINGS, f))]),
  ['linux-compliant-laptop', compliantLaptop],
  ['linux-neglected-laptop', neglectedLaptop],
  ['win32-11-pro-ja', windowsProJa],
  ['darwin-15-apple-silicon', macbookAir],
];

let policy: LoadedPolicy;
const schema = new OcsfSchema(SCHEMA_DIR);
beforeAll(async () => {
  policy = await loadPolicy(BUNDLED_POLICY, probes, { source: 'bundled:baseline.yaml' });
});

async function reportOf(recording: Recording, profile = 'baseline', reportId = REPORT_ID): Promise<Report> {
  return scan({ host: createReplayHost(recording), probes, policy, profile, log: silentLogger, reportId, replay: { source: recording.source, recordedAt: recording.recordedAt } });
}

const findings = (events: OcsfEvent[]) => events.filter((e) => e.class_uid === 2003) as (OcsfEvent & { compliance: Record<string, unknown>; finding_info: { uid: string } })[];
const errorsOf = (event: unknown) => schema.validate(event).errors;

describe.for(machines)('%s', ([, machine]) => {
  it.for([
    ['baseline', 'en'],
    ['baseline', 'ja'],
    ['telework-return', 'ja'],
  ] as const)('every event is valid OCSF (profile %s, %s)', async ([profile, lang]) => {
    const report = await reportOf(await machine(), profile);
    const events = toOcsfEvents(report, { lang, catalogs: policy.catalogs });
    for (const event of events) expect(errorsOf(event), `${String(event.class_name)} ${String((event as { compliance?: { control: string } }).compliance?.control ?? '')}`).toEqual([]);
    // One inventory event for the device, one finding for each check evaluated for this OS.
    expect(events.filter((e) => e.class_uid === 5001)).toHaveLength(1);
    const evaluated = report.checks.filter((c) => c.reasonCode !== 'platform');
    expect(findings(events).map((e) => e.compliance.control)).toEqual(evaluated.map((c) => c.id));
    const osType = { win32: 100, linux: 200, darwin: 300 }[report.device.os.platform];
    for (const e of events) expect((e.device as { os: { type_id: number } }).os.type_id).toBe(osType);
  });
});

describe('the mapping', () => {
  it('maps pass, fail, unknown and not applicable onto compliance.status_id, with the reason', async () => {
    const report = await reportOf(await loadRecording(CI_RECORDING));
    const byStatus = new Map(findings(toOcsfEvents(report, { lang: 'en', catalogs: policy.catalogs })).map((e) => [e.compliance.status_code, e]));
    expect([...byStatus.keys()].sort()).toEqual(['fail', 'not_applicable', 'pass', 'unknown']);
    expect(byStatus.get('pass')).toMatchObject({ severity_id: 1, compliance: { status_id: 1, status: 'Pass' } });
    const fail = byStatus.get('fail')!;
    const failed = report.checks.find((c) => c.id === fail.compliance.control)!;
    expect(fail).toMatchObject({ severity_id: { low: 2, medium: 3, high: 4, critical: 5 }[failed.severity], compliance: { status_id: 3, status: 'Fail' }, remediation: { desc: failed.remediation!.en } });
    const unknown = byStatus.get('unknown')!;
    const undecided = report.checks.find((c) => c.id === unknown.compliance.control)!;
    expect(unknown.compliance).toMatchObject({ status_id: 2, status: 'Warning', status_details: [undecided.reason] });
    expect(byStatus.get('not_applicable')!.compliance).toMatchObject({ status_id: 99, status: 'Not Applicable' });
  });

  it('reports a probe that failed as Warning with status_code error', async () => {
    // The CI machine without its firewall answers: the replay host refuses the firewall probe's commands.
    const full = await loadRecording(CI_RECORDING);
    const { firewall: _, ...sections } = full.sections;
    const report = await reportOf({ ...full, sections });
    const errored = report.checks.filter((c) => c.status === 'error');
    expect(errored.length).toBeGreaterThan(0);
    const events = findings(toOcsfEvents(report, { lang: 'en', catalogs: policy.catalogs }));
    for (const c of errored) {
      const e = events.find((x) => x.compliance.control === c.id)!;
      expect(errorsOf(e)).toEqual([]);
      expect(e.compliance).toMatchObject({ status_id: 2, status: 'Warning', status_code: 'error', status_details: [c.reason] });
    }
  });

  it('keeps finding_info.uid per device and check across scans, and ties each scan together by its report id', async () => {
    const recording = await loadRecording(CI_RECORDING);
    const [a, b] = await Promise.all(
      ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'].map(async (id) => findings(toOcsfEvents(await reportOf(recording, 'baseline', id), { lang: 'en', catalogs: policy.catalogs }))),
    );
    expect(a!.map((e) => e.finding_info.uid)).toEqual(b!.map((e) => e.finding_info.uid));
    expect(new Set(a!.map((e) => e.finding_info.uid)).size).toBe(a!.length);
    expect(new Set(a!.map((e) => (e.metadata as { correlation_uid: string }).correlation_uid))).toEqual(new Set(['11111111-1111-4111-8111-111111111111']));
    expect(new Set([...a!, ...b!].map((e) => (e.metadata as { uid: string }).uid)).size).toBe(a!.length * 2);
    const other = findings(toOcsfEvents(await reportOf(await windowsProJa()), { lang: 'en', catalogs: policy.catalogs }));
    expect(other.map((e) => e.finding_info.uid).filter((uid) => a!.some((x) => x.finding_info.uid === uid))).toEqual([]);
  });

  it('names the IPA guidelines with their editions, the same in every language, and the items as requirements', async () => {
    const report = await reportOf(await windowsProJa());
    const [en, ja] = (['en', 'ja'] as const).map((lang) => findings(toOcsfEvents(report, { lang, catalogs: policy.catalogs })));
    const check = report.checks.find((c) => c.supports.includes('ipa-jisha-shindan:1'))!;
    const e = en!.find((x) => x.compliance.control === check.id)!;
    expect(e.compliance.requirements).toEqual(check.supports);
    expect(e.compliance.standards).toContain('IPA 5分でできる！情報セキュリティ自社診断 2019');
    expect(e.compliance.standards).toContain('IPA テレワークから職場での業務に戻る際の留意点 3.1 (2023)');
    expect(ja!.map((x) => x.compliance.standards)).toEqual(en!.map((x) => x.compliance.standards));
    const j = ja!.find((x) => x.compliance.control === check.id)!;
    expect(j).toMatchObject({ finding_info: { title: check.title.ja }, remediation: { desc: check.remediation!.ja } });
  });

  it("carries the report's own roll-up of the IPA items on the inventory event, not one derived from the findings", async () => {
    const report = await reportOf(await loadRecording(CI_RECORDING));
    const inventory = toOcsfEvents(report, { lang: 'en', catalogs: policy.catalogs }).find((e) => e.class_uid === 5001)!;
    const items = (inventory.unmapped as { tenken: { guidelines: { ref: string; status: string; points?: number }[] } }).tenken.guidelines;
    expect(items.map((g) => [g.ref, g.status])).toEqual(report.guidelines.filter((g) => g.status !== 'manual').map((g) => [g.ref, g.status]));
    expect(items.find((g) => g.ref === 'ipa-jisha-shindan:13')).toMatchObject({ status: 'fail', suggestedAnswer: 'not_implemented', points: 0 });
  });

  it('describes the device: ids, OS with build, hardware ids', async () => {
    const report = await reportOf(await windowsProJa());
    const inventory = toOcsfEvents(report, { lang: 'en', catalogs: policy.catalogs }).find((e) => e.class_uid === 5001)!;
    expect(inventory).toMatchObject({
      type_uid: 500102,
      time: Date.parse(report.scan.finishedAt),
      device: {
        uid: report.device.id,
        hostname: 'PC-SOUMU-03',
        type_id: 0,
        os: { name: 'Windows 11 Pro', type_id: 100, version: '24H2', build: '26100.4946' },
        hw_info: { serial_number: 'PF4XYZ12', uuid: '2A8E5F0C-1B3D-11B2-A85C-9F4D2E3C1B0A' },
        is_compliant: false,
      },
      metadata: { version: OCSF_VERSION, product: { name: 'tenken', version: report.agent.version }, correlation_uid: REPORT_ID },
    });
  });

  it('writes the reviewed NDJSON for the recorded CI machine', async () => {
    const report = await reportOf(await loadRecording(CI_RECORDING));
    const ndjson = toOcsfNdjson({ ...report, probes: report.probes.map((p) => ({ ...p, durationMs: 0 })) }, { lang: 'en', catalogs: policy.catalogs });
    await expect(ndjson).toMatchFileSnapshot(join(import.meta.dirname, 'golden', 'ocsf-linux-debian12-ci.en.ndjson'));
  });
});

describe('tenken scan / check --format ocsf', () => {
  const cli = (...args: string[]) => runTenken(args, { env: { LANG: 'ja_JP.UTF-8' } });

  it('writes one valid event per line to standard output, in the locale language, with the scan exit code', async () => {
    const r = await cli('scan', '--replay', CI_RECORDING, '--format', 'ocsf');
    expect(r.code).toBe(1);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const events = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as OcsfEvent);
    expect(events.length).toBeGreaterThan(10);
    for (const e of events) expect(errorsOf(e)).toEqual([]);
    expect(findings(events)[0]!.message).toMatch(/: (合格|不合格|判定不能|対象外|エラー)$/);
  });

  it('writes the gate profile events to --out', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'tenken-ocsf-')), 'events.ndjson');
    const r = await cli('check', 'telework-return', '--replay', CI_RECORDING, '--format', 'ocsf', '--lang', 'en', '--out', out);
    expect(r.stdout).toBe('');
    const events = (await readFile(out, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as OcsfEvent);
    const inventory = events.find((e) => e.class_uid === 5001)!;
    expect(inventory.unmapped).toMatchObject({ tenken: { profile: 'telework-return', gate: expect.stringMatching(/^(go|no-go|cannot-tell)$/) } });
    expect(r.code).toBe({ go: 0, 'no-go': 1, 'cannot-tell': 3 }[(inventory.unmapped as { tenken: { gate: 'go' | 'no-go' | 'cannot-tell' } }).tenken.gate]);
    for (const e of events) expect(errorsOf(e)).toEqual([]);
  });
});

describe.runIf(existsSync(BIN))('tenken on this machine (built executable)', () => {
  it('writes valid OCSF events for a real scan of this machine', async () => {
    const r = await promisify(execFile)(process.execPath, [BIN, 'scan', '--format', 'ocsf'], { env: { ...process.env, LANG: 'en_US.UTF-8' } }).catch((e: { stdout: string }) => e);
    const events = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as OcsfEvent);
    expect(events.filter((e) => e.class_uid === 5001)).toHaveLength(1);
    expect(findings(events).length).toBeGreaterThan(10);
    for (const e of events) expect(errorsOf(e), JSON.stringify(e)).toEqual([]);
  });
});

describe('the OCSF validator', () => {
  let good: OcsfEvent;
  let inventory: OcsfEvent;
  beforeAll(async () => {
    const events = toOcsfEvents(await reportOf(await loadRecording(CI_RECORDING)), { lang: 'en', catalogs: policy.catalogs });
    good = findings(events).find((e) => e.compliance.status_code === 'fail')!;
    inventory = events.find((e) => e.class_uid === 5001)!;
    expect(errorsOf(good)).toEqual([]);
  });
  const broken = (change: (e: any) => void) => {
    const e = structuredClone(good);
    change(e);
    return errorsOf(e).map((x) => `${x.path}: ${x.message}`);
  };

  it('reads the required attributes from the vendored class files', () => {
    expect(broken((e) => delete e.compliance)).toEqual(['compliance: compliance_finding requires compliance']);
    expect(broken((e) => delete e.finding_info.uid)).toEqual(['finding_info.uid: finding_info requires uid']);
    expect(broken((e) => delete e.metadata.product)).toEqual(['metadata.product: metadata requires product']);
    expect(broken((e) => delete e.device.os.type_id)).toEqual(['device.os.type_id: os requires type_id']);
    expect(broken((e) => delete e.remediation.desc)).toEqual(['remediation.desc: remediation requires desc']);
    const { device: _, ...noDevice } = inventory;
    expect(errorsOf(noDevice).map((x) => x.message)).toEqual(['inventory_info requires device']);
  });

  it('follows the vendored files, not a list of its own', async () => {
    // The same event against a copy of the schema in which compliance_finding requires `resources`.
    const copy = await mkdtemp(join(tmpdir(), 'tenken-ocsf-schema-'));
    await cp(SCHEMA_DIR, copy, { recursive: true });
    const file = join(copy, 'events', 'findings', 'compliance_finding.json');
    const cls = JSON.parse(await readFile(file, 'utf8')) as { attributes: Record<string, { requirement: string }> };
    cls.attributes.resources!.requirement = 'required';
    await writeFile(file, JSON.stringify(cls));
    expect(new OcsfSchema(copy).validate(good).errors.map((x) => x.message)).toEqual(['compliance_finding requires resources']);
  });

  it("resolves the classes and objects exactly as OCSF's own schema compiler does", async () => {
    type Compiled = { type: string; object_type?: string; is_array?: boolean; requirement?: string; profiles?: string[] | null; '@deprecated'?: unknown; enum?: Record<string, string> };
    type Def = { uid?: number; attributes: Record<string, Compiled>; constraints?: unknown };
    const compiled = JSON.parse(await readFile(join(SCHEMA_DIR, 'compiled-excerpt.json'), 'utf8')) as { version: string; classes: Record<string, Def>; objects: Record<string, Def> };
    expect(compiled.version).toBe(schema.version);
    const mine = (what: number | string) => {
      const { attributes, constraints } = schema.definitionOf(what);
      const out: Record<string, Compiled> = {};
      for (const [name, a] of attributes) {
        // Data types end in _t (string_t, timestamp_t …); anything else names an object.
        const isObject = !a.type.endsWith('_t');
        out[name] = {
          type: isObject ? 'object_t' : a.type,
          ...(isObject ? { object_type: a.type } : {}),
          ...(a.isArray ? { is_array: true } : {}),
          ...(a.requirement ? { requirement: a.requirement } : {}),
          ...(a.profile ? { profiles: [a.profile] } : {}),
          ...(a.deprecated ? { '@deprecated': true } : {}),
          ...(a.enumValues ? { enum: Object.fromEntries(a.enumValues) } : {}),
        };
      }
      return { attributes: out, ...(constraints ? { constraints } : {}) };
    };
    const theirs = (d: Def) => ({
      attributes: Object.fromEntries(
        Object.entries(d.attributes).map(([name, a]) => {
          const { profiles, '@deprecated': deprecated, ...rest } = a;
          return [name, { ...rest, ...(profiles?.length ? { profiles } : {}), ...(deprecated ? { '@deprecated': true } : {}) }];
        }),
      ),
      ...(d.constraints ? { constraints: d.constraints } : {}),
    });
    for (const d of Object.values(compiled.classes)) expect(mine(d.uid!), `class ${d.uid}`).toEqual(theirs(d));
    expect(Object.keys(compiled.objects).length).toBeGreaterThan(10);
    for (const [name, d] of Object.entries(compiled.objects)) expect(mine(name), `object ${name}`).toEqual(theirs(d));
  });

  it('rejects values outside the enums, and captions that do not match them', () => {
    expect(broken((e) => (e.compliance.status_id = 7))).toEqual([expect.stringMatching(/^compliance\.status_id: status_id 7 is not one of 0 Unknown, 1 Pass, 2 Warning, 3 Fail, 99 Other$/)]);
    expect(broken((e) => (e.severity_id = 9))).toEqual([expect.stringMatching(/^severity_id: severity_id 9 is not one of/)]);
    expect(broken((e) => (e.severity = 'Low'))).toEqual([expect.stringMatching(/^severity_id: severity must be "(High|Critical|Medium)"/)]);
    expect(broken((e) => (e.device.os.type_id = 999))).toHaveLength(1);
    expect(broken((e) => ((e.class_uid = 2004), (e.type_uid = 200401)))).toEqual([expect.stringMatching(/^class_uid: no vendored OCSF class has class_uid 2004/)]);
    expect(broken((e) => (e.category_uid = 5))).toEqual([expect.stringMatching(/^category_uid: category_uid 5 is not one of 2 Findings$/)]);
    expect(broken((e) => (e.type_uid = 200302))).toEqual([
      'type_uid: type_uid must be class_uid × 100 + activity_id = 200301, not 200302',
      'type_uid: type_name must be "Compliance Finding: Update" for type_uid 200302, not "Compliance Finding: Create"',
    ]);
  });

  it('checks types, arrays, unknown, deprecated and profile attributes, and object constraints', () => {
    expect(broken((e) => (e.time = new Date(e.time).toISOString()))).toEqual([expect.stringMatching(/^time: time: ".*" is not a timestamp_t$/)]);
    expect(broken((e) => (e.compliance.requirements = 'ipa-jisha-shindan:1'))).toEqual(['compliance.requirements: requirements is an array of string_t']);
    expect(broken((e) => (e.device.network_interfaces = [{ mac: 'not-a-mac' }]))).toEqual(['device.network_interfaces[0].mac: mac: "not-a-mac" is not a mac_t']);
    expect(broken((e) => (e.device.hw_info = { serial: 'X' }))).toEqual(['device.hw_info.serial: device_hw_info has no attribute serial']);
    expect(broken((e) => (e.compliance.status_detail = 'why'))).toEqual(['compliance.status_detail: status_detail is deprecated in compliance']);
    expect(broken((e) => (e.evidences = [{ name: 'nothing to show' }]))).toEqual([expect.stringMatching(/^evidences\[0\]: evidences needs at least one of actor, api, .*data/)]);
    // action_id comes with the security_control profile: valid once the event names the profile.
    expect(broken((e) => (e.action_id = 1))).toEqual(['action_id: action_id belongs to the security_control profile, which metadata.profiles does not name']);
    expect(broken((e) => ((e.action_id = 1), e.metadata.profiles.push('security_control')))).toEqual([]);
    expect(broken((e) => ((e.action_id = 5), e.metadata.profiles.push('security_control')))).toEqual([expect.stringMatching(/^action_id: action_id 5 is not one of 0 Unknown, 1 Allowed/)]);
    expect(broken((e) => (e.metadata.version = '1.5.0'))).toEqual([`metadata.version: events follow OCSF ${OCSF_VERSION}, not "1.5.0"`]);
  });
});
