/** The sharing probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  sharedFolders:
    'この PC がほかのコンピューターと共有しているフォルダー（Windows: 管理用の $ 共有は除きます。Linux: Samba か NFS のサーバーが自動で起動する場合だけ）。macOS では読み取りません',
  foldersOpenToEveryone: '共有フォルダーのうち、誰でも開けるもの（openToEveryone が true）の名前',
  guestAccess: 'macOS: ファイル共有がパスワードなしでゲストを受け入れるか（com.apple.smb.server の AllowGuestAccess）。ファイル共有がオフの間は false',
  services:
    'オンになっている共有のサービス。Linux: 有効か実行中の Samba または NFS のサーバー。macOS: ファイル共有（smbd）、プリンタ共有（cupsctl _share_printers）、インターネット共有（com.apple.nat）。Server サービスが常に動いている Windows では読み取りません',
  smb1Server: 'Windows: SMB1 のサーバーがオンか（Get-SmbServerConfiguration の EnableSMB1Protocol）。WannaCry が広がるのに使ったプロトコルです',
};
