import type { SaltEdgeClient } from './client';
import { connectionSchema, consentSchema, documentSchema, listSchema, type SaltEdgeConnection, type SaltEdgeConsent } from './schemas';

const connectionDocument = documentSchema(connectionSchema);
const consentList = listSchema(consentSchema);

/** GET /connections/{id}. */
export async function readConnection(client: SaltEdgeClient, connectionId: string): Promise<SaltEdgeConnection> {
  return (await client.request('GET', `/connections/${encodeURIComponent(connectionId)}`, connectionDocument)).data;
}

/**
 * The consent a connection works under (§3.6): its `last_consent_id` among
 * GET /consents?connection_id=…, else the newest one not revoked. Null when Salt Edge lists none.
 */
export async function readConsent(client: SaltEdgeClient, connection: SaltEdgeConnection): Promise<SaltEdgeConsent | null> {
  const consents: SaltEdgeConsent[] = [];
  let fromId: string | null = null;
  do {
    const page: { data: SaltEdgeConsent[]; meta?: { next_id: string | null } | null } = await client.request(
      'GET',
      '/consents',
      consentList,
      {
        query: { connection_id: connection.id, from_id: fromId },
      },
    );
    consents.push(...page.data);
    fromId = page.meta?.next_id ?? null;
  } while (fromId);
  const wanted = connection.last_consent_id ?? connection.last_attempt?.consent_id ?? null;
  const byId = wanted ? consents.find((c) => c.id === wanted) : undefined;
  if (byId) return byId;
  const live = consents.filter((c) => !c.revoked_at && c.status !== 'revoked');
  return live.sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')))[0] ?? null;
}

/** When a consent ends: `expires_at`, or null when it has no end. */
export function consentEnd(consent: SaltEdgeConsent | null): Date | null {
  if (!consent?.expires_at) return null;
  const end = new Date(consent.expires_at);
  return Number.isNaN(end.getTime()) ? null : end;
}
