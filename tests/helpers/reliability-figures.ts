import fs from 'node:fs';
import path from 'node:path';

/**
 * The reliability suite's figures from its last run, per suite and database, in
 * docs/reliability-figures.json (linked from the README's Reliability section): written by
 * the tests themselves, never typed by hand.
 */
export const FIGURES_FILE = path.resolve(__dirname, '..', '..', 'docs', 'reliability-figures.json');

export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  const database = process.env.DATABASE_CLIENT ?? 'sqlite';
  let all: Record<string, Record<string, unknown>> = {};
  try {
    all = JSON.parse(fs.readFileSync(FIGURES_FILE, 'utf8')) as typeof all;
  } catch {
    // First run, or a file from another layout: start again.
  }
  all[`${suite} (${database})`] = { ...figures, database, measuredAt: new Date().toISOString().slice(0, 10) };
  const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
  fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  fs.writeFileSync(FIGURES_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
}
