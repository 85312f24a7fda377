/**
 * Why a report could not reach the collector, or an enrollment failed, in Japanese and English. They are
 * reasons like the probes' (src/i18n/reasons.ts): a queued report keeps the code, and whoever shows it
 * renders it in the reader's language.
 */
import { template as t } from './message.ts';

export const DELIVERY_REASONS = {
  'network.dns': t<{ host: string; code: string }>(
    (p) => `コレクターのホスト ${p.host} が見つかりません（名前解決に失敗しました。${p.code}）。アドレスとこの PC のネットワークを確認してください`,
    (p) => `cannot find the collector's host ${p.host} (DNS lookup failed, ${p.code}); check the address and this PC's network`,
  ),
  'network.refused': t<{ host: string }>(
    (p) => `${p.host} のコレクターが接続を拒否しました（ECONNREFUSED）。コレクターが動いていないか、そのアドレスで待ち受けていません`,
    (p) => `the collector at ${p.host} refused the connection (ECONNREFUSED): it is not running or not listening there`,
  ),
  'network.reset': t<{ host: string; code: string }>((p) => `${p.host} のコレクターとの接続が途中で切れました（${p.code}）`, (p) => `the connection to the collector at ${p.host} was cut off (${p.code})`),
  'network.timeout': t<{ host: string; seconds: number }>(
    (p) => `${p.host} のコレクターが ${p.seconds} 秒以内に応答しませんでした`,
    (p) => `the collector at ${p.host} did not answer within ${p.seconds} s`,
  ),
  'network.unreachable': t<{ host: string; code: string }>(
    (p) => `${p.host} のコレクターへの経路がありません（${p.code}）。この PC がオフラインか、ネットワークが通信を遮断しています`,
    (p) => `no route to the collector at ${p.host} (${p.code}): this PC is offline or the network blocks it`,
  ),
  'network.other': t<{ host: string }>((p) => `${p.host} のコレクターに接続できません`, (p) => `cannot reach the collector at ${p.host}`),
  'tls.untrusted': t<{ host: string; code: string }>(
    (p) =>
      `TLS: ${p.host} の証明書は信頼されていません（${p.code}: 自己署名か、不明な認証局のものです）。信頼された認証局の証明書をコレクターに設定するか、登録のときにその CA を指定してください（tenken enroll … --ca-fingerprint sha256:…。値はコレクターに表示されます）`,
    (p) =>
      `TLS: the certificate of ${p.host} is not trusted (${p.code}: self-signed or from an unknown authority); give the collector a certificate from a trusted authority, or pin its CA when enrolling (tenken enroll … --ca-fingerprint sha256:…, shown by the collector)`,
  ),
  'tls.expired': t<{ host: string; code: string }>(
    (p) => `TLS: ${p.host} の証明書は期限切れです（${p.code}）。コレクターの証明書を更新してください（この PC の時計も確認してください）`,
    (p) => `TLS: the certificate of ${p.host} has expired (${p.code}); renew the collector's certificate (or check this PC's clock)`,
  ),
  'tls.not-yet-valid': t<{ host: string; code: string }>(
    (p) => `TLS: ${p.host} の証明書はまだ有効になっていません（${p.code}）。この PC の時計を確認してください`,
    (p) => `TLS: the certificate of ${p.host} is not valid yet (${p.code}); check this PC's clock`,
  ),
  'tls.wrong-host': t<{ host: string; code: string }>(
    (p) => `TLS: ${p.host} が示した証明書は別のホスト名のものです（${p.code}）。証明書が発行された名前でアクセスしてください`,
    (p) => `TLS: the certificate presented by ${p.host} is for another host name (${p.code}); use the name the certificate was issued for`,
  ),
  'tls.pin-mismatch': t<{ host: string; fingerprint: string; code: string }>(
    (p) =>
      `TLS: ${p.host} の証明書は、登録時に固定した CA（${p.fingerprint}）の発行ではありません（${p.code}）。コレクターの CA を作り直した場合は、新しい指紋で tenken enroll をやり直してください。心当たりがなければ、別の機械が応答しています`,
    (p) =>
      `TLS: the certificate of ${p.host} is not from the CA pinned at enrollment (${p.fingerprint}) (${p.code}); if the collector's CA was made anew, enroll again with its new fingerprint — otherwise another machine is answering`,
  ),
  'tls.other': t<{ host: string; code: string }>((p) => `${p.host} との TLS 通信でエラーが発生しました（${p.code}）`, (p) => `TLS error talking to ${p.host} (${p.code})`),
  'collector.redirect': t<{ host: string; status: number }>(
    (p) => `${p.host} のコレクターがリダイレクト（${p.status}）を返しました。レポートは登録したアドレスにだけ送ります（アドレスを確認するか、登録し直してください）`,
    (p) => `the collector at ${p.host} answered ${p.status}, a redirect: reports are sent to the enrolled address only (check it, or enroll again)`,
  ),
  'collector.not-the-collector': t<{ status: number; contentType: string }>(
    (p) =>
      `コレクターではない相手から応答がありました（HTTP ${p.status}、${p.contentType}）。公衆 Wi-Fi などのログイン画面（キャプティブポータル）やプロキシではありませんか？ レポートはキューに残し、後で再送します`,
    (p) => `the network answered with something that is not the collector (HTTP ${p.status}, ${p.contentType}) — a captive portal or a proxy? The report stays queued and is sent again later`,
  ),
  'collector.other-report': t<{ id: string }>(
    (p) => `コレクターの応答は別のレポート ${p.id} の受領でした。レポートはキューに残し、後で再送します`,
    (p) => `the collector's answer is an acceptance of another report, ${p.id}; the report stays queued and is sent again later`,
  ),
  'collector.busy': t<{ status: number }>((p) => `コレクターが ${p.status} を返しました（後で再送します）`, (p) => `the collector answered ${p.status}`),
  'enroll.redirect': t<{ host: string; status: number }>(
    (p) => `登録に失敗しました: ${p.host} がリダイレクト（${p.status}）を返しました。コレクター自身のアドレスを指定してください（リダイレクトはたどりません）`,
    (p) => `enrollment failed: ${p.host} answered ${p.status}, a redirect; give the collector's own address (redirects are not followed)`,
  ),
  'enroll.bad-secret': t(
    (_) => 'コレクターが登録シークレットを受け付けませんでした。コレクターの管理者に現在のシークレットを確認してください',
    (_) => 'the collector refused the enroll secret; ask its administrator for the current one',
  ),
  'enroll.closed': t((_) => 'コレクターは現在、新しい端末の登録を受け付けていません', (_) => 'the collector does not accept new devices now'),
  'enroll.refused': t<{ status: number }>((p) => `コレクターが登録を拒否しました（${p.status}）`, (p) => `the collector refused the enrollment: ${p.status}`),
  'enroll.server-error': t<{ status: number }>(
    (p) => `登録に失敗しました: コレクターが ${p.status} を返しました。しばらくしてからもう一度試してください`,
    (p) => `enrollment failed: the collector answered ${p.status}; try again later`,
  ),
  'enroll.not-a-collector': t<{ origin: string }>(
    (p) => `登録に失敗しました: ${p.origin} は tenken のコレクターとして応答しませんでした`,
    (p) => `enrollment failed: ${p.origin} did not answer like a tenken collector`,
  ),
};
