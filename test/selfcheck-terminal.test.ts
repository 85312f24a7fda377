/**
 * `tenken selfcheck` in a real terminal: the built CLI runs inside tmux, keys are sent as a person would type
 * them, and the screen and the saved answers are read back. Needs tmux (.ci/run installs it) and a build
 * (`npm test` builds first). Waiting polls the screen for the next expected text; nothing asserts on time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SelfCheckResult } from '../src/selfcheck/result.ts';

const ROOT = join(import.meta.dirname, '..');
const CI_RECORDING = join(ROOT, 'test', 'recordings', 'linux-debian12-ci.yaml');
const CLI = join(ROOT, 'dist', 'src', 'main.js');
// A server of our own, so that the tests never touch a tmux the developer is using.
const SOCKET = `tenken-test-${process.pid}`;
const run = promisify(execFile);
const tmux = (...args: string[]) => run('tmux', ['-L', SOCKET, ...args]);
let dir: string;

/** Polls the pane until `text` is on it; fails with the screen when it never appears. */
async function waitFor(session: string, text: string, attempts = 300): Promise<string> {
  let screen = '';
  for (let i = 0; i < attempts; i++) {
    screen = (await tmux('capture-pane', '-p', '-J', '-S', '-1000', '-t', session)).stdout;
    if (screen.includes(text)) return screen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`"${text}" never appeared in the terminal; it shows:\n${screen}`);
}

/** Starts the CLI in a 200×50 terminal; its exit code is printed when it ends and the pane stays open. */
async function start(session: string, args: string[]): Promise<void> {
  const quoted = [process.execPath, CLI, 'selfcheck', ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  await tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', `${quoted}; echo "EXIT=$?"; sleep 600`);
}

beforeAll(async () => {
  const found = await run('tmux', ['-V']).catch(() => undefined);
  if (!found) throw new Error('tmux is needed to drive the interactive self-check in a real terminal: install it (apt-get install -y tmux); .ci/run does');
  dir = await mkdtemp(join(tmpdir(), 'tenken-selfcheck-tty-'));
});

afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
});

