import type { z } from 'zod';
import { ProviderError, type FetchTransactionsInput, type ProviderAccount, type ProviderContext, type TransactionPage } from '../types';
import { partition } from '../validate';
import { zodProblems } from '../zod-problems';
import type { PontoClient } from './client';
import { pontoConnection } from './connection';
import { PontoHttpError } from './errors';
import { mapPontoTransaction } from './mapper';
import {
  accountSchema,
  documentSchema,
  pendingTransactionSchema,
  transactionListSchema,
  transactionSchema,
  type PontoTransaction,
} from './schemas';

/** Where a transaction listing stands: which phase, the next page, the newest id seen. */
interface PontoCursor {
  phase: 'new' | 'history';
  url: string | null;
  newestId: string | null;
}

/** One record of a listing: in the shape of its schema, or refused with the reason. */
interface ListedRecord {
  id: string | null;
  raw: unknown;
  record: PontoTransaction | null;
  reason?: string;
}

type RecordSchema = typeof transactionSchema | typeof pendingTransactionSchema;

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

function idOf(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : null;
}

function readRecords(data: unknown[], schema: RecordSchema, kind: string): ListedRecord[] {
  return data.map((raw) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { id: parsed.data.id, raw, record: parsed.data };
    return { id: idOf(raw), raw, record: null, reason: `not a Ponto ${kind}: ${zodProblems(parsed).slice(0, 2).join('; ')}` };
  });
}

/** Booking day of the oldest readable record of a page (pages are newest first). */
function oldestDay(records: ListedRecord[]): string | null {
  for (let i = records.length - 1; i >= 0; i -= 1) {
    const a = records[i]!.record?.attributes;
    if (a) return day(a.executionDate ?? a.valueDate) || null;
  }
  return null;
}

/** The pages of a listing, following `links[follow]` verbatim. */
async function* listing(
  client: PontoClient,
  first: string,
  params: Record<string, unknown> | undefined,
  follow: 'next' | 'prev',
  schema: RecordSchema,
) {
  const kind = schema === pendingTransactionSchema ? 'pending transaction' : 'transaction';
  let url: string | null = first;
  let query = params;
  while (url) {
    const page: z.output<typeof transactionListSchema> = await client.request('GET', url, transactionListSchema, { params: query });
    query = undefined; // links carry their own query
    url = page.links?.[follow] ?? null;
    yield { records: readRecords(page.data, schema, kind), nextUrl: url };
  }
}

/**
 * An account whose bank authorization has ended cannot be read (§1.8). The engine gives the
 * account as read in this run; only without it is the account asked for.
 */
async function checkConsent(client: PontoClient, base: string, providerAccountId: string, known?: ProviderAccount): Promise<void> {
  let expires: string | null | undefined;
  let reference: string | null | undefined = known?.accountNumber;
  if (known) expires = known.consentExpiresAt ? known.consentExpiresAt.toISOString() : null;
  else {
    const { data: account } = await client.request('GET', base, documentSchema(accountSchema));
    expires = account.attributes.authorizationExpirationExpectedAt;
    reference = account.attributes.reference;
  }
  if (expires && new Date(expires).getTime() < Date.now()) {
    throw new ProviderError({
      class: 'reauth',
      code: 'ponto_authorization_expired',
      message: `The bank link of account ${reference ?? providerAccountId} expired on ${day(expires)}: it must be re-authorized at Ponto (Reconnect), as banks require every 180 days.`,
    });
  }
}

/**
 * The transactions of an account (§1.5), newest first:
 * 0. pending transactions (reported and counted, never imported), after a consent check;
 * 1. incremental: what is newer than the newest id seen, `page[before]`, following links.prev;
 * 2. history from the newest back to `since` (the first run, and the overlap window that
 *    catches late postings), following links.next; what pass 1 gave is left out.
 * A resumed call goes on from its cursor's page and spends no request already made: no
 * consent check, no pending transactions again.
 */
export async function* fetchPontoTransactions(
  ctx: ProviderContext,
  { providerAccountId, since, resume, previous, account }: FetchTransactionsInput,
): AsyncGenerator<TransactionPage> {
  const { config, client } = pontoConnection(ctx);
  const base = `/accounts/${encodeURIComponent(providerAccountId)}`;
  const limit = config.pageLimit;
  const toPage = (records: ListedRecord[], cursor: PontoCursor): TransactionPage => ({
    ...partition(
      records.map((r) =>
        r.record ? { mapped: mapPontoTransaction(r.record, config.bookingDate), raw: r.raw } : { mapped: {}, raw: r.raw, reason: r.reason },
      ),
    ),
    cursor,
  });
  const resumeAt = resume as PontoCursor | null;
  let newestId = resumeAt?.newestId ?? (previous as PontoCursor | null)?.newestId ?? null;
  // Ids the incremental pass gave in this call: few, and the history pass re-reads them.
  const given = new Set<string>();

  if (!resumeAt) {
    await checkConsent(client, base, providerAccountId, account);
    const pending = listing(client, `${base}/pending-transactions`, { 'page[limit]': limit }, 'next', pendingTransactionSchema);
    for await (const { records } of pending) {
      yield toPage(records, { phase: 'new', url: null, newestId });
      const oldest = oldestDay(records);
      if (oldest !== null && oldest < since) break;
    }
  }

  if ((resumeAt?.phase === 'new' && resumeAt.url) || (!resumeAt && newestId)) {
    const first = resumeAt?.url ?? `${base}/transactions`;
    const params = resumeAt?.url ? undefined : { 'page[limit]': limit, 'page[before]': newestId };
    try {
      for await (const { records, nextUrl } of listing(client, first, params, 'prev', transactionSchema)) {
        if (records[0]?.id) newestId = records[0].id;
        for (const r of records) if (r.id) given.add(r.id);
        yield toPage(records, { phase: 'new', url: nextUrl, newestId });
      }
    } catch (error) {
      // The newest id seen is gone at Ponto (400/404 on page[before]): read the history instead.
      if (!(error instanceof PontoHttpError) || (error.status !== 400 && error.status !== 404)) throw error;
      ctx.log.warn(`incremental read refused (${error.message}); reading the history window instead`);
    }
  }

  const historyStart = resumeAt?.phase === 'history' ? resumeAt.url : `${base}/transactions`;
  if (!historyStart) return;
  const params = resumeAt?.phase === 'history' ? undefined : { 'page[limit]': limit };
  let firstPage = resumeAt?.phase !== 'history';
  for await (const { records, nextUrl } of listing(client, historyStart, params, 'next', transactionSchema)) {
    if (firstPage && records[0]?.id) newestId = records[0].id;
    firstPage = false;
    const oldest = oldestDay(records);
    const done = records.length === 0 || (oldest !== null && oldest < since);
    const unseen = given.size ? records.filter((r) => !r.id || !given.has(r.id)) : records;
    yield toPage(unseen, { phase: 'history', url: done ? null : nextUrl, newestId });
    if (done) break;
  }
}
