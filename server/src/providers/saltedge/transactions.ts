import { ProviderError, type FetchTransactionsInput, type ProviderContext, type TransactionPage } from '../types';
import { partition } from '../validate';
import { zodProblems } from '../zod-problems';
import type { SaltEdgeClient } from './client';
import { consentEnd, readConnection, readConsent } from './consent';
import { saltEdgeConnection } from './connection';
import { mapSaltEdgeTransaction } from './mapper';
import { transactionListSchema, transactionSchema, type SaltEdgeTransaction } from './schemas';

/**
 * Where a listing stands. `fromId`: the `from_id` of the next page of posted transactions
 * (null: from the first); `finished`: every page was read; `lastId`: the highest id given;
 * `since`: the first day this read asked for; `full`: this read takes every transaction from
 * `since` (else only those after the highest id given before).
 */
interface SaltEdgeCursor {
  fromId: string | null;
  finished: boolean;
  lastId: string | null;
  since: string;
  full: boolean;
}

interface ListedRecord {
  raw: unknown;
  record: SaltEdgeTransaction | null;
  reason?: string;
}

const NUMERIC = /^\d+$/;

/** Salt Edge ids grow with time (they are 64-bit numbers in text); other ids are only told apart. */
function after(id: string, than: string | null): boolean {
  if (than === null) return true;
  if (NUMERIC.test(id) && NUMERIC.test(than)) return BigInt(id) > BigInt(than);
  return id !== than;
}

function highest(a: string | null, b: string): string {
  return a === null || after(b, a) ? b : a;
}

function readRecords(data: unknown[]): ListedRecord[] {
  return data.map((raw) => {
    const parsed = transactionSchema.safeParse(raw);
    if (parsed.success) return { raw, record: parsed.data };
    return { raw, record: null, reason: `not a Salt Edge transaction: ${zodProblems(parsed).slice(0, 2).join('; ')}` };
  });
}

function toPage(records: ListedRecord[], cursor: SaltEdgeCursor, forceStatus?: 'pending'): TransactionPage {
  return {
    ...partition(
      records.map((r) =>
        r.record
          ? { mapped: { ...mapSaltEdgeTransaction(r.record), ...(forceStatus ? { status: forceStatus } : {}) }, raw: r.raw }
          : { mapped: {}, raw: r.raw, reason: r.reason },
      ),
    ),
    cursor,
  };
}

/** The pages of a listing (§3.4): `from_id` = the previous page's `meta.next_id`, until there is none. */
async function* listing(client: SaltEdgeClient, path: string, query: Record<string, string>, fromId: string | null, perPage: number) {
  let next = fromId;
  for (;;) {
    const page = await client.request('GET', path, transactionListSchema, { query: { ...query, from_id: next, per_page: perPage } });
    const following = page.meta?.next_id ?? null;
    // A next id that does not move on would loop for ever (Firefly stops there too).
    const stuck = following !== null && next !== null && !after(following, next);
    yield { records: readRecords(page.data), nextId: stuck ? null : following };
    if (following === null || stuck) return;
    next = following;
  }
}

/** An account whose consent has ended cannot be read fresh (§3.6): the admin reconnects. */
async function checkConsent(ctx: ProviderContext, input: FetchTransactionsInput): Promise<void> {
  let expires = input.account ? (input.account.consentExpiresAt ?? null) : undefined;
  if (expires === undefined) {
    const { client, connectionId } = saltEdgeConnection(ctx);
    expires = consentEnd(await readConsent(client, await readConnection(client, connectionId)));
  }
  if (expires && expires.getTime() < Date.now()) {
    throw new ProviderError({
      class: 'reauth',
      code: 'saltedge_consent_expired',
      message: `The bank consent of this Salt Edge connection ended on ${expires.toISOString().slice(0, 10)}: use Reconnect to give it again.`,
    });
  }
}

/**
 * The transactions of an account:
 * 0. pending ones (`/transactions/pending`; reported and counted, never imported), after a consent check;
 * 1. posted ones in id order: the first time (or when asked to read from an earlier day than
 *    last time) all of them from `since` on, afterwards only those after the highest id given
 *    (Salt Edge gives a transaction it learns of later, a late posting included, a higher id).
 * Transactions Salt Edge marks `duplicated` are left out. A resumed call goes on from its
 * cursor's page and spends no request already made.
 */
export async function* fetchSaltEdgeTransactions(ctx: ProviderContext, input: FetchTransactionsInput): AsyncGenerator<TransactionPage> {
  const { config, client, connectionId } = saltEdgeConnection(ctx);
  const { providerAccountId, since } = input;
  const query = { connection_id: connectionId, account_id: providerAccountId };
  const resumeAt = input.resume as SaltEdgeCursor | null;
  const previous = input.previous as SaltEdgeCursor | null;

  let cursor: SaltEdgeCursor;
  if (resumeAt) {
    if (resumeAt.finished) return;
    cursor = resumeAt;
  } else {
    const full = !previous?.lastId || since < previous.since;
    const base = full ? null : previous!.lastId;
    cursor = { fromId: base, finished: false, lastId: base, since, full };
    await checkConsent(ctx, input);
    for await (const { records } of listing(client, '/transactions/pending', query, null, config.pageSize)) {
      yield toPage(records, cursor, 'pending');
    }
  }

  const { full } = cursor;
  // Ids grow: what comes after the page a resumed read stopped at is above its highest id.
  const floor = full ? null : cursor.lastId;
  for await (const { records, nextId } of listing(client, '/transactions', query, cursor.fromId, config.pageSize)) {
    let lastId = cursor.lastId;
    const kept = records.filter((r) => {
      const t = r.record;
      if (!t) return true;
      lastId = highest(lastId, t.id);
      if (t.duplicated) return false;
      if (!after(t.id, floor)) return false; // `from_id` gives the one it names again
      return !full || t.made_on >= cursor.since;
    });
    if (kept.length < records.length)
      ctx.log.debug(`${records.length - kept.length} transaction(s) left out (older, given before, or duplicated)`);
    cursor = { ...cursor, fromId: nextId, finished: nextId === null, lastId };
    yield toPage(kept, cursor);
  }
}
