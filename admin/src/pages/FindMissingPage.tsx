import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Box, Button, EmptyStateLayout, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Download, Search } from '@strapi/icons';
import { FINDER_MAX_DAYS, FINDER_MAX_ROWS, FOUND_STATUSES } from '../../../shared/contracts/finder-constants';
import type { FindMissingResult } from '../../../shared/contracts/finder';
import { JournalCrumbs } from '../components/bank-journals/JournalCrumbs';
import { PERMISSIONS } from '../permissions';
import { useFindMissingMutation, useGetJournalsQuery, useImportSelectedMutation } from '../services/api';
import { useT } from '../utils/translate';
import { errorClassKey } from '../utils/wording';
import { apiError } from './add/apiError';
import { addDays, todayIn } from './add/proposals';
import { FoundStatusBadge } from './finder/FoundStatusBadge';
import { FoundTable } from './finder/FoundTable';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A failure worded for the admin: bad input by its message, a bank failure by its class and reference. */
function useFailureText() {
  const t = useT();
  return (e: unknown): string => {
    const error = apiError(e);
    if (error.status === 409) return t('connection.busy');
    if (error.errorClass) {
      return [t(errorClassKey(error.errorClass)), error.reference ? t('runs.reference', { reference: error.reference }) : '']
        .filter(Boolean)
        .join(' ');
    }
    return error.message ?? t('finder.failed');
  };
}

/**
 * Find missing transactions (Odoo's wizard, as a dry run with a diff): the admin chooses a
 * period, the bank is read without importing anything, and every transaction it lists shows
 * what an import would do and why. The new posted ones can be selected and imported.
 */
