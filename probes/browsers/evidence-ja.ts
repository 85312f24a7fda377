/** The browsers probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  browsers: '見つかったブラウザー。一つもインストールされていなければ空',
  installed: '見つかったブラウザーの名前',
  selfUpdating: '見つかったブラウザーのうち、（OS の更新ではなく）自分自身で更新するものの名前。更新と古さに関する項目は、これらのブラウザーについてのものです',
  updatesBlockedByPolicy: '自分自身で更新するブラウザーのうち、ポリシーで更新が止められているもの。そうしたブラウザーのポリシーを一つでも読み取れなければ null',
  warningsOffByPolicy: '危険なサイトへの警告がポリシーで無効にされているブラウザー（と Windows の SmartScreen）。ポリシーを一つでも読み取れなければ null',
  oldestFilesWrittenAt:
    '自分自身で更新するブラウザーの filesWrittenAt のうち最も古いもの。Chrome、Edge、Firefox は少なくとも 4 週間ごとに新しいリリースを出すため、それよりずっと古いファイルは更新が止まっていることを示します。そうしたブラウザーがないか、日付が欠けていれば null',
};
