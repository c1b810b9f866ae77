import type { OnlineAccountView } from '../../../../shared/contracts/connect';

/** Letters and digits of a text, accents removed, upper case ("Crédit Agricole" -> "CREDITAGRICOLE"). */
const plain = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim();

/** A journal code as the server accepts it: letters, digits, "-" and "_", at most 16. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * A free journal code for a new journal: the institution's first word (4 letters at most) and
 * the first number not taken ("KBC1", "SAND2", "BNP1").
 */
export function proposeCode(institution: string | null, taken: ReadonlySet<string>): string {
  const word =
    plain(institution ?? '')
      .split(' ')[0]
      ?.toUpperCase()
      .slice(0, 4) || 'BNK';
  for (let n = 1; ; n += 1) {
    const code = `${word}${n}`;
    if (!taken.has(code.toUpperCase())) return code;
  }
}

/**
 * A journal name from the bank and the account: "KBC Brussels — Ponto account 1". The
 * account's name loses a leading repeat of the bank's first word ("Sandbox account 1" at
 * "Sandbox Bank Nederland" -> "Sandbox Bank Nederland — Account 1").
 */
export function proposeName(institution: string | null, account: OnlineAccountView): string {
  const bank = institution?.trim() || '';
  let own = account.name?.trim() || account.accountNumber?.trim() || `#${account.id}`;
  const first = bank.split(/\s+/)[0];
  if (first && own.toLowerCase().startsWith(`${first.toLowerCase()} `)) {
    const rest = own.slice(first.length).trim();
    own = rest.charAt(0).toUpperCase() + rest.slice(1);
  }
  return (bank ? `${bank} — ${own}` : own).slice(0, 120);
}

/** Today in a time zone, as 'YYYY-MM-DD'. */
export function todayIn(timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** A 'YYYY-MM-DD' day moved by a number of days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
