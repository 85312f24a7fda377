/** The clock-sync probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  automatic:
    'OS がネットワークの時刻サーバーから自動で時計を合わせるか（Linux: timedated の NTP サービスがオン、または別のデーモンによりカーネルの時計が同期済み。Windows: W32Time の Type が NTP、NT5DS または AllSync で、サービスが無効でない。macOS: 「日付と時刻を自動的に設定」がオン）',
  synchronised: 'カーネルが、いま時計が同期済みだと報告しているか（Linux の NTPSynchronized）。Windows と macOS では読み取りません',
  setting: 'OS が示すとおりの設定: NTP=yes/no（Linux）、W32Time の Type の値（Windows）、On/Off（macOS）',
};
