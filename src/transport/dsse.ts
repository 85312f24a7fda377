/**
 * Signed reports: DSSE envelopes (github.com/secure-systems-lab/dsse, protocol.md) with the device's Ed25519
 * key. The signature covers PAE(payloadType, payload), never the raw payload alone, so a changed payloadType
 * is caught too; the verifying side uses the key it registered at enrollment, never a key the envelope names
 * (both pitfalls seen in practice: msaad00/agent-bom #4151).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

export const Ed25519PublicJwk = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a base64url Ed25519 public key (32 bytes)'),
});
export type Ed25519PublicJwk = z.infer<typeof Ed25519PublicJwk>;

export const Ed25519PrivateJwk = Ed25519PublicJwk.extend({ d: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
export type Ed25519PrivateJwk = z.infer<typeof Ed25519PrivateJwk>;

export const DsseEnvelope = z.strictObject({
  payloadType: z.string().min(1),
  payload: z.base64().describe('the payload bytes, standard base64'),
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.base64() })).min(1),
});
export type DsseEnvelope = z.infer<typeof DsseEnvelope>;

/** DSSE v1 Pre-Authentication Encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the key id both sides compute from the public key. */
export function keyId(jwk: Ed25519PublicJwk): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${jwk.x}"}`).digest('base64url');
}

export function generateDeviceKey(): Ed25519PrivateJwk {
  const { privateKey } = generateKeyPairSync('ed25519');
  return Ed25519PrivateJwk.parse(privateKey.export({ format: 'jwk' }));
}

export const publicPart = ({ kty, crv, x }: Ed25519PublicJwk): Ed25519PublicJwk => ({ kty, crv, x });

export function signEnvelope(payloadType: string, payload: Buffer, key: Ed25519PrivateJwk): DsseEnvelope {
  const privateKey = createPrivateKey({ key: key, format: 'jwk' });
  const sig = sign(null, pae(payloadType, payload), privateKey);
  return { payloadType, payload: payload.toString('base64'), signatures: [{ keyid: keyId(key), sig: sig.toString('base64') }] };
}

/** A public key made once per registered device and reused (importing costs more than verifying). */
export const importPublicKey = (jwk: Ed25519PublicJwk): KeyObject => createPublicKey({ key: jwk, format: 'jwk' });

export type Verified = { ok: true; payload: Buffer } | { ok: false; reason: 'wrong-payload-type' | 'bad-signature' };

/**
 * Verifies an envelope against the registered key: the payloadType must be the expected one and some
 * signature must verify with that key (the keyid is only a hint and is not trusted).
 */
export function verifyEnvelope(envelope: DsseEnvelope, expectedType: string, registered: KeyObject): Verified {
  if (envelope.payloadType !== expectedType) return { ok: false, reason: 'wrong-payload-type' };
  const payload = Buffer.from(envelope.payload, 'base64');
  const message = pae(envelope.payloadType, payload);
  for (const s of envelope.signatures) {
    if (verify(null, message, registered, Buffer.from(s.sig, 'base64'))) return { ok: true, payload };
  }
  return { ok: false, reason: 'bad-signature' };
}
