import { z } from 'zod';
import type { FetchTransactionsInput, ProviderContext, TransactionPage } from '../types';
import { partition } from '../validate';
import { zodProblems } from '../zod-problems';
import { yodleeConnection } from './connection';
import { mapYodleeTransaction, yodleeTransactionId } from './mapper';
import { transactionListSchema, transactionSchema } from './schemas';

/** Where a listing stands: its window, how far it went, and how many there were when it began (null: Yodlee did not say). */
interface YodleeCursor {
  fromDate: string;
  toDate: string;
  skip: number;
  total: number | null;
}

const cursorSchema = z.object({
  fromDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  toDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  skip: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
});

/** `{ transaction: { TOTAL: { count } } }`; without a count the listing reads until an empty page. */
const countSchema = z
  .object({
    transaction: z
      .object({ TOTAL: z.object({ count: z.number().int().nonnegative() }).passthrough().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

const DAY = 86_400_000;
/** Bank days ahead of UTC's today that a window still takes (a bank east of UTC is in tomorrow already). */
const DAYS_AHEAD = 1;

function idOf(raw: unknown): string | null {
  const record = raw as { id?: unknown; CONTAINER?: unknown } | null;
  const id = record?.id;
  const container = typeof record?.CONTAINER === 'string' ? record.CONTAINER : '?';
  return typeof id === 'number' || (typeof id === 'string' && id !== '') ? `${container}:${String(id)}` : null;
}

/**
 * The transactions of an account in the window `since` … today (§4.3): `GET
 * /transactions/count` for how many there are, then `skip` / `top` pages until that many were
 * read (a page shorter than asked does not end the listing: Yodlee may serve less than `top`)
 * and the last page was not a full one (the list grew while it was read), or a page comes back
 * empty. Yodlee gives no change feed: every run reads its window (the
 * engine's overlap catches late postings). A transaction an offset shift shows twice in one
 * call is given once. A resumed call goes on from its cursor's offset in the same window.
 * `FAILED` transactions never happened and are left out.
 */
export async function* fetchYodleeTransactions(
  ctx: ProviderContext,
  { providerAccountId, since, resume }: FetchTransactionsInput,
): AsyncGenerator<TransactionPage> {
  const { config, client } = yodleeConnection(ctx);
  const saved = cursorSchema.safeParse(resume);
  const filter = (window: { fromDate: string; toDate: string }) => ({ accountId: providerAccountId, ...window });
  let cursor: YodleeCursor;
  if (saved.success) cursor = saved.data;
  else {
    const window = { fromDate: since, toDate: new Date(Date.now() + DAYS_AHEAD * DAY).toISOString().slice(0, 10) };
    const count = await client.request('GET', '/transactions/count', countSchema, { params: filter(window) });
    cursor = { ...window, skip: 0, total: count.transaction?.TOTAL?.count ?? null };
    if (cursor.total === 0) {
      yield { transactions: [], invalid: [], cursor };
      return;
    }
  }
  const given = new Set<string>();
  let previousPage = '';
  // The largest page served: once past the count, a full page means the list grew while read.
  let fullPage = 0;
  let lastWasFull = false;
  while (cursor.total === null || cursor.skip < cursor.total || lastWasFull) {
    const page = await client.request('GET', '/transactions', transactionListSchema, {
      params: { ...filter(cursor), skip: cursor.skip, top: config.pageSize },
    });
    const records = page.transaction ?? [];
    cursor = { ...cursor, skip: cursor.skip + records.length };
    const ids = records.map(idOf);
    const signature = ids.join(',');
    if (records.length > 0 && signature === previousPage) {
      // The same page again: Yodlee did not move on (`skip` not honoured); stop rather than loop.
      ctx.log.warn(`Yodlee served the same page again at skip ${cursor.skip - records.length}: listing ended there`);
      return;
    }
    previousPage = signature;
    fullPage = Math.max(fullPage, records.length);
    lastWasFull = records.length > 0 && records.length === fullPage;
    const mapped = [];
    for (const [i, raw] of records.entries()) {
      const id = ids[i] ?? null;
      if (id && given.has(id)) continue;
      if (id) given.add(id);
      const parsed = transactionSchema.safeParse(raw);
      if (!parsed.success) {
        mapped.push({ mapped: {}, raw, reason: `not a Yodlee transaction: ${zodProblems(parsed).slice(0, 2).join('; ')}` });
      } else if (parsed.data.status !== 'FAILED') {
        mapped.push({ mapped: mapYodleeTransaction(parsed.data), raw });
      } else ctx.log.debug(`Yodlee transaction ${yodleeTransactionId(parsed.data)} failed at the bank: left out`);
    }
    yield { ...partition(mapped), cursor };
    if (records.length === 0) return;
  }
}
