import type { SandboxScenario } from './scenario';

/**
 * The sandbox bank: a deterministic generator. The same scenario always yields the same
 * accounts and transactions, so tests can compare imports with exact expected sums.
 */
export interface SandboxRecord {
  id?: string;
  bookedAt: string;
  valueDate: string;
  amountMinor?: string;
  currency: string;
  description: string;
  counterparty: { name: string; iban: string };
  status: 'BOOKED' | 'PENDING';
}

const DAY = 86_400_000;

/** mulberry32 on a hash of the inputs: a stable pseudo-random number in [0, 1). */
function random(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = Math.imul(h ^ p, 0x85ebca6b) ^ (h >>> 13);
  let t = (h += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function endDateOf(s: SandboxScenario): string {
  return s.endDate ?? new Date().toISOString().slice(0, 10);
}

export function accountIds(s: SandboxScenario): string[] {
  return Array.from({ length: s.accounts }, (_, a) => `sbx-acc-${s.seed}-${a + 1}`);
}

export function accountIndex(providerAccountId: string): number {
  return Number(providerAccountId.split('-').pop()) - 1;
}

/** Amount of transaction i of account a, in minor units, never 0. */
function amountOf(s: SandboxScenario, a: number, i: number): bigint {
  const magnitude = 1 + Math.floor(random(s.seed, a, i) * 250_000);
  return BigInt(random(s.seed, a, i, 7) < 0.55 ? -magnitude : magnitude);
}

/** Total number of records of an account (twins included). */
export function recordCount(s: SandboxScenario): number {
  return s.transactions + (s.twinEvery ? Math.floor(s.transactions / s.twinEvery) : 0);
}

/**
 * The sandbox is a Belgian bank: its value dates are days in Brussels (a booking at 23:30
 * UTC in summer has the next day's value date), as a real bank's are in its own time zone.
 */
const BANK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Record n of account a (0-based, oldest first). Twins follow their original: with
 * twinEvery = k, record positions are laid out so every k-th transaction is repeated.
 */
export function recordAt(s: SandboxScenario, a: number, n: number): SandboxRecord {
  let i = n;
  let twin = false;
  if (s.twinEvery) {
    const group = s.twinEvery + 1;
    const g = Math.floor(n / group);
    const pos = n % group;
    i = g * s.twinEvery + Math.min(pos, s.twinEvery - 1);
    twin = pos === s.twinEvery;
  }
  const end = Date.parse(`${endDateOf(s)}T00:00:00Z`) + DAY - 1;
  const start = end - s.days * DAY;
  const span = end - start;
  const at = start + Math.floor(((i + 0.5) * span) / Math.max(1, s.transactions));
  const bookedAt = new Date(at).toISOString();
  const isPending = i >= s.transactions - s.pending && !s.postPending;
  const pendingNewId = s.pendingIdStyle === 'new' && i >= s.transactions - s.pending && !s.postPending;
  const id = `sbx-${s.seed}-${a + 1}-${i}${twin ? '-twin' : ''}${pendingNewId ? '-pending' : ''}`;
  const invalid = s.invalidEvery !== undefined && (n + 1) % s.invalidEvery === 0;
  return {
    id,
    bookedAt,
    valueDate: BANK_DAY.format(at),
    amountMinor: invalid ? undefined : amountOf(s, a, i).toString(),
    currency: s.currency,
    description: `Sandbox payment ${i}`,
    counterparty: { name: `Counterparty ${i % 97}`, iban: `BE${String(10 + (i % 89)).padStart(2, '0')}0000${String(i).padStart(8, '0')}` },
    status: isPending ? 'PENDING' : 'BOOKED',
  };
}

/** Bank balance of account a: the opening balance plus every posted, valid transaction (and `balanceOffset`). */
export function balanceOf(s: SandboxScenario, a: number): bigint {
  let total = BigInt(s.openingBalance) + BigInt(s.balanceOffset);
  const count = recordCount(s);
  for (let n = 0; n < count; n += 1) {
    const r = recordAt(s, a, n);
    if (r.status === 'BOOKED' && r.amountMinor !== undefined) total += BigInt(r.amountMinor);
  }
  return total;
}
