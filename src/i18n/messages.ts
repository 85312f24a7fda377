/** Every fixed string people read, in Japanese and English, in one place. */
import type { Localized } from '../report/schema.ts';

export const MESSAGES = {
  heading: { ja: 'tenken（点検）端末セキュリティ診断', en: 'tenken posture check' },
  device: { ja: '端末', en: 'Device' },
  profile: { ja: 'プロファイル', en: 'Profile' },
  policy: { ja: 'ポリシー', en: 'Policy' },
  scannedAt: { ja: '診断日時', en: 'Scanned' },
  replayOf: { ja: '記録の再生', en: 'Replay of' },
  notAdmin: {
    ja: '管理者権限なしで実行したため、一部の項目は確認できません。',
    en: 'Running without administrator rights: some facts cannot be read.',
  },
  consoleUserMissing: { ja: 'コンソールのユーザーを特定できません', en: 'No console user found' },
  observed: { ja: '確認結果', en: 'Observed' },
  expected: { ja: '期待値', en: 'expected' },
  reason: { ja: '理由', en: 'Reason' },
  fix: { ja: '対処方法', en: 'How to fix' },
  supports: { ja: '対応するIPA項目', en: 'IPA items' },
  severity: { ja: '重要度', en: 'severity' },
  summary: { ja: '集計', en: 'Summary' },
  jishaHeading: { ja: 'IPA「5分でできる！情報セキュリティ自社診断」— この端末から確認できた項目', en: "IPA 5-minute self-check — items this device evidences" },
  points: { ja: '参考点', en: 'Indicative points' },
  pointsUnit: { ja: '点', en: 'points' },
  itemsUnit: { ja: '項目', en: 'items' },
  resultLine: { ja: '結果', en: 'Result' },
  exitCode: { ja: '終了コード', en: 'exit code' },
  unknownValue: { ja: '不明', en: 'unknown' },
  none: { ja: 'なし', en: 'none' },
  never: { ja: 'なし（ロックしない）', en: 'never' },
  unsupportedPlatform: { ja: 'この OS ではまだ確認できません', en: 'tenken cannot inspect this on this OS yet' },
  needsAdmin: { ja: '管理者権限が必要です（sudo または管理者として実行してください）', en: 'needs administrator rights (run with sudo or as Administrator)' },
  probeError: { ja: '確認中にエラーが発生しました', en: 'the check failed to run' },
  otherPlatforms: { ja: 'この OS は対象外です', en: 'not checked on this OS' },
  verdict: { ja: '判定', en: 'Decision' },
  stepsToGo: { ja: '接続できるようにするには', en: 'To get there' },
  undecidedSteps: { ja: '確認できなかった項目（解決するか、管理者に相談してください）', en: 'Could not be checked (resolve it, or ask your administrator)' },
  confirmYourself: { ja: 'ご自身で確認してください（tenken には確認できません）', en: 'Confirm these yourself (tenken cannot observe them)' },
  fixAndRetry: { ja: '直したら、もう一度 tenken check を実行してください。', en: 'When fixed, run tenken check again.' },
} as const satisfies Record<string, Localized>;

export const STATUS_LABEL = {
  pass: { ja: '合格', en: 'PASS' },
  fail: { ja: '不合格', en: 'FAIL' },
  unknown: { ja: '判定不能', en: 'UNKNOWN' },
  not_applicable: { ja: '対象外', en: 'N/A' },
  error: { ja: 'エラー', en: 'ERROR' },
} as const satisfies Record<string, Localized>;

export const RESULT_LABEL = {
  compliant: { ja: '問題は見つかりませんでした', en: 'compliant' },
  failed: { ja: '対処が必要な項目があります', en: 'action needed' },
  incomplete: { ja: '確認できなかった項目があります', en: 'incomplete' },
} as const satisfies Record<string, Localized>;

export const SEVERITY_LABEL = {
  low: { ja: '低', en: 'low' },
  medium: { ja: '中', en: 'medium' },
  high: { ja: '高', en: 'high' },
  critical: { ja: '緊急', en: 'critical' },
} as const satisfies Record<string, Localized>;

export const GUIDELINE_STATUS_LABEL = {
  pass: { ja: '満たしている', en: 'met' },
  partial: { ja: '一部満たしている', en: 'partly met' },
  fail: { ja: '満たしていない', en: 'not met' },
  unknown: { ja: 'わからない', en: 'cannot tell' },
  not_applicable: { ja: '対象外', en: 'not applicable' },
  manual: { ja: '手動で確認', en: 'check by hand' },
} as const satisfies Record<string, Localized>;

export const JISHA_ANSWER_LABEL = {
  implemented: { ja: '実施している', en: 'implemented' },
  partly_implemented: { ja: '一部実施している', en: 'partly implemented' },
  not_implemented: { ja: '実施していない', en: 'not implemented' },
  unknown: { ja: 'わからない', en: "don't know" },
} as const satisfies Record<string, Localized>;

export const GATE_VERDICT = {
  go: { ja: '社内ネットワークに接続できます', en: 'You may connect to the office network' },
  'no-go': { ja: 'まだ社内ネットワークに接続しないでください', en: 'Do not connect to the office network yet' },
  'cannot-tell': {
    ja: '確認できない項目があるため判断できません。接続する前に管理者に相談してください',
    en: 'tenken could not check everything: ask your administrator before connecting',
  },
} as const satisfies Record<string, Localized>;
