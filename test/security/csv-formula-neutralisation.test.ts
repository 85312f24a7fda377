/**
 * Finding 19 of issue 13: CSV cells a spreadsheet could still run as a formula. Excel and LibreOffice skip
 * leading blanks before "=", Japanese IMEs type full-width ＝＋－＠, and a zero-width space or byte order mark
 * is invisible: each of these in front of a formula character must get the apostrophe too.
 */
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/collector/csv.ts';

const unquoted = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell);

describe('CSV export neutralises formulas behind blanks, full-width signs and invisible characters', () => {
  it.each([
    [' =1+1'],
    ['  +cmd|x'],
    ['\n=1'],
    ['\u3000=1'],
    ['＝1+1'],
    ['＋1'],
    ['－1'],
    ['＠SUM(A1)'],
    ['\u200b=1'],
    ['\ufeff=1'],
    ['\u200b ＝HYPERLINK("x")'],
  ])('%j starts with an apostrophe', (value) => {
    expect(unquoted(csvCell(value))).toBe(`'${value}`);
  });

  it('leaves ordinary text alone, blanks and full-width letters included', () => {
    for (const v of [' leading space', 'ＰＣ－０１', 'a=b', '－', 'x＋y']) expect(unquoted(csvCell(v))).toBe(v === '－' ? "'－" : v);
  });
});
