import type { ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { Warning } from '../../../../shared/contracts/connections';
import type { JournalView } from '../../../../shared/contracts/journals';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/translate';
import { StatusBadge } from './StatusBadge';

/** The warnings of the engine's checks on a journal's feed (balance drift, stale feed). */
export const FEED_WARNINGS = new Set<Warning['code']>([
  'balance_drift',
  'stale_no_success',
  'stale_no_transactions',
  'balance_moved_without_lines',
]);

const FeedNotice = ({ tone, children }: { tone: 'warning' | 'danger'; children: ReactNode }) => (
  <Flex
    background={tone === 'danger' ? 'danger100' : 'warning100'}
    borderColor={tone === 'danger' ? 'danger200' : 'warning200'}
    hasRadius
    padding={3}
    gap={2}
    alignItems="flex-start"
  >
    <Box color={tone === 'danger' ? 'danger600' : 'warning600'} paddingTop={1} aria-hidden>
      <WarningCircle />
    </Box>
    <Flex direction="column" alignItems="flex-start" gap={1} style={{ flex: '1 1 auto', minWidth: 0 }}>
      {children}
    </Flex>
  </Flex>
);

const Line = ({ children, strong }: { children: ReactNode; strong?: boolean }) => (
  <Typography tag="p" textColor="neutral800" fontWeight={strong ? 'semiBold' : undefined} style={{ overflowWrap: 'anywhere' }}>
    {children}
  </Typography>
);

/**
 * The feed warnings of a journal worded for an accountant: "The bank says 1,234.56 EUR; the
 * statements end at 1,200.00 EUR (34.56 EUR missing since the run of 3 Dec)".
 */
export const FeedNotices = ({ journal }: { journal: JournalView }) => {
  const t = useT();
  const f = useFormat();
  const tz = journal.timeZone;
  const failedOnDrift = journal.connection?.lastError?.code === 'balance_drift';
  const reference = failedOnDrift ? (journal.connection?.lastError?.reference ?? null) : null;
  const notices: ReactNode[] = [];
  for (const w of journal.warnings) {
    const p = w.params ?? {};
    const currency = String(p.currency ?? journal.currency);
    switch (w.code) {
      case 'balance_drift': {
        const difference = String(p.difference ?? '0');
        notices.push(
          <FeedNotice key={w.code} tone={failedOnDrift ? 'danger' : 'warning'}>
            <Line strong>
              {t('warning.balance_drift', {
                bank: f.money(String(p.bankBalance), currency),
                statements: f.money(String(p.statementsBalance), currency),
                difference: f.money(difference.replace(/^-/, ''), currency),
                missing: difference.startsWith('-') ? 'no' : 'yes',
                since: f.dayOf(String(p.since ?? ''), tz),
              })}
            </Line>
            <Line>
              {p.agreedAt ? `${t('warning.balance_drift.agreed', { date: f.dateTime(String(p.agreedAt), tz) })} ` : ''}
              {p.basis === 'current_balance' ? t('warning.balance_drift.basis') : null}
            </Line>
            {failedOnDrift ? (
              <Line>
                {t('warning.balance_drift.fails')}
                {reference ? ` ${t('error.reference', { reference })}` : ''}
              </Line>
            ) : null}
          </FeedNotice>,
        );
        break;
      }
      case 'stale_no_success':
        notices.push(
          <FeedNotice key={w.code} tone="warning">
            <Line>
              {p.since
                ? t('warning.stale_no_success', { days: Number(p.days ?? 0), date: f.dayOf(String(p.since), tz) })
                : t('warning.stale_no_success.never', { days: Number(p.days ?? 0) })}
            </Line>
          </FeedNotice>,
        );
        break;
      case 'stale_no_transactions':
        notices.push(
          <FeedNotice key={w.code} tone="warning">
            <Line>{t('warning.stale_no_transactions', { days: Number(p.days ?? 0), date: f.dayOf(String(p.since ?? ''), tz) })}</Line>
          </FeedNotice>,
        );
        break;
      case 'balance_moved_without_lines':
        notices.push(
          <FeedNotice key={w.code} tone="warning">
            <Line>{t('warning.balance_moved_without_lines', { date: f.dayOf(String(p.date ?? ''), tz) })}</Line>
          </FeedNotice>,
        );
        break;
      default:
        break;
    }
  }
  return notices.length ? <>{notices}</> : null;
};

/** Badges beside the journal's state: its balance differs from the bank's, its feed went quiet. */
export const FeedBadges = ({ journal }: { journal: JournalView }) => {
  const t = useT();
  const codes = new Set(journal.warnings.map((w) => w.code));
  return (
    <>
      {codes.has('balance_drift') ? <StatusBadge variant="danger">{t('journals.badge.drift')}</StatusBadge> : null}
      {codes.has('stale_no_success') || codes.has('stale_no_transactions') ? (
        <StatusBadge variant="warning">{t('journals.badge.stale')}</StatusBadge>
      ) : null}
    </>
  );
};
