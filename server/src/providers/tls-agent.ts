import fs from 'node:fs';
import https from 'node:https';

/** Client certificate, key and CA of a provider demanding mutual TLS: PEM text or PEM file paths. */
export interface TlsSettings {
  cert?: string;
  key?: string;
  passphrase?: string;
  ca?: string;
}

const pem = (value: string | undefined) => (value && !value.includes('-----BEGIN') ? fs.readFileSync(value, 'utf8') : value);

/**
 * The HTTPS agent presenting the configured client certificate, or undefined without
 * settings (Node's default agent). Every HTTPS call of a provider goes through one, so the
 * API calls and the webhook key fetch alike pass the provider's mTLS.
 */
export function tlsAgent(tls: TlsSettings | undefined): https.Agent | undefined {
  if (!tls) return undefined;
  return new https.Agent({ cert: pem(tls.cert), key: pem(tls.key), passphrase: tls.passphrase, ca: pem(tls.ca) });
}
