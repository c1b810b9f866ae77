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
    return createHash('sha256').update(`bank-sync:${configured}`).digest();
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
      const [version, iv, body, tag] = sealed.split(':');
      if (version !== VERSION || !iv || body === undefined || !tag) {
        throw new SecretsError('Stored credentials are not in a format this plugin can read.');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
        decipher.setAAD(AAD);
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
        return JSON.parse(text.toString('utf8')) as T;
      } catch (error) {
        if (error instanceof SecretsError) throw error;
        throw new SecretsError(
          'Stored credentials cannot be decrypted: the encryption key changed. Enter the credentials again (Update Credentials).',
        );
      }
    },
  };
};

export default secrets;
