import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { SecretsError } from '../domain/errors';
import { getService } from '../utils/get-service';

/**
 * Provider credentials encrypted at rest with AES-256-GCM.
 * Format: `bks1:<iv>:<ciphertext>:<tag>` (base64url). The key comes from the plugin's
 * `encryptionKey` (env BANK_SYNC_ENCRYPTION_KEY), else the admin's `secrets.encryptionKey`
 * (env ENCRYPTION_KEY). Without a key nothing is stored: it fails closed.
 */
const VERSION = 'bks1';
const AAD = Buffer.from('strapi-plugin-bank-sync:credentials');

const derive = (configured: string) => createHash('sha256').update(`bank-sync:${configured}`).digest();

const secrets = ({ strapi }: { strapi: Core.Strapi }) => {
  function key(): Buffer {
    const configured =
      getService(strapi, 'settings').configured().encryptionKey ?? (strapi.config.get('admin.secrets.encryptionKey') as string | undefined);
    if (!configured) {
      throw new SecretsError(
        'No encryption key is configured, so bank credentials cannot be stored. Set BANK_SYNC_ENCRYPTION_KEY ' +
          '(plugin config `encryptionKey`) or the admin encryption key (`admin.secrets.encryptionKey`, env ENCRYPTION_KEY).',
      );
    }
    return derive(configured);
  }

  /** The current key, then the previous ones (key rotation). */
  function readingKeys(): Buffer[] {
    return [key(), ...getService(strapi, 'settings').configured().previousEncryptionKeys.map(derive)];
  }

  function decrypt(k: Buffer, iv: string, body: string, tag: string): string {
    const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64url'));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The plaintext, and which key opened it (0: the current one). */
  function unseal(sealed: string): { text: string; keyIndex: number } {
    const [version, iv, body, tag] = sealed.split(':');
    if (version !== VERSION || !iv || body === undefined || !tag) {
      throw new SecretsError('Stored credentials are not in a format this plugin can read.');
    }
    const keys = readingKeys();
    for (const [keyIndex, k] of keys.entries()) {
      try {
        return { text: decrypt(k, iv, body, tag), keyIndex };
      } catch {
        // Not this key (GCM's tag check): try the next one.
      }
    }
    throw new SecretsError(
      keys.length > 1
        ? 'Stored credentials cannot be decrypted with the current key nor any of previousEncryptionKeys: enter the credentials again (Update Credentials), or configure the key they were sealed with.'
        : 'Stored credentials cannot be decrypted: the encryption key changed. Put the old key in previousEncryptionKeys (key rotation), or enter the credentials again (Update Credentials).',
    );
  }

  return {
    /** True when credentials can be stored. */
    isConfigured(): boolean {
      try {
        key();
        return true;
      } catch {
        return false;
      }
    },

    seal(value: unknown): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv);
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url'));
      return [VERSION, ...parts].join(':');
    },

    open<T = unknown>(sealed: string): T {
      return JSON.parse(unseal(sealed).text) as T;
    },

    /** The value sealed again with the current key when an older key opened it, else null (key rotation). */
    resealIfOld(sealed: string): string | null {
      const { text, keyIndex } = unseal(sealed);
      return keyIndex === 0 ? null : this.seal(JSON.parse(text));
    },
  };
};

export default secrets;
