import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { Box, Button, Flex, Grid, IconButton, Link, LinkButton, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise, Duplicate, WarningCircle } from '@strapi/icons';
import type { JournalView } from '../../../../shared/contracts/journals';
import type { RunView } from '../../../../shared/contracts/sync';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/translate';
import { errorKey, periodicityKey, STATE_VARIANT, stateKey, triggerKey } from '../../utils/wording';
import { absDecimal, signOf, subtractDecimal } from './decimal';
import { pluginPath } from './paths';
import { StatusBadge } from './StatusBadge';
import { FEED_WARNINGS, FeedBadges, FeedNotices } from './FeedNotices';

export interface JournalCardProps {
  journal: JournalView;
  /** The run going now on the journal's connection (any instance, any trigger). */
  run: RunView | undefined;
  /** Synchronize Now was asked from here and no run shows yet. */
  starting: boolean;
  canSynchronize: boolean;
  canManage: boolean;
  onSynchronize: (journal: JournalView) => void;
  onReconnect: (journal: JournalView, kind: 'reconnect' | 'reauthorize') => void;
  reconnecting: boolean;
}

/** One label and its value, in the card's facts. */
const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <Grid.Item col={3} m={4} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600" tag="dt">
      {label}
    </Typography>
    <Box tag="dd" style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Box>
  </Grid.Item>
);

/** A warning line: an icon and words (not colour alone), with an optional action. */
const Notice = ({ tone, children, action }: { tone: 'warning' | 'danger'; children: ReactNode; action?: ReactNode }) => (
  <Flex
    background={tone === 'danger' ? 'danger100' : 'warning100'}
    borderColor={tone === 'danger' ? 'danger200' : 'warning200'}
    hasRadius
    padding={3}
    gap={3}
    alignItems="flex-start"
    justifyContent="space-between"
    wrap="wrap"
  >
    <Flex gap={2} alignItems="flex-start" style={{ flex: '1 1 24rem', minWidth: 0 }}>
      <Box color={tone === 'danger' ? 'danger600' : 'warning600'} paddingTop={1} aria-hidden>
        <WarningCircle />
      </Box>
      <Typography textColor="neutral800" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </Flex>
    {action}
  </Flex>
);

/**
 * A journal on the dashboard: its bank account, the statements' balance beside the bank's,
 * the connection's state, its last success told apart from a failed last attempt, the next
 * synchronization, the consent end, what to act on, and the run going now with its counts.
 */