export const FindMissingPage = () => {
  const t = useT();
  const failureText = useFailureText();
  const { toggleNotification } = useNotification();
  const id = Number(useParams<{ id: string }>().id);
  const journals = useGetJournalsQuery();
  const {
    isLoading: rbacLoading,
    allowedActions: { canSynchronize },
  } = useRBAC({ synchronize: PERMISSIONS.synchronize });
  const journal = journals.data?.find((j) => j.id === id);
  const today = todayIn(journal?.timeZone);
  const [from, setFrom] = useState(() => addDays(todayIn(undefined), -30));
  const [to, setTo] = useState(() => todayIn(undefined));
  const [result, setResult] = useState<FindMissingResult | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [findMissing, finding] = useFindMissingMutation();
  const [importSelected, importing] = useImportSelectedMutation();

  if (journals.isLoading || rbacLoading) return <Page.Loading />;
  if (!journal) {
    return (
      <Page.Main>
        <Layouts.Header
          title={t('statements.journalNotFound')}
          navigationAction={<JournalCrumbs current={t('statements.journalNotFound')} />}
        />
        <Layouts.Content>
          <EmptyStateLayout content={t('statements.journalNotFoundHint')} />
        </Layouts.Content>
      </Page.Main>
    );
  }

  const span = DATE.test(from) && DATE.test(to) ? (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS : NaN;
  const rangeError = !(span >= 0 && span < FINDER_MAX_DAYS) ? t('finder.range.invalid', { days: FINDER_MAX_DAYS }) : null;

  const look = async (range = { from, to }) => {
    try {
      const found = await findMissing({ journalId: id, ...range }).unwrap();
      setResult(found);
      setSelected(new Set());
    } catch (e) {
      toggleNotification({ type: apiError(e).status === 409 ? 'info' : 'danger', message: failureText(e) });
    }
  };

  const onImport = async () => {
    if (!result || selected.size === 0) return;
    try {
      const done = await importSelected({ journalId: id, from: result.from, to: result.to, ids: [...selected] }).unwrap();
      const parts = [t('finder.imported', { count: done.imported })];
      if (done.alreadyImported) parts.push(t('finder.alreadyImported', { count: done.alreadyImported }));
      if (done.skipped.length) parts.push(t('finder.skipped', { count: done.skipped.length }));
      toggleNotification({ type: done.skipped.length ? 'warning' : 'success', message: parts.join(' ') });
      // The diff again, as the journal is now.
      await look({ from: result.from, to: result.to });
    } catch (e) {
      toggleNotification({ type: apiError(e).status === 409 ? 'info' : 'danger', message: failureText(e) });
    }
  };

  const title = t('finder.title');
  const linked = Boolean(journal.onlineAccount && journal.connection);

  return (
    <Page.Main>
      <Page.Title>{`${title} · ${journal.name}`}</Page.Title>
      <Layouts.Header
        navigationAction={<JournalCrumbs journal={journal} current={title} />}
        title={title}
        subtitle={t('finder.subtitle', { journal: journal.name, currency: journal.currency })}
        primaryAction={
          canSynchronize && result && result.counts.new > 0 ? (
            <Button startIcon={<Download />} disabled={selected.size === 0} loading={importing.isLoading} onClick={onImport}>
              {t('finder.import', { count: selected.size })}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {!linked ? (
          <EmptyStateLayout content={t('finder.noAccount')} hasRadius shadow="tableShadow" />
        ) : !canSynchronize ? (
          <EmptyStateLayout content={t('finder.noPermission')} hasRadius shadow="tableShadow" />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Box background="neutral0" shadow="tableShadow" hasRadius padding={6}>
              <form
                onSubmit={(e: FormEvent) => {
                  e.preventDefault();
                  if (!rangeError) void look();
                }}
              >
                <Flex gap={4} alignItems="flex-end" wrap="wrap">
                  <Box width="14rem">
                    <Field.Root name="from" error={rangeError ?? undefined}>
                      <Field.Label>{t('finder.from')}</Field.Label>
                      <TextInput type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} />
                    </Field.Root>
                  </Box>
                  <Box width="14rem">
                    <Field.Root name="to" error={rangeError ?? undefined}>
                      <Field.Label>{t('finder.to')}</Field.Label>
                      <TextInput type="date" value={to} max={today} onChange={(e) => setTo(e.target.value)} />
                    </Field.Root>
                  </Box>
                  <Button type="submit" size="L" startIcon={<Search />} loading={finding.isLoading} disabled={Boolean(rangeError)}>
                    {t('finder.search')}
                  </Button>
                </Flex>
                <Box paddingTop={2}>
                  <Typography variant="pi" textColor={rangeError ? 'danger600' : 'neutral600'}>
                    {rangeError ?? t('finder.range.hint', { timeZone: journal.timeZone })}
                  </Typography>
                </Box>
              </form>
            </Box>

            {!result ? (
              <EmptyStateLayout content={t('finder.intro')} hasRadius shadow="tableShadow" />
            ) : (
              <>
                <Flex gap={3} wrap="wrap" aria-label={t('finder.summary')} tag="section">
                  <Typography fontWeight="semiBold">{t('finder.summary.period', { count: result.transactions.length })}</Typography>
                  {FOUND_STATUSES.map((status) => (
                    <Flex key={status} gap={1}>
                      <FoundStatusBadge status={status} />
                      <Typography>{result.counts[status]}</Typography>
                    </Flex>
                  ))}
                </Flex>
                {result.truncated ? (
                  <Typography textColor="warning700">{t('finder.truncated', { max: FINDER_MAX_ROWS })}</Typography>
                ) : null}
                {result.transactions.length === 0 ? (
                  <EmptyStateLayout content={t('finder.nothing')} hasRadius shadow="tableShadow" />
                ) : (
                  <FoundTable
                    rows={result.transactions}
                    journalCurrency={result.currency}
                    selected={selected}
                    selectable={canSynchronize}
                    onToggle={(txId, on) =>
                      setSelected((current) => {
                        const next = new Set(current);
                        if (on) next.add(txId);
                        else next.delete(txId);
                        return next;
                      })
                    }
                    onToggleAll={(on) =>
                      setSelected(
                        on ? new Set(result.transactions.filter((r) => r.importable).map((r) => r.providerTransactionId!)) : new Set(),
                      )
                    }
                  />
                )}
                <Typography variant="pi" textColor="neutral600">
                  {t('finder.footnote', { timeZone: result.timeZone })}
                </Typography>
              </>
            )}
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