describe('tenken selfcheck in a terminal', () => {
  it('pre-fills the suggestion with its evidence, takes it on Enter, refuses nonsense, and scores the 25 answers', async () => {
    const save = join(dir, 'answers.json');
    await start('answer', ['--replay', CI_RECORDING, '--lang', 'ja', '--save', save]);

    // No.1: the scan suggests 実施していない (security updates are waiting) and says why; Enter takes it.
    const first = await waitFor('answer', '回答 [1-4、Enter で「実施していない」]:');
    expect(first).toContain('[1/25] No.1 パソコンやスマホ等情報機器の OS やソフトウェアは常に最新の状態にしていますか？');
    expect(first).toContain('端末の点検結果から「実施していない」を提案します（Enter で採用）— 根拠:');
    expect(first).toMatch(/合格 +OSのバージョンがサポート期間内/);
    await tmux('send-keys', '-t', 'answer', 'Enter');
    // The prompt line stays blank after Enter; the answer taken is said on the next line.
    const taken = await waitFor('answer', '提案どおり');
    expect(taken).toMatch(/回答 \[1-4、Enter で「実施していない」\]: *\n {2}→ 提案どおり「実施していない」と回答しました。/);

    // No.2: the scan suggests 実施していない; 9 is refused, 4 (わからない) is taken.
    await waitFor('answer', '[2/25] No.2');
    await tmux('send-keys', '-t', 'answer', '9', 'Enter');
    await waitFor('answer', '1〜4 の数字で答えるか、Enter で提案を採用してください。');
    await tmux('send-keys', '-t', 'answer', '4', 'Enter');

    // No.3: the scan suggests 一部実施している (no automatic login, no account without a password, but new
    // passwords may be 6 characters long); 1 answers otherwise.
    const third = await waitFor('answer', '回答 [1-4、Enter で「一部実施している」]:');
    expect(third).toContain('[3/25] No.3');
    await tmux('send-keys', '-t', 'answer', '1', 'Enter');

    // No.4: the scan suggests 実施している (no folder is shared, no sharing service is on); Enter takes it.
    await waitFor('answer', '[4/25] No.4');
    await waitFor('answer', '回答 [1-4、Enter で「実施している」]:');
    await tmux('send-keys', '-t', 'answer', 'Enter');

    // No.5 has no suggestion: Enter alone asks again.
    await waitFor('answer', '[5/25] No.5');
    await tmux('send-keys', '-t', 'answer', 'Enter');
    await waitFor('answer', '1〜4 の数字で答えてください。');
    for (let n = 5; n <= 25; n++) {
      await waitFor('answer', `[${n}/25] No.${n} `);
      await tmux('send-keys', '-t', 'answer', '1', 'Enter');
    }

    // 0 + (−1) + 23 × 4 = 91 (No.4 taken as suggested, the rest answered 1): IPA's 70–99 band.
    const end = await waitFor('answer', 'EXIT=');
    expect(end).toContain('EXIT=0');
    expect(end).toContain('合計: 91 / 100点');
    expect(end).toContain('現在の状況: 部分的な対策が不十分');
    expect(end).toContain('次の対策: 100点満点への挑戦');
    expect(end).toMatch(/No\.2 {2}わからない（-1点）/);
    const saved = SelfCheckResult.parse(JSON.parse(await readFile(save, 'utf8')));
    expect(saved.total).toBe(91);
    expect(saved.band).toBe('partly-insufficient');
    expect(saved.items[0]).toMatchObject({ item: '1', answer: 'not_implemented', points: 0, answeredBy: 'person', suggestion: { answer: 'not_implemented', taken: true } });
    expect(saved.items[1]).toMatchObject({ item: '2', answer: 'unknown', points: -1, suggestion: { answer: 'not_implemented', taken: false } });
    expect(saved.items[2]).toMatchObject({ item: '3', answer: 'implemented', suggestion: { answer: 'partly_implemented', taken: false } });
    expect(saved.items[3]).toMatchObject({ item: '4', answer: 'implemented', suggestion: { answer: 'implemented', taken: true } });
    expect(saved.items.slice(2).every((i) => i.answer === 'implemented')).toBe(true);
  });

  it('asks in English only what the answers file leaves out', async () => {
    const answers = join(dir, 'most.yaml');
    await writeFile(answers, `answers:\n${Array.from({ length: 24 }, (_, i) => `  "${i + 2}": not_implemented\n`).join('')}`);
    await start('partial', ['--replay', CI_RECORDING, '--lang', 'en', '--answers', answers, '--no-save']);
    const screen = await waitFor('partial', 'Answer [1-4, Enter for "not implemented"]:');
    expect(screen).toContain('[1/1] No.1 Are the OS and software');
    expect(screen).toContain('The device scan suggests "not implemented" (press Enter to take it) — evidence:');
    expect(screen).toMatch(/FAIL +No security updates are waiting to be installed \(main measure\)/);
    await tmux('send-keys', '-t', 'partial', 'Enter');
    const end = await waitFor('partial', 'EXIT=');
    expect(end).toContain('→ Answered "not implemented", as suggested.');
    expect(end).toContain('EXIT=0');
    expect(end).toContain('Total: 0 / 100 points');
    expect(end).toContain('Where you stand: an incident could happen at any time');
  });

  it('stops on Ctrl-C with exit 2 and saves nothing', async () => {
    const save = join(dir, 'interrupted.json');
    await start('interrupt', ['--replay', CI_RECORDING, '--lang', 'ja', '--save', save]);
    await waitFor('interrupt', '[1/25] No.1');
    await tmux('send-keys', '-t', 'interrupt', 'C-c');
    const end = await waitFor('interrupt', 'EXIT=');
    expect(end).toContain('自社診断を中断しました。回答は保存していません。');
    expect(end).toContain('EXIT=2');
    await expect(readFile(save, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
