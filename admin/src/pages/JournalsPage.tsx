import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Box, EmptyStateLayout, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { JournalView } from '../../../shared/contracts/journals';
import { api } from '../api/client';
import { getTranslation } from '../utils/getTranslation';

type State = { status: 'loading' } | { status: 'error' } | { status: 'ready'; journals: JournalView[] };

export const JournalsPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string) => formatMessage({ id: getTranslation(id), defaultMessage: id });
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    api
      .listJournals()
      .then(({ data }) => live && setState({ status: 'ready', journals: data }))
      .catch(() => live && setState({ status: 'error' }));
    return () => {
      live = false;
    };
  }, []);

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
            <Table colCount={5} rowCount={state.journals.length + 1}>
              <Thead>
                <Tr>
                  {['name', 'code', 'currency', 'periodicity', 'account'].map((column) => (
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
                      <Typography>{journal.currency}</Typography>
                    </Td>
                    <Td>
                      <Typography>{journal.statementPeriodicity}</Typography>
                    </Td>
                    <Td>
                      <Typography>{journal.onlineAccount?.accountNumber ?? journal.onlineAccount?.name ?? '—'}</Typography>
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
