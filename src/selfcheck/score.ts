/**
 * Points and bands of the 自社診断. The sheet scores 実施している 4 / 一部実施している 2 / 実施していない 0 /
 * わからない −1 over 25 items (100 at most) and reads the total in four bands. Source: IPA「5分でできる！情報
 * セキュリティ自社診断」 as transcribed by the Tokyo Metropolitan Government
 * (shanaitaisei.metro.tokyo.lg.jp/r5/seminar01/page3-3-3.html, "IPA … を基に作成"; research/policy-report.md A3):
 *
 *   合計得点   現在の状況                          次の対策
 *   100点満点  入門レベルのセキュリティ対策は達成  さらに強化
 *   70〜99点   部分的な対策が不十分                100点満点への挑戦
 *   50〜69点   対策が不十分                        低い項目から改善
 *   49点以下   事故がいつ起きても不思議ではない    早急に改善
 */
import { JISHA_POINTS, type JishaAnswer } from '../report/vocabulary.ts';
import type { SelfCheckBand } from './result.ts';

export const pointsFor = (answer: JishaAnswer): 4 | 2 | 0 | -1 => JISHA_POINTS[answer];

export function totalOf(answers: readonly JishaAnswer[]): number {
  return answers.reduce((sum, a) => sum + pointsFor(a), 0);
}

/** The band of a total on the 100-point sheet; a negative total (many わからない) is the lowest band. */
export function bandOf(total: number): SelfCheckBand {
  if (total >= 100) return 'achieved';
  if (total >= 70) return 'partly-insufficient';
  if (total >= 50) return 'insufficient';
  return 'urgent';
}
