import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Document ids for rows written outside the Document Service: 24 characters, a letter
 * then letters and digits, like Strapi's own cuid2 ids. Generated in bulk from one
 * random buffer.
 */
export function documentIds(count: number): string[] {
  const bytes = randomBytes(count * 24);
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i += 1) {
    let id = ALPHABET[bytes[i * 24]! % 26]!;
    for (let j = 1; j < 24; j += 1) id += ALPHABET[bytes[i * 24 + j]! % 36]!;
    ids[i] = id;
  }
  return ids;
}
