/** The backup probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  user: 'バックアップの設定を読み取ったコンソールのユーザー（ファイル履歴、OneDrive、Déjà Dup はユーザーごとの設定です）。Time Machine が PC 全体の設定である macOS では null',
  tools: 'この PC で設定されているバックアップツール。tenken が知っているものが一つも設定されていなければ空。読み取れなかった場所があれば null',
  automatic: 'そのうち少なくとも一つが、スケジュールに従って自動でバックアップするか',
  neverBackedUp:
    'バックアップツールが設定されているのに、どれも一度もバックアップを完了していなければ true。どれかが完了していれば false。ツールが見つからないか読み取れなければ null',
  lastBackupAt: 'いずれかのツールが最後にバックアップを完了した日時（ISO 8601、UTC）',
};
