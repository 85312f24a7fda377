import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { durationOption, formatDuration, parseDurationSeconds } from '../src/duration.ts';

describe('durations', () => {
  it('reads units and sums them', () => {
    expect(parseDurationSeconds('90s')).toBe(90);
    expect(parseDurationSeconds('15m')).toBe(900);
    expect(parseDurationSeconds('24h')).toBe(86_400);
    expect(parseDurationSeconds('7d')).toBe(604_800);
    expect(parseDurationSeconds(' 1H30m ')).toBe(5400);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', '24', 'h', '1.5h', '-1h', '0s', '1h 30m', '1w']) expect(parseDurationSeconds(bad), bad).toBeNull();
  });

  it('writes durations back in their shortest form', () => {
    expect(formatDuration(86_400)).toBe('24h');
    expect(formatDuration(172_800)).toBe('2d');
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(45)).toBe('45s');
  });

  it('is a commander option parser with a minimum, refusing in the language of help', () => {
    expect(durationOption(60, 'en')('1h')).toBe(3600);
    expect(() => durationOption(60, 'en')('30s')).toThrow(InvalidArgumentError);
    expect(() => durationOption(60, 'en')('30s')).toThrow('30s is too short; at least 1m');
    expect(() => durationOption(1, 'en')('soon')).toThrow(/not a duration/);
    expect(() => durationOption(900, 'ja')('5m')).toThrow('5m は短すぎます。15m 以上にしてください');
    expect(() => durationOption(1, 'ja')('soon')).toThrow('「soon」は期間として読めません。90s、15m、24h、7d、1h30m のように書いてください');
  });
});
