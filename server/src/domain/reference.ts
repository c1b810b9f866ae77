import { randomBytes } from 'node:crypto';

/** A short reference for an error, shown to the admin and written in the log line. */
export function errorReference(): string {
  return `BKS-${randomBytes(4).toString('hex').toUpperCase()}`;
}
