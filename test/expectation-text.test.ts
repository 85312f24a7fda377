/**
 * Observed against expected in words a person reads (src/report/expectation-text.ts), and times in the reader's
 * local zone (src/i18n/local-time.ts): one case per operator and kind of value, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { formatLocalTime, timeZoneFromEnv } from '../src/i18n/local-time.ts';
import { ageText, describeFact } from '../src/report/expectation-text.ts';
import type { ExpectationResult } from '../src/report/schema.ts';

const NOW = '2026-12-06T02:15:00.000Z';
const fact = (e: Partial<ExpectationResult> & Pick<ExpectationResult, 'op' | 'expected' | 'observed'>, label: [string, string]): ExpectationResult => ({
  path: 'x',
  label: { ja: label[0], en: label[1] },
  met: false,
  ...e,
});
const both = (e: ExpectationResult, states?: { yes: { ja: string; en: string }; no: { ja: string; en: string } }) =>
  (['ja', 'en'] as const).map((lang) => describeFact(e, { lang, timeZone: 'Asia/Tokyo', now: NOW, states }));

describe('a fact as a sentence', () => {
  it('says a yes/no fact in the policy\'s own words, never = or 期待値', () => {
    const onOff = { yes: { ja: '有効', en: 'on' }, no: { ja: '無効', en: 'off' } };
    expect(both(fact({ op: 'eq', expected: true, observed: false }, ['自動更新', 'automatic updates']), onOff)).toEqual([
      '自動更新: 無効（有効にする必要があります）',
      'Automatic updates: off (must be on)',
    ]);
    // Without words of its own: はい / いいえ.
    expect(both(fact({ op: 'eq', expected: false, observed: true }, ['再起動待ち', 'restart pending']))).toEqual(['再起動待ち: はい（いいえにする必要があります）', 'Restart pending: yes (must be no)']);
  });

  it('says counts without ≤: none wanted, at most, at least one', () => {
    expect(both(fact({ op: 'lte', expected: 0, observed: 81 }, ['未適用のセキュリティ更新', 'pending security updates']))).toEqual([
      '未適用のセキュリティ更新: 81（0にする必要があります）',
      'Pending security updates: 81 (must be 0)',
    ]);
    expect(both(fact({ op: 'lte', expected: 900, observed: 1200 }, ['ロックまでの時間（秒）', 'seconds until locked']))[0]).toBe('ロックまでの時間（秒）: 1200（900以下にする必要があります）');
    expect(both(fact({ op: 'not-empty', expected: null, observed: [] }, ['検出したウイルス対策ソフト', 'antivirus products found']))).toEqual([
      '検出したウイルス対策ソフト: なし（1つ以上必要です）',
      'Antivirus products found: none (at least one is needed)',
    ]);
  });

  it('says a time in local time with its zone and its age, and the window it must be in', () => {
    expect(both(fact({ op: 'max-age', expected: 'P7D', observed: '2024-06-04T15:06:00.000Z' }, ['定義ファイルの更新日時', 'signatures updated']))).toEqual([
      '定義ファイルの更新日時: 2024-06-05 00:06 JST（約2年前。7日以内である必要があります）',
      'Signatures updated: 2024-06-05 00:06 JST (about 2 years ago; must be within the last 7 days)',
    ]);
    expect(both(fact({ op: 'not-expired', expected: null, observed: '2023-05-31' }, ['セキュリティ更新の提供終了日', 'security updates end on']))).toEqual([
      'セキュリティ更新の提供終了日: 2023-05-31（この日を過ぎています）',
      'Security updates end on: 2023-05-31 (this date has passed)',
    ]);
  });

  it('names the probes\' values and joins a list with "or"', () => {
    expect(both(fact({ op: 'in', expected: ['deny', 'reject'], observed: 'allow' }, ['受信の既定動作', 'default for inbound']))).toEqual([
      '受信の既定動作: 許可（破棄・拒否のいずれかにする必要があります）',
      'Default for inbound: allow (must be drop or reject)',
    ]);
  });

  it('says only "unknown" for a fact that could not be read, and only the fact for one that made a check not apply', () => {
    expect(both(fact({ op: 'eq', expected: true, observed: null, met: null }, ['ファイアウォール', 'firewall active']))).toEqual(['ファイアウォール: 不明', 'Firewall active: unknown']);
    expect(both(fact({ op: 'gt', expected: 0, observed: 0, met: true }, ['無線LANアダプター', 'Wi-Fi adapters']))).toEqual(['無線LANアダプター: 0', 'Wi-Fi adapters: 0']);
  });

  it('gives an age in the unit a person would use', () => {
    const ago = (iso: string) => [ageText(iso, NOW, 'ja'), ageText(iso, NOW, 'en')];
    expect(ago('2026-12-06T02:03:00.000Z')).toEqual(['12分前', '12 minutes ago']);
    expect(ago('2026-12-05T21:15:00.000Z')).toEqual(['5時間前', '5 hours ago']);
    expect(ago('2026-11-20T02:15:00.000Z')).toEqual(['16日前', '16 days ago']);
    expect(ago('2025-06-06T02:15:00.000Z')).toEqual(['約18か月前', 'about 18 months ago']);
    expect(ageText('2027-01-01T00:00:00.000Z', NOW, 'en')).toBeUndefined();
  });
});

describe('local time', () => {
  it('shows an instant in the reader\'s zone with the zone\'s usual name', () => {
    expect(formatLocalTime(NOW, 'Asia/Tokyo')).toBe('2026-12-06 11:15 JST');
    expect(formatLocalTime(NOW, 'UTC')).toBe('2026-12-06 02:15 UTC');
    expect(formatLocalTime(NOW, 'Europe/Berlin')).toBe('2026-12-06 03:15 CET');
    expect(formatLocalTime(NOW, 'Asia/Kolkata')).toBe('2026-12-06 07:45 GMT+5:30');
    expect(formatLocalTime('2028-06-30', 'Asia/Tokyo')).toBe('2028-06-30');
  });

  it('takes the zone from TZ when Intl knows it', () => {
    expect(timeZoneFromEnv({ TZ: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(timeZoneFromEnv({ TZ: ':Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(timeZoneFromEnv({ TZ: 'JST-9' })).toBeUndefined();
    expect(timeZoneFromEnv({})).toBeUndefined();
  });
});