export const JournalCard = ({
  journal,
  run,
  starting,
  canSynchronize,
  canManage,
  onSynchronize,
  onReconnect,
  reconnecting,
}: JournalCardProps) => {
  const t = useT();
  const f = useFormat();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  const tz = journal.timeZone;
  const c = journal.connection;
  const account = journal.onlineAccount?.accountNumber ?? journal.bankAccountNumber;
  const statementsPath = pluginPath(`journals/${journal.id}`);

  // A last attempt after the last success (or with none) failed: say so, never show it as a success.
  const failedAttempt = Boolean(c?.lastSyncAt && (!c.lastSuccessAt || c.lastSyncAt > c.lastSuccessAt));
  const difference =
    journal.balance !== null && journal.bankBalance !== null ? subtractDecimal(journal.bankBalance, journal.balance) : null;
  const differs = difference !== null && signOf(difference) !== 0;

  const codes = new Set(journal.warnings.map((w) => w.code));
  const reference = c?.lastError?.reference ?? null;
  const copyReference = async (value: string) => {
    if (await copy(value)) toggleNotification({ type: 'success', message: t('common.copied', { value }) });
  };
  const referenceLine = reference ? (
    <Flex tag="span" gap={1} display="inline-flex" alignItems="center">
      {t('error.reference', { reference })}
      <IconButton label={t('common.copyReference')} size="XS" variant="ghost" onClick={() => copyReference(reference)}>
        <Duplicate />
      </IconButton>
    </Flex>
  ) : null;
  const reconnectButton = (kind: 'reconnect' | 'reauthorize') =>
    canManage && c ? (
      <Button size="S" variant="secondary" loading={reconnecting} onClick={() => onReconnect(journal, kind)}>
        {kind === 'reconnect' ? t('journals.reconnect') : t('journals.renewConsent')}
      </Button>
    ) : null;

  const warnings: ReactNode[] = [];
  for (const w of journal.warnings) {
    const params = w.params ?? {};
    switch (w.code) {
      case 'consent_expiring':
        warnings.push(
          <Notice key={w.code} tone="warning" action={reconnectButton('reauthorize')}>
            {t('warning.consent_expiring', { days: Number(params.days ?? 0), date: f.day(String(params.date ?? '')) })}
          </Notice>,
        );
        break;
      case 'consent_expired':
        warnings.push(
          <Notice key={w.code} tone="danger" action={reconnectButton('reconnect')}>
            {t('warning.consent_expired', { date: f.day(String(params.date ?? '')) })}
          </Notice>,
        );
        break;
      case 'reauth_needed':
        // With the consent ended, that warning already says to reconnect.
        if (!codes.has('consent_expired')) {
          warnings.push(
            <Notice key={w.code} tone="danger" action={reconnectButton('reconnect')}>
              {t('warning.reauth_needed')}
            </Notice>,
          );
        }
        break;
      case 'sync_error':
        // A run failed on a balance drift: the drift's own notice says so.
        if (c?.lastError?.code === 'balance_drift' && codes.has('balance_drift')) break;
        warnings.push(
          <Notice key={w.code} tone="danger" action={c?.lastError?.class === 'reauth' ? reconnectButton('reconnect') : undefined}>
            {t('journals.lastSyncFailed')} {t(errorKey(c?.lastError))} {referenceLine}
          </Notice>,
        );
        break;
      case 'refresh_limited':
      case 'refresh_waiting':
        warnings.push(
          <Notice key={w.code} tone="warning">
            {t(`warning.${w.code}`, { date: params.date ? f.dayOf(String(params.date), journal.timeZone) : '' })}
          </Notice>,
        );
        break;
      case 'auto_sync_off':
        warnings.push(
          <Notice key={w.code} tone="warning">
            {canSynchronize ? t('warning.auto_sync_off') : t('journals.autoSyncOffReadOnly')}
          </Notice>,
        );
        break;
    }
  }
  // The engine's own checks on the feed; its drift, when flagged, replaces the difference below.
  if (journal.warnings.some((w) => FEED_WARNINGS.has(w.code))) warnings.push(<FeedNotices key="feed" journal={journal} />);
  if (differs && difference && !codes.has('balance_drift')) {
    warnings.push(
      <Notice key="balance" tone="warning">
        {t(signOf(difference) > 0 ? 'journals.bankBalanceHigher' : 'journals.bankBalanceLower', {
          difference: f.money(absDecimal(difference), journal.currency),
        })}
      </Notice>,
    );
  }

  const going = Boolean(run) || starting;

  return (
    <Box tag="article" aria-labelledby={`journal-${journal.id}-name`} background="neutral0" shadow="tableShadow" hasRadius padding={5}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={1} style={{ flex: '1 1 20rem', minWidth: 0 }}>
            <Typography variant="beta" tag="h2" id={`journal-${journal.id}-name`} style={{ overflowWrap: 'anywhere' }}>
              <Link tag={NavLink} to={statementsPath}>
                {journal.name}
              </Link>
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t('journals.codeAndBank', {
                code: journal.code,
                bank: c?.institutionName ?? t('journals.notLinked'),
              })}
            </Typography>
          </Flex>
          <Flex gap={2} alignItems="center" wrap="wrap">
            {c ? (
              <StatusBadge variant={STATE_VARIANT[c.state]}>{t(stateKey(c.state))}</StatusBadge>
            ) : (
              <StatusBadge variant="neutral">{t('journals.notLinkedBadge')}</StatusBadge>
            )}
            <FeedBadges journal={journal} />
            <LinkButton tag={NavLink} to={statementsPath} variant="tertiary" size="S">
              {t('journals.openStatements')}
            </LinkButton>
            {canSynchronize && c ? (
              <Button
                size="S"
                variant="secondary"
                startIcon={<ArrowClockwise />}
                loading={going}
                disabled={going || c.state === 'pending' || c.state === 'disconnected'}
                onClick={() => onSynchronize(journal)}
                aria-label={t('journals.synchronizeJournal', { name: journal.name })}
              >
                {t('journals.synchronize')}
              </Button>
            ) : null}
          </Flex>
        </Flex>

        <Grid.Root tag="dl" gap={4} gridCols={12}>
          <Fact label={t('journals.fact.account')}>
            <Typography>{account ?? '—'}</Typography>
            {journal.onlineAccount?.name ? (
              <Typography tag="p" variant="pi" textColor="neutral600">
                {journal.onlineAccount.name}
              </Typography>
            ) : null}
          </Fact>
          <Fact label={t('journals.fact.statementBalance')}>
            <Typography fontWeight="semiBold">
              {journal.balance === null ? t('journals.noStatement') : f.money(journal.balance, journal.currency)}
            </Typography>
          </Fact>
          <Fact label={t('journals.fact.bankBalance')}>
            <Typography fontWeight="semiBold">{f.money(journal.bankBalance, journal.currency)}</Typography>
            {journal.bankBalanceDate ? (
              <Typography tag="p" variant="pi" textColor="neutral600">
                {t('journals.asOf', { date: f.dateTime(journal.bankBalanceDate, tz) })}
              </Typography>
            ) : null}
          </Fact>
          <Fact label={t('journals.fact.periodicity')}>
            <Typography>{t(periodicityKey(journal.statementPeriodicity))}</Typography>
          </Fact>
          {c ? (
            <>
              <Fact label={t('journals.fact.lastSuccess')}>
                <Typography>{c.lastSuccessAt ? f.dateTime(c.lastSuccessAt, tz) : t('journals.never')}</Typography>
              </Fact>
              {failedAttempt ? (
                <Fact label={t('journals.fact.lastAttempt')}>
                  <Flex gap={1} alignItems="flex-start">
                    <Box color="danger600" aria-hidden>
                      <WarningCircle />
                    </Box>
                    <Typography textColor="danger700">{t('journals.attemptFailed', { date: f.dateTime(c.lastSyncAt, tz) })}</Typography>
                  </Flex>
                </Fact>
              ) : null}
              <Fact label={t('journals.fact.nextSync')}>
                <Typography>
                  {c.autoSync && c.nextSyncAt
                    ? f.dateTime(c.nextSyncAt, tz)
                    : c.autoSync
                      ? t('journals.notPlanned')
                      : t('journals.autoSyncOff')}
                </Typography>
              </Fact>
              <Fact label={t('journals.fact.consent')}>
                <Typography>{c.consentExpiresAt ? f.dayOf(c.consentExpiresAt, tz) : t('journals.consentUnknown')}</Typography>
              </Fact>
            </>
          ) : null}
        </Grid.Root>

        {going ? (
          <Flex role="status" background="primary100" borderColor="primary200" hasRadius padding={3} gap={3} alignItems="center">
            <Loader small>{t('journals.runningShort')}</Loader>
            <Typography textColor="primary700" style={{ overflowWrap: 'anywhere' }}>
              {run
                ? t('journals.running', {
                    bank: c?.institutionName ?? t('journals.bankUnnamed'),
                    trigger: t(triggerKey(run.trigger)),
                    pages: run.pages,
                    fetched: run.fetched,
                    imported: run.imported,
                    since: f.dateTime(run.startedAt, tz),
                  })
                : t('journals.starting')}
            </Typography>
          </Flex>
        ) : null}

        {warnings.length ? (
          <Flex direction="column" alignItems="stretch" gap={2}>
            {warnings}
          </Flex>
        ) : null}

        {!c ? (
          <Typography variant="pi" textColor="neutral600">
            {canManage ? t('journals.notLinkedHintManager') : t('journals.notLinkedHint')}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
};
