/**
 * `tenken selfcheck`: answers from a file checked against the JSON result (points, total, band, the device's
 * suggestions), the questions answered through an injected `ask`, bad answers files with their lines, no
 * terminal, the state file's place per OS, and `tenken scan --attach-selfcheck`. The real terminal is driven
 * in test/selfcheck-terminal.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../src/host/host.ts';
import { recordingToYaml } from '../src/host/recording.ts';
import { Report } from '../src/report/schema.ts';
import { SelfCheckResult } from '../src/selfcheck/result.ts';
import { bandOf } from '../src/selfcheck/score.ts';
import { defaultStatePath } from '../src/selfcheck/state-file.ts';
import { compliantLaptop, windowsProJa } from './support/machines.ts';
import { runTenken } from './support/run-cli.ts';

const ROOT = join(import.meta.dirname, '..');
const CI_RECORDING = join(ROOT, 'test', 'recordings', 'linux-debian12-ci.yaml');
const ITEMS = Array.from({ length: 25 }, (_, i) => String(i + 1));
let dir: string;

const cli = (args: string[], options: { ask?: (q: string) => Promise<string>; env?: NodeJS.ProcessEnv; createHost?: () => Promise<Host> } = {}) => runTenken(args, options);

/** Answers file text: every item `answer` unless named in `except`. */
function answersYaml(answer: string, except: Record<string, string> = {}, leaveOut: string[] = []): string {
  return `answers:\n${ITEMS.filter((i) => !leaveOut.includes(i)).map((i) => `  "${i}": ${except[i] ?? answer}\n`).join('')}`;
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenken-selfcheck-'));
});

describe('scoring', () => {
  it("reads a total in IPA's four bands", () => {
    expect([100, 99, 70, 69, 50, 49, 0, -25].map(bandOf)).toEqual(['achieved', 'partly-insufficient', 'partly-insufficient', 'insufficient', 'insufficient', 'urgent', 'urgent', 'urgent']);
  });
});

