/** The screen-lock probe's evidence fields described in Japanese for `tenken probes` (the English is each field's `.describe()`). */
export const EVIDENCE_JA: Readonly<Record<string, string>> = {
  graphicalSession:
    'コンソールのユーザーがグラフィカルなセッション（x11/wayland/mir）にいるか。テキストのコンソールなら false。コンソールのユーザーが見つからなければ null（Windows と macOS では、コンソールのユーザーは常にグラフィカル）',
  sessionType: 'logind が示す、コンソールのセッションの種類: x11、wayland、tty など。Windows では console、macOS では aqua',
  desktop: 'セッションが示すデスクトップ（logind の Desktop=、つまり XDG_SESSION_DESKTOP）を小文字で。例: gnome、ubuntu、kde、cinnamon',
  user: '設定を読み取ったコンソールのユーザーのログイン名',
  desktopFamily: 'そのデスクトップが使う設定の系統。対応していないデスクトップか、グラフィカルなセッションがなければ null',
  source: '設定を読み取った場所: gsettings、kreadconfig6/5、KDE の設定ファイルそのもの、Windows のレジストリ（と電源プラン）、または sysadminctl（macOS）',
  idleDelaySeconds:
    '操作がなくなってから、セッションがアイドルとみなされ、スクリーンセーバーまたはロック画面が始まるまでの秒数。0 は「しない」（Windows: スクリーンセーバーの待ち時間。スクリーンセーバーのプログラムが動かなければ 0。macOS: スクリーンセーバーの idleTime）',
  lockEnabled:
    'アイドルでスクリーンセーバーが始まったときに画面がロックされる（パスワードを求める）か。KDE: Autolock と RequirePassword。Windows: ScreenSaverIsSecure。macOS: スリープまたはスクリーンセーバーの後にパスワードを要求',
  lockDelaySeconds:
    'スクリーンセーバーが始まってからロックが効くまでの猶予の秒数（GNOME/Cinnamon の lock-delay、KDE の LockGrace、macOS の screenLock の遅延）。Windows では読み取りません',
  lockOnResume:
    'スリープから復帰したときにロックするか。KDE: LockOnResume。Windows: PC が持つすべての電源での CONSOLELOCK。macOS: 同じパスワードの設定。その設定がないデスクトップでは null',
  lockDisabledByPolicy: '制限の設定（lockdown）で画面のロックが禁止されているか（GNOME/Cinnamon の disable-lock-screen、KDE の kiosk の action/lock_screen=false）',
  locksWhenIdle: '上の設定をすべて合わせて、放置したセッションが最終的にロックされるか（Windows/macOS: その PC が持つすべての電源で）',
  lockAfterSeconds:
    '最後の入力から画面がロックされるまでの秒数（アイドルの待ち時間 + 猶予。Windows/macOS: 最も早くロックする経路の、それが最も長くかかる電源での値。読み取れなかった経路があっても、ロックが早まることしかないため、この値はロックされる最も遅い時点です）。ロックしないか、わからなければ null',
  windows: 'Windows のみ: ロックを判断したもとの設定',
  'windows.screenSaverActive': 'ScreenSaveActive（ポリシーの値を優先）',
  'windows.screenSaverSecure': 'ScreenSaverIsSecure（「再開時にログオン画面に戻る」。ポリシーの値を優先）',
  'windows.screenSaverTimeoutSeconds': 'ScreenSaveTimeOut（ポリシーの値を優先）',
  'windows.screenSaverProgram': 'SCRNSAVE.EXE（ポリシーの値を優先）。何も選ばれていなければ ""（「(なし)」: スクリーンセーバーは始まりません）',
  'windows.screenSaverFromPolicy': 'スクリーンセーバーの値のどれかがユーザーのポリシーのキーから来たか',
  'windows.inactivityTimeoutSeconds': 'PC の操作がない時間の上限 InactivityTimeoutSecs。ないかオフなら 0',
  'windows.hasBattery': 'Win32_Battery がバッテリーを示すか。バッテリー（DC）の電源の値は、そのときだけ適用されます',
  'windows.sleepAfterSeconds': 'スリープまでの時間（STANDBYIDLE）。AC と DC。0 は「しない」',
  'windows.signInOnWake': '復帰時にサインインを求める（CONSOLELOCK）。AC と DC',
  'windows.displayOffAfterSeconds': 'ディスプレイの電源を切るまでの時間（VIDEOIDLE）。AC と DC。ディスプレイが消えるだけではロックされません',
  macos: 'macOS のみ: ロックを判断したもとの設定',
  'macos.screenSaverIdleSeconds': 'スクリーンセーバーが始まるまでの秒数。0 は「しない」。未設定（OS の既定値）か読み取れなければ null',
  'macos.screenSaverIdleSource': 'idleTime の出どころ: ユーザーの ByHost の設定、管理されたプロファイル、またはどこにもない（OS の既定値）',
  'macos.displaySleepAcSeconds': 'AC 電源での pmset の displaysleep（秒）。0 は「しない」',
  'macos.displaySleepBatterySeconds': 'バッテリーでの pmset の displaysleep（秒）。0 は「しない」。バッテリーのない Mac では null',
  'macos.systemSleepAcSeconds': 'AC 電源での pmset の sleep（秒）。0 は「しない」',
  'macos.systemSleepBatterySeconds': 'バッテリーでの pmset の sleep（秒）。0 は「しない」。バッテリーのない Mac では null',
  'macos.managedPreferences': '構成プロファイルで設定された com.apple.screensaver の値。なければ空',
};
