import { describe, expect, it } from 'vitest';
import { generateDeviceKey, importPublicKey, keyId, pae, publicPart, signEnvelope, verifyEnvelope } from '../src/transport/dsse.ts';
import { REPORT_PAYLOAD_TYPE } from '../src/transport/protocol.ts';

describe('DSSE envelopes', () => {
  it('encodes PAE as the DSSE protocol document shows', () => {
    // github.com/secure-systems-lab/dsse protocol.md, "Test vectors": PAE of this type and body.
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts bytes, not characters, in PAE', () => {
    expect(pae('t', Buffer.from('点検')).toString()).toBe('DSSEv1 1 t 6 点検');
  });

  const key = generateDeviceKey();
  const registered = importPublicKey(publicPart(key));
  const payload = Buffer.from(JSON.stringify({ reportId: 'x', hostname: '<script>' }));

  it('verifies with the registered key', () => {
    const env = signEnvelope(REPORT_PAYLOAD_TYPE, payload, key);
    expect(env.signatures[0]!.keyid).toBe(keyId(key));
    const v = verifyEnvelope(env, REPORT_PAYLOAD_TYPE, registered);
    expect(v.ok && v.payload.equals(payload)).toBe(true);
  });

  it('refuses a tampered payload, a changed payload type and another device’s signature', () => {
    const env = signEnvelope(REPORT_PAYLOAD_TYPE, payload, key);
    const tampered = { ...env, payload: Buffer.from(payload.toString().replace('x', 'y')).toString('base64') };
    expect(verifyEnvelope(tampered, REPORT_PAYLOAD_TYPE, registered)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyEnvelope({ ...env, payloadType: 'text/plain' }, 'text/plain', registered)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyEnvelope(env, 'text/plain', registered)).toEqual({ ok: false, reason: 'wrong-payload-type' });
    const other = signEnvelope(REPORT_PAYLOAD_TYPE, payload, generateDeviceKey());
    // The other device's keyid is even swapped for ours: the keyid is never trusted.
    const forged = { ...other, signatures: [{ keyid: keyId(key), sig: other.signatures[0]!.sig }] };
    expect(verifyEnvelope(forged, REPORT_PAYLOAD_TYPE, registered)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('computes the RFC 7638 thumbprint of an Ed25519 key', () => {
    // RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
    expect(keyId({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });
});