describe('tenken selfcheck --answers', () => {
  it('scores every answer 4 / 2 / 0 / −1, totals them and keeps what the device suggested', async () => {
    // 20 × 4 + 2 + 4 + 0 + (−1) + 0 = 85
    const answers = await file('mixed.yaml', answersYaml('implemented', { '1': 'partly_implemented', '2': 'implemented', '3': 'not_implemented', '5': 'unknown', '14': 'not_implemented' }));
    const r = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', answers, '--format', 'json', '--no-save']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = SelfCheckResult.parse(JSON.parse(r.stdout));
    const byItem = new Map(result.items.map((i) => [i.item, i]));
    expect(result.items.map((i) => i.item)).toEqual(ITEMS);
    expect([1, 2, 3, 5, 14, 25].map((n) => byItem.get(String(n))!.points)).toEqual([2, 4, 0, -1, 0, 4]);
    expect(result.total).toBe(85);
    expect(result.band).toBe('partly-insufficient');
    expect(result.items.every((i) => i.answeredBy === 'file')).toBe(true);
    expect(result.catalog).toEqual({ id: 'ipa-jisha-shindan', edition: '2019' });
    expect(result.scan.replay).toBe(true);

    // The suggestions are the scan's own: this recording lacks security updates, antivirus and a known screen lock.
    const report = Report.parse(JSON.parse((await cli(['scan', '--replay', CI_RECORDING, '--format', 'json'])).stdout));
    const suggested = report.guidelines.filter((g) => g.catalog === 'ipa-jisha-shindan' && g.suggestedAnswer);
    expect(Object.fromEntries(result.items.filter((i) => i.suggestion).map((i) => [i.item, i.suggestion!.answer]))).toEqual(Object.fromEntries(suggested.map((g) => [g.item, g.suggestedAnswer])));
    // No.1: security updates are waiting (a main measure fails), so the scan suggests 実施していない, not 一部実施.
    expect(byItem.get('1')!.suggestion).toMatchObject({ answer: 'not_implemented', taken: false });
    expect(byItem.get('2')!.suggestion).toMatchObject({ answer: 'not_implemented', taken: false });
    expect(byItem.get('1')!.suggestion!.checks).toContainEqual({ id: 'os-updates.automatic', status: 'fail' });
    // No.10 from the browsers probe: this machine has Debian's Chromium, and no policy turns its Safe Browsing off.
    expect(byItem.get('10')!.suggestion).toMatchObject({ answer: 'implemented', taken: true });
    expect(byItem.get('10')!.suggestion!.checks).toContainEqual({ id: 'browsers.dangerous-site-warnings', status: 'pass' });
    expect(byItem.get('5')!.suggestion).toBeNull();
  });

  it('says 100 is entry level achieved, and a low total needs urgent improvement, in the reader language', async () => {
    const full = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', await file('all.yaml', answersYaml('implemented')), '--no-save', '--lang', 'ja']);
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('合計: 100 / 100点');
    expect(full.stdout).toContain('現在の状況: 入門レベルのセキュリティ対策は達成');
    expect(full.stdout).toContain('次の対策: さらに強化');
    expect(full.stdout).toContain('すべての項目を「実施している」と回答しました。');

    const low = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', await file('low.yaml', answersYaml('partly_implemented', { '7': 'unknown' })), '--no-save', '--lang', 'en']);
    expect(low.code).toBe(0);
    expect(low.stdout).toContain('Total: 47 / 100 points');
    expect(low.stdout).toContain('Where you stand: an incident could happen at any time');
    expect(low.stdout).toContain('Next step: improve urgently');
    expect(low.stdout).toContain('"Don\'t know" items (No.7)');
    // Advice for every item not fully implemented, from the catalog.
    expect(low.stdout.match(/^No\.\d+ {2}/gm)).toHaveLength(25);
    expect(low.stdout).toContain('Lock the screen when leaving the desk');
    // The device suggested something else for No.2: the reader sees it beside the advice.
    expect(low.stdout).toContain('The device scan suggested: not implemented');
    expect(low.stdout).toContain('https://www.ipa.go.jp/security/guide/sme/5minutes.html');
  });

  it('words SECURITY ACTION as a declaration, never as something tenken certifies', async () => {
    for (const lang of ['ja', 'en']) {
      const r = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', await file('all.yaml', answersYaml('implemented')), '--no-save', '--lang', lang]);
      const line = r.stdout.split('\n').find((l) => l.startsWith('SECURITY ACTION'))!;
      expect(line).toMatch(lang === 'ja' ? /★★.*宣言できます/ : /declare the ★★/);
      expect(r.stdout).not.toMatch(/認定|取得|certified|certification/);
    }
  });

  it('saves the answers atomically where --save says, and scan --attach-selfcheck adds them to the report', async () => {
    const saved = join(dir, 'state', 'nested', 'selfcheck.json');
    const r = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', await file('save.yaml', answersYaml('implemented', { '3': 'not_implemented' })), '--save', saved, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Answers saved to ${saved}`);
    const kept = SelfCheckResult.parse(JSON.parse(await readFile(saved, 'utf8')));
    expect(kept.total).toBe(96);

    const scan = await cli(['scan', '--replay', CI_RECORDING, '--format', 'json', '--attach-selfcheck', saved]);
    expect(scan.code).toBe(1);
    const report = Report.parse(JSON.parse(scan.stdout));
    expect(report.selfCheck).toEqual(kept);
    // Without the flag nothing is attached (the report goldens stay as they are).
    expect(Report.parse(JSON.parse((await cli(['scan', '--replay', CI_RECORDING, '--format', 'json'])).stdout)).selfCheck).toBeUndefined();
  });

  it('attaches the self-check saved in the default state file', async () => {
    const state = join(dir, 'xdg');
    const env = { LANG: 'en_US.UTF-8', XDG_STATE_HOME: state, HOME: join(dir, 'home') };
    // With --replay the default file is this machine's, taken from the live host: here an ordinary Linux user
    // (the tests may run as root, whose file is /var/lib/tenken/selfcheck.json).
    const createHost = async () => ({ platform: 'linux', isAdmin: false }) as Host;
    const r = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', await file('default.yaml', answersYaml('implemented')), '--lang', 'en'], { env, createHost });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Answers saved to ${join(state, 'tenken', 'selfcheck.json')} (to attach them to a report: tenken scan --format json --attach-selfcheck)`);
    const scan = await cli(['scan', '--replay', CI_RECORDING, '--format', 'json', '--attach-selfcheck'], { env, createHost });
    expect(Report.parse(JSON.parse(scan.stdout)).selfCheck?.total).toBe(100);
  });

  it('exits 2 when there is no self-check to attach, or the file is not one', async () => {
    const missing = await cli(['scan', '--replay', CI_RECORDING, '--format', 'json', '--attach-selfcheck', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no self-check saved here: run `tenken selfcheck` first');
    const bad = await file('not-a-selfcheck.json', '{\n  "selfCheckVersion": 1,\n  "total": "lots"\n}\n');
    const invalid = await cli(['scan', '--replay', CI_RECORDING, '--format', 'json', '--attach-selfcheck', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${bad}:3:12: total: Invalid input: expected number`);
  });

  it('exits 2 on a bad answers file, with every mistake at its line', async () => {
    const bad = await file('bad.yaml', 'answers:\n  1: yes\n  26: implemented\n  "2": mostly\nextra: 1\n');
    const r = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', bad, '--no-save']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.replace(/^tenken: /, '').trim().split('\n');
    expect(lines).toEqual([
      `${bad}:2:6: answers.1: Invalid option: expected one of "implemented"|"partly_implemented"|"not_implemented"|"unknown"`,
      `${bad}:3:3: answers.26: no such item in ipa-jisha-shindan (items 1–25)`,
      `${bad}:4:8: answers.2: Invalid option: expected one of "implemented"|"partly_implemented"|"not_implemented"|"unknown"`,
      `${bad}:5:1: unknown key "extra"; the file holds "answers:" only`,
    ]);
    const json = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', await file('broken.json', '{\n  "answers": {\n    "1": "implemented",\n  }\n'), '--no-save']);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/broken\.json:\d+:\d+: YAML: /);
    const absent = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', join(dir, 'nope.yaml'), '--no-save']);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('cannot read');
  });
});

describe('tenken selfcheck at the terminal (answers typed through ask)', () => {
  it('asks only what the file leaves out, offers the suggestion with its evidence, takes it on Enter and asks again on nonsense', async () => {
    const partial = await file('partial.yaml', answersYaml('implemented', {}, ['1', '2', '5']));
    const typed = ['', '7', '4', '3'];
    const prompts: string[] = [];
    const r = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', partial, '--format', 'json', '--no-save', '--lang', 'ja'], {
      ask: async (q) => {
        prompts.push(q);
        return typed.shift()!;
      },
    });
    expect(r.code).toBe(0);
    // No.1 (suggested 実施していない): Enter. No.2 (suggested 実施していない): 7 is refused, then 4. No.5 (no suggestion): 3.
    expect(prompts).toEqual(['回答 [1-4、Enter で「実施していない」]: ', '回答 [1-4、Enter で「実施していない」]: ', '回答 [1-4、Enter で「実施していない」]: ', '回答 [1-4]: ']);
    expect(r.stderr).toContain('[1/3] No.1 パソコンやスマホ等情報機器の OS やソフトウェアは常に最新の状態にしていますか？');
    expect(r.stderr).toContain('端末の点検結果から「実施していない」を提案します（Enter で採用）— 根拠:');
    expect(r.stderr).toMatch(/不合格 +未適用のセキュリティ更新がない（主な対策）/);
    expect(r.stderr).toMatch(/不合格 +更新プログラムが自動でインストールされる設定になっている（補助的な対策）/);
    expect(r.stderr).toContain('1〜4 の数字で答えるか、Enter で提案を採用してください。');
    const result = SelfCheckResult.parse(JSON.parse(r.stdout));
    const byItem = new Map(result.items.map((i) => [i.item, i]));
    expect(byItem.get('1')).toMatchObject({ answer: 'not_implemented', answeredBy: 'person', suggestion: { taken: true } });
    expect(byItem.get('2')).toMatchObject({ answer: 'unknown', points: -1, answeredBy: 'person', suggestion: { answer: 'not_implemented', taken: false } });
    expect(byItem.get('5')).toMatchObject({ answer: 'not_implemented', suggestion: null });
    expect(result.total).toBe(22 * 4 + 0 - 1 + 0);
  });

  it('stops with exit 2 and saves nothing when input ends before the last answer', async () => {
    const save = join(dir, 'interrupted.json');
    const r = await cli(['selfcheck', '--replay', CI_RECORDING, '--save', save, '--lang', 'en'], { ask: () => Promise.reject(new Error('closed')) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Self-check interrupted: nothing was saved.');
    await expect(readFile(save, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

describe('tenken selfcheck without a terminal', () => {
  const node = process.execPath;
  const run = (args: string[]) =>
    promisify(execFile)(node, [join(ROOT, 'dist', 'src', 'main.js'), 'selfcheck', ...args], { env: { ...process.env, LANG: 'en_US.UTF-8' } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('teaches --answers when there is nothing to answer with', async () => {
    const r = await run(['--replay', CI_RECORDING, '--no-save']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('There is no terminal to ask the questions on. Write the answers in a file and give it with --answers');
  });

  it('names the items an answers file leaves out', async () => {
    const r = await run(['--replay', CI_RECORDING, '--no-save', '--answers', await file('gaps.yaml', answersYaml('implemented', {}, ['4', '17']))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gaps.yaml has no answer for No.4, 17, and there is no terminal to ask on: add them to the file.');
  });
});

describe('the state file', () => {
  it('is per user, or machine-wide for root, by the conventions of each OS', () => {
    const env = { HOME: '/home/hanako', XDG_STATE_HOME: '/home/hanako/.state', ProgramData: 'D:\\ProgramData' };
    expect(defaultStatePath({ platform: 'linux', isAdmin: false }, env)).toBe('/home/hanako/.state/tenken/selfcheck.json');
    expect(defaultStatePath({ platform: 'linux', isAdmin: false }, { HOME: '/home/hanako', XDG_STATE_HOME: 'relative' })).toBe('/home/hanako/.local/state/tenken/selfcheck.json');
    expect(defaultStatePath({ platform: 'linux', isAdmin: true }, env)).toBe('/var/lib/tenken/selfcheck.json');
    expect(defaultStatePath({ platform: 'win32', isAdmin: false }, env)).toBe('D:\\ProgramData\\tenken\\selfcheck.json');
    expect(defaultStatePath({ platform: 'win32', isAdmin: true }, {})).toBe('C:\\ProgramData\\tenken\\selfcheck.json');
    expect(defaultStatePath({ platform: 'darwin', isAdmin: false }, env)).toBe('/home/hanako/Library/Application Support/tenken/selfcheck.json');
    expect(defaultStatePath({ platform: 'darwin', isAdmin: true }, env)).toBe('/Library/Application Support/tenken/selfcheck.json');
  });
});

describe('tenken selfcheck --help', () => {
  it('documents the answers file, exit codes and examples', async () => {
    const r = await cli(['selfcheck', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['Examples:', 'Answers file (--answers)', '"2": partly_implemented', 'Exit codes: 0 the self-check was completed', '--attach-selfcheck']) expect(r.stdout).toContain(s);
  });

  it('is listed by tenken --help', async () => {
    expect((await cli(['--help'])).stdout).toContain('selfcheck');
  });

  it('works on the compliant machine too, where the device suggests "implemented"', async () => {
    const rec = await file('compliant.yaml', recordingToYaml(await compliantLaptop(), 'test'));
    const r = await cli(['selfcheck', '--replay', rec, '--answers', await file('ok.yaml', answersYaml('implemented')), '--format', 'json', '--no-save']);
    expect(r.code).toBe(0);
    const result = SelfCheckResult.parse(JSON.parse(r.stdout));
    const suggested = result.items.filter((i) => i.suggestion);
    expect(suggested.length).toBeGreaterThan(0);
    expect(suggested.every((i) => i.suggestion!.answer === 'implemented' && i.suggestion!.taken)).toBe(true);
    // No.11 from the backup probe: Déjà Dup completed a backup two days before the scan and runs weekly.
    expect(suggested.find((i) => i.item === '11')?.suggestion?.checks).toEqual([
      { id: 'backup.recent', status: 'pass' },
      { id: 'backup.automatic', status: 'pass' },
    ]);
  });

  it('suggests No.6 on the Windows PC from its Office macro checks, and nothing for No.6 where no office suite is installed', async () => {
    const answers = await file('all-unknown.yaml', answersYaml('unknown'));
    const windows = await file('windows.yaml', recordingToYaml(await windowsProJa(), 'test'));
    const r = await cli(['selfcheck', '--replay', windows, '--answers', answers, '--format', 'json', '--no-save']);
    const six = SelfCheckResult.parse(JSON.parse(r.stdout)).items.find((i) => i.item === '6')!;
    expect(six.suggestion).toEqual({
      answer: 'implemented',
      checks: [
        { id: 'office-macros.internet-blocked', status: 'pass' },
        { id: 'office-macros.not-all-enabled', status: 'pass' },
      ],
      taken: false,
    });
    const linux = await cli(['selfcheck', '--replay', CI_RECORDING, '--answers', answers, '--format', 'json', '--no-save']);
    expect(SelfCheckResult.parse(JSON.parse(linux.stdout)).items.find((i) => i.item === '6')!.suggestion).toBeNull();
  });
});
