/** The p2p-software probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  findings: '一覧にあるソフトウェアを見つけた箇所すべて。何も見つからず、読み取れなかった場所があれば null',
  software: '見つかった、一覧にあるソフトウェアの名前（それぞれ 1 回ずつ）。なければ空。何も見つからず、読み取れなかった場所があれば null',
};
