/**
 * The command line, run in-process with captured output: every command's exit codes (DESIGN.md) and the
 * messages a person sees when something is wrong.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probes } from '../probes/index.ts';
import { WINDOWS_CONSOLE_USER_SCRIPT } from '../src/host/console-user.ts';
import { recordingToYaml, type Recording } from '../src/host/recording.ts';
import { powershellArgs } from '../src/powershell.ts';
import { WINDOWS_IDENTITY_SCRIPT } from '../src/scan/identity.ts';
import { Report } from '../src/report/schema.ts';
import { compliantLaptop } from './support/machines.ts';
import { runTenken } from './support/run-cli.ts';

const ROOT = join(import.meta.dirname, '..');
const CI_RECORDING = join(ROOT, 'test', 'recordings', 'linux-debian12-ci.yaml');
let dir: string;
let compliant: string;
let windows: string;

const cli = (...args: string[]) => runTenken(args);

async function writeRecording(name: string, rec: Recording) {
  const file = join(dir, name);
  await writeFile(file, recordingToYaml(rec, 'test'));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-cli-'));
  compliant = await writeRecording('compliant.yaml', await compliantLaptop());
  windows = await writeRecording('windows.yaml', {
    tenkenRecording: 1,
    source: 'hand-made: a Windows machine, identity only',
    platform: 'win32',
    isAdmin: true,
    recordedAt: '2026-11-20T09:00:00.000Z',
    redacted: false,
    sections: {
      identity: [
        {
          run: ['powershell.exe', ...powershellArgs(WINDOWS_IDENTITY_SCRIPT)],
          exitCode: 0,
          stdout: '{"hostname":"DESKTOP-1","dnsHostName":"DESKTOP-1","productName":"Windows 10 Pro","editionId":"Professional","displayVersion":"24H2","currentBuild":"26100","ubr":4946,"arch":"AMD64","manufacturer":"Dell Inc.","model":"Latitude 5440","serial":"8XK2M53","uuid":null,"machineGuid":"b8a6c1f0-2d3e-4f50-8a1b-2c3d4e5f6a7b","macs":[]}\r\n',
          stderr: '',
        },
      ],
      'console-user': [{ run: ['powershell.exe', ...powershellArgs(WINDOWS_CONSOLE_USER_SCRIPT)], exitCode: 0, stdout: '{"userName":null,"sid":null,"profile":null}\r\n', stderr: '' }],
    },
  });
});

describe('tenken', () => {
  it('teaches in --help: commands, exit codes, where to start', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const s of ['scan', 'record', 'probes', 'policy', 'Exit codes:', '3  no failure, but some check could not be decided']) expect(r.stdout).toContain(s);
  });

  it('speaks Japanese in --help under a Japanese locale or --lang ja, commander\'s own words too', async () => {
    for (const r of [await runTenken(['--help'], { env: { LANG: 'ja_JP.UTF-8' } }), await cli('--help', '--lang', 'ja'), await cli('scan', '--lang', 'ja', '--help')]) {
      expect(r.code).toBe(0);
      for (const s of ['使い方: tenken', 'オプション:', 'このヘルプを表示します']) expect(r.stdout).toContain(s);
      for (const s of ['Usage:', 'Options:', 'display help for command', 'default:', 'choices:']) expect(r.stdout).not.toContain(s);
    }
    expect((await cli('--help', '--lang', 'ja')).stdout).toContain('終了コード:\n  0  問題なし');
    expect((await cli('--help')).stdout).toContain('display help for command');
  });

  it('describes every command, argument and option in both languages', async () => {
    const { createProgram } = await import('../src/cli.ts');
    const deps = { loadProbes: async () => probes, createHost: async () => { throw new Error('not used'); }, stdout: () => {}, stderr: () => {}, env: {}, isTTY: false };
    type Cmd = ReturnType<typeof createProgram>;
    const all = (c: Cmd): Cmd[] => [c, ...c.commands.flatMap((sub) => all(sub as Cmd))];
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    const ja = all(createProgram(deps, 'ja'));
    const en = all(createProgram(deps, 'en'));
    expect(ja.length).toBeGreaterThan(20);
    for (const [i, c] of ja.entries()) {
      const name = c.name();
      // Each description, argument and option says something in Japanese, and the English help says it otherwise
      // (English text may quote an IPA title, so it is compared, not searched for kana).
      const english = en[i]!;
      expect(c.description(), `${name}`).toMatch(japanese);
      expect(english.description(), `${name}`).not.toBe(c.description());
      for (const [j, o] of c.options.entries()) {
        expect(o.description, `${name} ${o.flags}`).toMatch(japanese);
        expect(english.options[j]!.description, `${name} ${o.flags}`).not.toMatch(japanese);
      }
      for (const a of c.registeredArguments) expect(a.description, `${name} <${a.name()}>`).toMatch(japanese);
    }
  });

  it('gives every command examples in its help', async () => {
    for (const command of [['scan'], ['record'], ['probes'], ['policy', 'validate']]) {
      const r = await cli(...command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });

  it('exits 2 on a usage error and says what is wrong', async () => {
    const r = await cli('scan', '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json");
    expect((await cli('scan', '--nope')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('says a usage error in Japanese under --lang ja', async () => {
    const choice = await cli('scan', '--lang', 'ja', '--format', 'xml');
    expect(choice.code).toBe(2);
    expect(choice.stderr).toContain("エラー: オプション '--format <format>' に 'xml' は指定できません。指定できるのは text, json, ocsf です。");
    expect(choice.stderr).toContain('（使い方は --help で表示できます）');
    const unknown = await cli('scna', '--lang', 'ja');
    expect(unknown.stderr).toContain("エラー: 'scna' というコマンドはありません\n（もしかして: scan）");
    expect((await cli('check', '--lang', 'ja')).stderr).toContain("エラー: 引数 'profile' を指定してください");
    expect((await cli('scan', '--lang', 'ja', '--nope')).stderr).toContain("エラー: '--nope' というオプションはありません");
  });
});

describe('tenken scan', () => {
  it('exits 0 when every check passes or does not apply', async () => {
    const r = await cli('scan', '--replay', compliant);
    expect(r.stdout).toContain('Result: compliant (exit code 0)');
    expect(r.code).toBe(0);
  });

  it('exits 1 with a failing check, and writes a valid JSON report', async () => {
    const r = await cli('scan', '--replay', CI_RECORDING, '--format', 'json');
    expect(r.code).toBe(1);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(report.summary.result).toBe('failed');
    expect(report.scan.replay?.source).toContain('recorded by tenken');
  });

  it('exits 3 when nothing failed but some checks could not be decided', async () => {
    const r = await cli('scan', '--replay', windows, '--lang', 'ja');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('確認できなかった項目があります（終了コード 3）');
  });

  it('shows times in the local zone TZ names, and keeps UTC in the JSON report', async () => {
    const text = await runTenken(['scan', '--replay', CI_RECORDING, '--lang', 'ja'], { env: { LANG: 'en_US.UTF-8', TZ: 'Asia/Tokyo' } });
    expect(text.stdout).toContain('点検日時: 2026-11-22 13:20 JST');
    const json = await runTenken(['scan', '--replay', CI_RECORDING, '--format', 'json'], { env: { LANG: 'en_US.UTF-8', TZ: 'Asia/Tokyo' } });
    expect(Report.parse(JSON.parse(json.stdout)).scan.startedAt).toMatch(/^2026-11-22T04:20:\d\d\.\d+Z$/);
  });

  it('writes to --out and nothing to standard output', async () => {
    const out = join(dir, 'report.json');
    const r = await cli('scan', '--replay', compliant, '--format', 'json', '--out', out);
    expect(r.stdout).toBe('');
    expect(Report.parse(JSON.parse(await readFile(out, 'utf8'))).summary.result).toBe('compliant');
  });

  it('exits 4 when the report cannot be written, saying why (not as an internal error)', async () => {
    const r = await cli('scan', '--replay', compliant, '--out', join(dir, 'no', 'such', 'dir', 'r.json'));
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`the folder ${join(dir, 'no', 'such', 'dir')} does not exist`);
    expect(r.stderr).not.toContain('internal error');
  });

  it('takes --lang on every command that speaks: policy validate, queue, record and enroll too', async () => {
    const validated = await runTenken(['policy', 'validate', join(ROOT, 'policies', 'baseline.yaml'), '--lang', 'ja']);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain(': 問題ありません — ポリシー baseline v1');
    const queue = await runTenken(['queue', '--lang', 'en'], { env: { LANG: 'ja_JP.UTF-8', TENKEN_STATE_DIR: join(dir, 'lang-state') } });
    expect(queue.stdout).toMatch(/^Queue .*: 0 report\(s\)\n$/);
    const record = await runTenken(['record', '--probe', 'nope', '--out', join(dir, 'never.yaml'), '--lang', 'ja']);
    expect(record.stderr).toContain('"nope" という確認処理はありません');
    const enroll = await runTenken(['enroll', 'http://127.0.0.1:9', '--lang', 'ja'], { env: { TENKEN_STATE_DIR: join(dir, 'lang-state') } });
    expect(enroll.code).toBe(2);
    expect(enroll.stderr).toContain('登録シークレットを --secret で指定してください');
  });

  it("says an option's refused value in the language of help, its own reason included", async () => {
    const ja = await runTenken(['schedule', 'install', '--every', '5m'], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(ja.code).toBe(2);
    expect(ja.stderr).toBe("エラー: オプション '--every <duration>' に '5m' は指定できません。5m は短すぎます。15m 以上にしてください\n（使い方は --help で表示できます）\n");
    const en = await runTenken(['collector', '--time-zone', 'Mars/Base', '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`error: option '--time-zone <zone>' argument 'Mars/Base' is invalid. not a time zone: "Mars/Base" (an IANA name such as Asia/Tokyo or UTC)`);
  });

  it('on a terminal says how far the probes are, and erases that line before the report; elsewhere says nothing', async () => {
    const args = ['scan', '--replay', compliant, '--format', 'json', '--lang', 'en'];
    const terminal = await runTenken(args, { stderrIsTTY: true });
    const done = [...terminal.stderr.matchAll(/\r(?:Scanning… \((\d+) of (\d+) probes\)|\x1b\[K)/g)];
    const total = Number(done[0]![2]);
    expect(total).toBeGreaterThan(5);
    // 0 when they start, then one more as each finishes, then the erase.
    expect(done.map((m) => (m[1] === undefined ? 'erased' : Number(m[1])))).toEqual([...Array.from({ length: total + 1 }, (_, i) => i), 'erased']);
    expect(terminal.stderr).toBe(done.map((m) => m[0]).join(''));
    expect(JSON.parse(terminal.stdout).probes).toHaveLength(total);
    const piped = await runTenken(args);
    expect(piped.stderr).toBe('');
    // The report on a terminal, standard error into a file: no carriage returns in that file.
    expect((await runTenken(args, { isTTY: true })).stderr).toBe('');
    const ja = await runTenken(['scan', '--replay', compliant, '--format', 'json', '--lang', 'ja'], { stderrIsTTY: true });
    expect(ja.stderr).toContain(`\r点検しています…（確認処理 ${total}/${total}）`);
  });

  it('exits 2 on an unknown profile, naming the profiles there are', async () => {
    const r = await cli('scan', '--replay', compliant, '--profile', 'strict');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown profile "strict" (this policy has: baseline, telework-return)');
  });

  it('exits 2 on an invalid policy with file and line', async () => {
    const bad = join(dir, 'bad-policy.yaml');
    await writeFile(bad, (await readFile(join(ROOT, 'policies', 'baseline.yaml'), 'utf8')).replace('probe: firewall', 'probe: fire-wall'));
    const r = await cli('scan', '--replay', compliant, '--policy', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${bad}:\\d+:\\d+: unknown probe "fire-wall"`));
  });

  it('exits 2 on a malformed recording with file and line, and on a missing one', async () => {
    const bad = join(dir, 'bad-recording.yaml');
    await writeFile(bad, 'tenkenRecording: 1\nsource: x\nplatform: linux\nisAdmin: maybe\nrecordedAt: "2026-11-20T09:00:00.000Z"\nsections: {}\n');
    const r = await cli('scan', '--replay', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:4:10: isAdmin: Invalid input: expected boolean`);
    const missing = await cli('scan', '--replay', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`tenken: ${join(dir, 'nope.yaml')}: cannot read: there is no such file\n`);
    const folder = await runTenken(['scan', '--policy', dir], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`tenken: ${dir}: 読み込めません（フォルダーです。ファイルを指定してください）\n`);
  });

  it('exits 2 when a one-probe recording is replayed as a whole machine', async () => {
    const one = join(ROOT, 'probes', 'disk-encryption', 'fixtures', 'linux-debian12-lvm-on-luks.yaml');
    const r = await cli('scan', '--replay', one);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('record the whole machine');
  });
});

describe('tenken probes', () => {
  it('lists every probe with platforms and evidence fields, as JSON too', async () => {
    const r = await cli('probes', '--format', 'json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; platforms: string[]; evidence: { path: string }[] }[];
    expect(list.map((p) => p.id)).toEqual(probes.map((p) => p.id));
    expect(list.find((p) => p.id === 'screen-lock')!.evidence.map((f) => f.path)).toContain('lockAfterSeconds');
    const text = await cli('probes');
    expect(text.stdout).toContain('root.encrypted: boolean or null');
  });

  // No probe needs admin rights today; one that declares it, as a probe may, shows the line.
  const needingAdmin = async () => probes.map((p) => (p.id === 'disk-encryption' ? { ...p, needsAdmin: ['win32', 'darwin'] as const } : p));

  it('describes the fields in English as the schemas do', async () => {
    const lines = (await runTenken(['probes'], { loadProbes: needingAdmin })).stdout.split('\n');
    expect(lines).toContain('os-updates 1.4.0 — OS updates and end of life  [linux, win32, darwin]');
    expect(lines).toContain('  rebootRequired: boolean or null — whether installed updates wait for a reboot (/var/run/reboot-required; dnf: needs-restarting -r; Windows: the RebootRequired / RebootPending keys)');
    expect(lines).toContain(
      '  current.security: string (open, wep, wpa, owe, wpa2, wpa3) or null — encryption the profile uses: open (none), wep, wpa (WPA1 only), owe (Enhanced Open), wpa2, wpa3; null when the key management is one this probe does not know',
    );
    expect(lines).toContain('disk-encryption 1.3.0 — Disk encryption  [linux, win32, darwin]  needs admin on: win32, darwin');
    expect(lines.join('\n')).not.toMatch(/[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/);
  });

  it.for([
    ['LANG=ja_JP.UTF-8', [], { LANG: 'ja_JP.UTF-8' }],
    ['--lang ja', ['--lang', 'ja'], { LANG: 'en_US.UTF-8' }],
  ] as const)('describes the fields in Japanese with %s', async ([, args, env]) => {
    const lines = (await runTenken(['probes', ...args], { env, loadProbes: needingAdmin })).stdout.split('\n');
    expect(lines).toContain('os-updates 1.4.0 — OS の更新とサポート期限  [linux, win32, darwin]');
    expect(lines).toContain(
      '  rebootRequired: boolean または null — インストールした更新が再起動を待っているか（/var/run/reboot-required。dnf: needs-restarting -r。Windows: RebootRequired / RebootPending のキー）',
    );
    expect(lines).toContain(
      '  current.security: string または null（open、wep、wpa、owe、wpa2、wpa3） — プロファイルが使う暗号化: open（なし）、wep、wpa（WPA1 のみ）、owe（Enhanced Open）、wpa2、wpa3。鍵管理がこのプローブの知らないものなら null',
    );
    expect(lines).toContain('disk-encryption 1.3.0 — ディスクの暗号化  [linux, win32, darwin]  管理者権限が必要な OS: win32、darwin');
    // A field the schema leaves undescribed stays undescribed.
    expect(lines).toContain('  windows.profiles.domain: object');
  });

  it('answers --format json the same in every language', async () => {
    const en = await cli('probes', '--format', 'json');
    expect((await runTenken(['probes', '--format', 'json', '--lang', 'ja'])).stdout).toBe(en.stdout);
  });
});

describe('tenken policy validate', () => {
  it('exits 0 on the bundled policy and summarises it', async () => {
    const r = await cli('policy', 'validate', join(ROOT, 'policies', 'baseline.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK — policy baseline v1');
    const ja = await runTenken(['policy', 'validate', join(ROOT, 'policies', 'baseline.yaml')], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(ja.stdout).toMatch(/: 問題ありません — ポリシー baseline v1、チェック \d+ 件、プロファイル: baseline, telework-return（既定 baseline）、カタログ: ipa-jisha-shindan, /);
  });

  it('exits 2 and prints every mistake with its line', async () => {
    const bad = join(dir, 'two-mistakes.yaml');
    const text = (await readFile(join(ROOT, 'policies', 'baseline.yaml'), 'utf8')).replace('severity: critical', 'severity: urgent').replace('path: rebootRequired', 'path: rebootPending');
    await writeFile(bad, text);
    const r = await cli('policy', 'validate', bad);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/:\d+:\d+: checks\[0\]\.severity: Invalid option/);
  });
});

describe('tenken record', () => {
  it('refuses an unknown probe', async () => {
    const r = await cli('record', '--probe', 'fire-wall', '--out', join(dir, 'x.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown probe "fire-wall"');
    const ja = await runTenken(['record', '--probe', 'fire-wall', '--out', join(dir, 'x.yaml')], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(ja.stderr.split('\n')[0]).toMatch(/^"fire-wall" という確認処理はありません（あるのは: antivirus, .*firewall.*）$/);
  });

  it('records this machine, redacted, into a file that replays to the same report', async () => {
    const out = join(dir, 'this-machine.yaml');
    const r = await cli('record', '--out', out, '--note', 'CI test');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Wrote \d+ answers to .* \(redacted\)/);
    const replayed = await cli('scan', '--replay', out, '--format', 'json');
    const report = Report.parse(JSON.parse(replayed.stdout));
    expect(report.probes.every((p) => p.status === 'ok')).toBe(true);
    expect([1, 3, 0]).toContain(replayed.code);
  });

  it('says what it records in the locale\'s language', async () => {
    const out = join(dir, 'clock-sync.yaml');
    const r = await runTenken(['record', '--probe', 'clock-sync', '--out', out], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')).toEqual([
      'この linux の PC で、1 件の確認処理が読む応答を記録しています…',
      '  clock-sync: 記録しました',
      expect.stringMatching(new RegExp(`^\\d+ 件の応答を ${out} に書きました（個人や端末を特定できる値は置き換え済み）。$`)),
      '',
    ]);
  });
});

describe('tenken check', () => {
  it('says go, exit 0, when every telework-return check passes', async () => {
    // The bundled gate also wants a full scan within a day, which only Defender records; this policy leaves it out.
    const noFullScan = join(dir, 'no-full-scan.yaml');
    await writeFile(noFullScan, (await readFile(join(ROOT, 'policies', 'baseline.yaml'), 'utf8')).replace('      - antivirus.full-scan-recent\n', ''));
    const r = await cli('check', 'telework-return', '--replay', compliant, '--policy', noFullScan, '--lang', 'ja');
    expect(r.code).toBe(0);
    // The decision comes first, right under the heading.
    expect(r.stdout.split('\n')[1]).toBe('判定: 接続可 — 社内ネットワークに接続できます（終了コード 0）');
    expect(r.stdout).toContain('ご自身で確認してください');
  });

  it('says no-go, exit 1, with numbered steps, and the report carries the decision', async () => {
    const text = await cli('check', 'telework-return', '--replay', CI_RECORDING, '--lang', 'en');
    expect(text.code).toBe(1);
    // The decision first, then the numbered steps, then the details (every check).
    const lines = text.stdout.split('\n');
    expect(lines[1]).toBe('Decision: No-go — Do not connect to the office network yet (exit code 1)');
    const firstStep = lines.findIndex((l) => /^ {2}1\. .+/.test(l));
    const details = lines.indexOf('Details');
    const firstCheck = lines.findIndex((l) => /^✗ FAIL/.test(l));
    expect(firstStep).toBeGreaterThan(1);
    expect(details).toBeGreaterThan(firstStep);
    expect(firstCheck).toBeGreaterThan(details);
    const json = await cli('check', 'telework-return', '--replay', CI_RECORDING, '--format', 'json');
    const report = Report.parse(JSON.parse(json.stdout));
    expect(report.gate?.decision).toBe('no-go');
    expect(report.gate?.blocking).toContain('disk-encryption.system');
    expect(report.gate?.confirm.map((c) => c.ref)).toEqual(['ipa-telework-return:2', 'ipa-telework-return:3']);
  });

  it('cannot say go without a record of a full scan (ClamAV, XProtect and others keep none)', async () => {
    const r = await cli('check', 'telework-return', '--replay', compliant, '--format', 'json');
    expect(r.code).toBe(3);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(report.gate).toMatchObject({ decision: 'cannot-tell', blocking: [], undecided: ['antivirus.full-scan-recent'] });
  });

  it('says it cannot tell, exit 3, when checks could not be decided', async () => {
    const r = await cli('check', 'telework-return', '--replay', windows, '--lang', 'en');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('tenken could not check everything: ask your administrator before connecting');
  });

  it('refuses a profile that makes no decision', async () => {
    const r = await cli('check', 'baseline', '--replay', compliant);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('profile "baseline" makes no go / no-go decision (gate profiles: telework-return)');
  });
});

describe('the built executable', () => {
  /**
   * Runs tenken with a standard output whose reader has already gone, as with `tenken --help | head -1` once
   * head has its line: our end of the pipe is closed before tenken (≥ 50 ms to start) writes a byte.
   */
  function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js'), ...args], { env: { ...process.env, LANG: 'en_US.UTF-8' } });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('ends quietly when the reader of its output stops early (EPIPE)', async () => {
    expect(await withClosedStdout(['--help'])).toEqual({ code: 0, stderr: '' });
    expect(await withClosedStdout(['scan', '--replay', CI_RECORDING, '--lang', 'en'])).toEqual({ code: 1, stderr: '' });
  }, 30_000);
});
