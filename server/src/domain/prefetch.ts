/**
 * Iterates an async source one item ahead: while the consumer works on page n (importing
 * it), page n+1 is already being fetched. An error of the next page surfaces only when
 * the consumer asks for it, after page n is done.
 */
export async function* prefetch<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  pending.catch(() => undefined);
  try {
    for (;;) {
      const result = await pending;
      if (result.done) return;
      pending = iterator.next();
      pending.catch(() => undefined);
      // One turn of the event loop so the next request really leaves before the consumer
      // starts: a synchronous database driver (SQLite) would otherwise hold it back.
      await new Promise((resolve) => setImmediate(resolve));
      yield result.value;
    }
  } finally {
    await iterator.return?.(undefined);
  }
}
