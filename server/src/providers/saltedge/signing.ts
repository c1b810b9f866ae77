import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';

/** A PEM key given as its text or as the path of a PEM file. */
function pemText(value: string): string {
  return value.includes('-----BEGIN') ? value : fs.readFileSync(value, 'utf8');
}

const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

function privateKey(value: string): KeyObject {
  let key = privateKeys.get(value);
  if (!key) privateKeys.set(value, (key = createPrivateKey(pemText(value))));
  return key;
}

function publicKey(value: string): KeyObject {
  let key = publicKeys.get(value);
  if (!key) publicKeys.set(value, (key = createPublicKey(pemText(value))));
  return key;
}

/** How long a signed request stays good (Salt Edge refuses more than an hour ahead: ExpiresAtInvalid). */
const SIGNATURE_LIFETIME_S = 60;

/**
 * The signature headers of a request (§3.1): `Expires-at` (Unix seconds) and `Signature`,
 * Base64 of RSA-SHA256 over `<Expires-at>|<METHOD>|<full URL>|<body>` (body for POST and PUT
 * only), with the client's private key.
 */
export function signatureHeaders(key: string, method: string, fullUrl: string, body: string, now = Date.now()): Record<string, string> {
  const expiresAt = String(Math.floor(now / 1000) + SIGNATURE_LIFETIME_S);
  const signed = `${expiresAt}|${method.toUpperCase()}|${fullUrl}|${method === 'POST' || method === 'PUT' ? body : ''}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(privateKey(key), 'base64');
  return { 'Expires-at': expiresAt, Signature: signature };
}

/** A callback's `Signature` header checked against Salt Edge's public key, over `<callback URL>|<body>` (§3.1). */
export function callbackSignatureValid(key: string, callbackUrl: string, rawBody: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(`${callbackUrl}|${rawBody}`).verify(publicKey(key), signature, 'base64');
  } catch {
    return false;
  }
}
