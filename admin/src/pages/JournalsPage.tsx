import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { Badge, Box, Button, EmptyStateLayout, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { JournalView } from '../../../shared/contracts/journals';
import { api } from '../api/client';
import { getTranslation } from '../utils/getTranslation';

type State = { status: 'loading' } | { status: 'error' } | { status: 'ready'; journals: JournalView[] };

export const JournalsPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string) => formatMessage({ id: getTranslation(id), defaultMessage: id });
  const [state, setState] = useState<State>({ status: 'loading' });
  const [syncing, setSyncing] = useState<number | null>(null);
  const { toggleNotification } = useNotification();

  const load = useCallback(() => {
    api
      .listJournals()
      .then(({ data }) => setState({ status: 'ready', journals: data }))
      .catch(() => setState({ status: 'error' }));
  }, []);

  useEffect(load, [load]);

  const synchronize = async (journal: JournalView) => {
    setSyncing(journal.id);
    try {
      const { data: run } = await api.synchronizeJournal(journal.id);
      toggleNotification({
        type: run.status === 'failed' ? 'danger' : run.status === 'partial' ? 'warning' : 'success',
        message:
          run.status === 'failed'
            ? `${journal.code}: ${run.error?.message ?? 'failed'} (reference ${run.error?.reference ?? '-'})`
            : `${journal.code}: ${run.imported} new transaction(s), ${run.pendingSkipped} pending`,
      });
    } catch (error) {
      const body = (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error;
      toggleNotification({ type: 'warning', message: `${journal.code}: ${body?.message ?? 'synchronization failed'}` });
    } finally {
      setSyncing(null);
      load();
    }
  };

  if (state.status === 'loading') return <Page.Loading />;
  if (state.status === 'error') return <Page.Error />;

  return (
    <Page.Main>
      <Page.Title>{t('journals.title')}</Page.Title>
      <Layouts.Header title={t('journals.title')} subtitle={t('journals.subtitle')} />
      <Layouts.Content>
        {state.journals.length === 0 ? (
          <EmptyStateLayout content={t('journals.empty')} />
        ) : (
          <Box background="neutral0" shadow="tableShadow" hasRadius>
            <Table colCount={8} rowCount={state.journals.length + 1}>
              <Thead>
                <Tr>
                  {['name', 'code', 'balance', 'periodicity', 'account', 'state', 'lastSync', 'actions'].map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{t(`journals.column.${column}`)}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {state.journals.map((journal) => (
                  <Tr key={journal.id}>
                    <Td>
                      <Typography fontWeight="bold">{journal.name}</Typography>
                    </Td>
                    <Td>
                      <Typography>{journal.code}</Typography>
                    </Td>
                    <Td>
                      <Typography>{journal.balance === null ? '—' : `${journal.balance} ${journal.currency}`}</Typography>
                    </Td>
                    <Td>
                      <Typography>{journal.statementPeriodicity}</Typography>
                    </Td>
                    <Td>
                      <Typography>{journal.onlineAccount?.accountNumber ?? journal.onlineAccount?.name ?? '—'}</Typography>
                    </Td>
                    <Td>
                      {journal.connection ? <Badge>{journal.connection.state}</Badge> : <Typography>—</Typography>}
                      {journal.warnings.map((w) => (
                        <Typography key={w.code} tag="p" variant="pi" textColor="danger600">
                          {w.message}
                        </Typography>
                      ))}
                    </Td>
                    <Td>
                      <Typography>
                        {journal.connection?.lastSyncAt ? new Date(journal.connection.lastSyncAt).toLocaleString() : '—'}
                      </Typography>
                    </Td>
                    <Td>
                      {journal.connection ? (
                        <Button size="S" variant="secondary" loading={syncing === journal.id} onClick={() => synchronize(journal)}>
                          {t('journals.synchronize')}
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
