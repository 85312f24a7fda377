/** The wifi probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  wirelessDevices: 'この PC の無線LANのインターフェースの数（0: 無線LANのハードウェアがない。例: 有線LANだけのデスクトップ）',
  networkManager: 'Linux のみ: 無線LANの情報の出どころである NetworkManager がインストールされ、応答するか',
  connected: '無線LANのインターフェースが、いまネットワークに接続しているか（クライアントとしてでも、ホットスポットとしてでも）',
  current: '現在の無線LANの接続。接続していなければ（connected を参照）、または読み取れなければ（unknown を参照）null',
  'current.device': '接続している無線LANのインターフェース: wlp2s0（Linux）、en0（macOS）、アダプターの説明（Windows）',
  'current.name': '使用中のプロファイルの名前。SSID と異なることがあります。OS が示さない場合（macOS）は null',
  'current.ssid': 'ネットワークの名前。プロファイルを読み取れなければ null',
  'current.security':
    'プロファイルが使う暗号化: open（なし）、wep、wpa（WPA1 のみ）、owe（Enhanced Open）、wpa2、wpa3。鍵管理がこのプローブの知らないものなら null',
  'current.mode': 'personal（共有のパスフレーズか WEP キー）または enterprise（802.1X のアカウント）。誰も認証しないオープンと OWE のネットワークでは null',
  'current.keyMgmt': 'Linux: 使用中のプロファイルの 802-11-wireless-security.key-mgmt。セキュリティの設定がなければ（open）null',
  'current.proto': 'Linux: プロファイルが許可する WPA のバージョン（wpa = WPA1、rsn = WPA2）。空は NetworkManager の既定で、両方',
  'current.pairwise': 'Linux: プロファイルが許可するペアワイズ暗号（tkip、ccmp）。空は NetworkManager の既定で、すべて',
  'current.tkipOnly':
    'ペアワイズ暗号が、WPA1 の時代の破られた暗号である TKIP だけか（Linux: プロファイルが TKIP だけを許可。Windows: 接続で TKIP がネゴシエートされた）',
  'current.wirelessMode': 'infrastructure、ap（ホットスポット）、adhoc または mesh',
  'current.windows': 'Windows のみ: WlanQueryInterface による、接続でネゴシエートされたセキュリティ',
  'current.windows.authAlgorithm':
    'WLAN_SECURITY_ATTRIBUTES.dot11AuthAlgorithm（DOT11_AUTH_ALGORITHM: 1 オープン、2 共有キー、3 WPA、4 WPA-PSK、6 RSNA、7 RSNA-PSK、8 WPA3-ENT-192、9 WPA3-SAE、10 OWE、11 WPA3-ENT）',
  'current.windows.cipherAlgorithm':
    'WLAN_SECURITY_ATTRIBUTES.dot11CipherAlgorithm（DOT11_CIPHER_ALGORITHM: 0 なし、1 WEP40、2 TKIP、4 CCMP、5 WEP104、8 GCMP、9 GCMP-256、0x101 WEP）',
  'current.windows.oneX': 'この接続で 802.1X が使われているか',
  'current.macos': 'macOS のみ: セキュリティのモード（そのまま）',
  'current.macos.securityMode': 'system_profiler が表示するとおりの spairport_security_mode',
  savedNetworks: '保存されている無線LANのプロファイルすべて',
  savedOpenNetworks: '暗号化のない、保存されている無線LANのプロファイル（security が open。OWE は含みません）',
  savedOpenAutoconnectCount: '保存されているオープンなネットワークのうち、範囲内に入ると OS が自動で接続するものの数',
};
