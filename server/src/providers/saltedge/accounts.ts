import { toMinorUnits } from '../../domain/money';
import { ProviderError, type ProviderAccount, type ProviderContext } from '../types';
import { consentEnd, readConnection, readConsent } from './consent';
import { saltEdgeConnection } from './connection';
import { REAUTH_CLASSES } from './errors';
import { accountSchema, listSchema, type SaltEdgeAccount, type SaltEdgeConnection } from './schemas';

const accountList = listSchema(accountSchema);

function balanceOf(a: SaltEdgeAccount): bigint | null {
  if (a.balance == null) return null;
  try {
    return toMinorUnits(a.balance, a.currency_code);
  } catch {
    return null;
  }
}

/** Salt Edge account -> the engine's account: name, IBAN, exact balance, the connection's consent end (§3.3). */
export function toProviderAccount(account: SaltEdgeAccount, consentExpiresAt: Date | null): ProviderAccount {
  const extra = account.extra ?? {};
  return {
    providerAccountId: account.id,
    name: extra.account_name ?? account.name ?? null,
    accountNumber: extra.iban ?? extra.account_number ?? account.name ?? null,
    currency: account.currency_code,
    balance: balanceOf(account),
    balanceDate: account.updated_at ? new Date(account.updated_at) : null,
    consentExpiresAt,
  };
}

/**
 * A connection whose last fetch the bank refused for its consent or login (status inactive,
 * `last_attempt.fail_error_class` ConsentExpired, InvalidCredentials…) gives only old data:
 * the admin is asked to reconnect instead of seeing a run that imports nothing.
 */
export function refusedByBank(connection: SaltEdgeConnection): ProviderError | null {
  const failed = connection.last_attempt?.fail_error_class;
  if (connection.status === 'active' || !failed || !REAUTH_CLASSES.has(failed)) return null;
  return new ProviderError({
    class: 'reauth',
    code: `saltedge_${failed}`,
    message: `The bank refused Salt Edge's last fetch of this connection (${failed}): use Reconnect to give the consent again.`,
  });
}

/** GET /connections/{id}, its consent, and GET /accounts?connection_id=…, every page. */
export async function fetchSaltEdgeAccounts(ctx: ProviderContext): Promise<ProviderAccount[]> {
  const { client, connectionId } = saltEdgeConnection(ctx);
  const connection = await readConnection(client, connectionId);
  const refused = refusedByBank(connection);
  if (refused) throw refused;
  const expires = consentEnd(await readConsent(client, connection));
  const accounts: SaltEdgeAccount[] = [];
  let fromId: string | null = null;
  do {
    const page: { data: SaltEdgeAccount[]; meta?: { next_id: string | null } | null } = await client.request(
      'GET',
      '/accounts',
      accountList,
      {
        query: { connection_id: connectionId, from_id: fromId },
      },
    );
    accounts.push(...page.data);
    fromId = page.meta?.next_id ?? null;
  } while (fromId);
  return accounts.map((a) => toProviderAccount(a, expires));
}
