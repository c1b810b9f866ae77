import { NavLink } from 'react-router-dom';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { Badge, Box, EmptyStateLayout, Flex, Link, LinkButton, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import type { ConnectionView } from '../../../shared/contracts/connections';
import { useGetConnectionsQuery, useGetDefaultsQuery } from '../services/api';
import { useGetBankSyncProvidersQuery } from '../services/api';
import { useFormat } from '../utils/format';
import { useT, type TranslationKey } from '../utils/translate';
import { useFrequencyWords } from './connections/frequency';
import { OnlineSyncGate } from './connections/OnlineSyncGate';
import { StateBadge } from './connections/StateBadge';
import { useWarningText } from './connections/warnings';
import { WarningLine } from './connections/WarningLine';
import { LastSync } from './connections/ScheduleFields';

const COLUMNS: TranslationKey[] = [
  'connections.column.institution',
  'connections.column.state',
  'connections.column.autoSync',
  'connections.column.frequency',
  'connections.column.lastSync',
  'connections.column.nextSync',
  'connections.column.consent',
];

const wrap = { whiteSpace: 'normal' } as const;

const ConnectionRow = ({ connection, provider, timeZone }: { connection: ConnectionView; provider: string; timeZone: string }) => {
  const t = useT();
  const format = useFormat();
  const frequencyWords = useFrequencyWords();
  const warningText = useWarningText();
  const name = connection.institutionName ?? connection.institutionId ?? t('connections.unnamed');
  return (
    <Tr>
      <Td style={wrap}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Link tag={NavLink} to={`${connection.id}`}>
            {name}
          </Link>
          <Typography variant="pi" textColor="neutral600">
            {provider}
          </Typography>
        </Flex>
      </Td>
      <Td style={wrap}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <StateBadge state={connection.state} />
          {connection.warnings.map((w) => (
            <WarningLine key={w.code} warning={w} text={warningText(w, timeZone)} variant="pi" />
          ))}
        </Flex>
      </Td>
      <Td>
        <Badge variant={connection.autoSync ? 'success' : 'neutral'}>
          {t(connection.autoSync ? 'connections.autoSync.on' : 'connections.autoSync.off')}
        </Badge>
      </Td>
      <Td style={wrap}>
        <Typography>{frequencyWords(connection.frequencyMinutes)}</Typography>
      </Td>
      <Td style={wrap}>
        <LastSync connection={connection} timeZone={timeZone} />
      </Td>
      <Td style={wrap}>
        <Typography>{connection.autoSync ? format.dateTime(connection.nextSyncAt, timeZone) : t('connections.nextSync.off')}</Typography>
      </Td>
      <Td style={wrap}>
        <Typography>{format.dayOf(connection.consentExpiresAt, timeZone)}</Typography>
      </Td>
    </Tr>
  );
};

/** Online Synchronization: every connection to a bank, its state, schedule and consent. */
const Connections = () => {
  const t = useT();
  const connections = useGetConnectionsQuery();
  const providers = useGetBankSyncProvidersQuery();
  const defaults = useGetDefaultsQuery();
  const timeZone = defaults.data?.defaultTimeZone;

  if (connections.isLoading) return <Page.Loading />;
  if (connections.error || !connections.data) return <Page.Error />;
  const providerName = (id: string) => providers.data?.find((p) => p.id === id)?.displayName ?? id;
  const add = (
    <LinkButton tag={NavLink} to="../add" startIcon={<Plus />}>
      {t('connections.add')}
    </LinkButton>
  );

  return (
    <Page.Main>
      <Page.Title>{t('connections.title')}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback=".." />}
        title={t('connections.title')}
        subtitle={t('connections.subtitle')}
        primaryAction={add}
      />
      <Layouts.Content>
        {connections.data.length === 0 ? (
          <EmptyStateLayout content={t('connections.empty')} action={add} />
        ) : (
          <Box background="neutral0" shadow="tableShadow" hasRadius>
            <Table colCount={COLUMNS.length} rowCount={connections.data.length + 1}>
              <Thead>
                <Tr>
                  {COLUMNS.map((key) => (
                    <Th key={key} style={wrap}>
                      <Typography variant="sigma">{t(key)}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {connections.data.map((connection) => (
                  <ConnectionRow
                    key={connection.id}
                    connection={connection}
                    provider={providerName(connection.providerId)}
                    timeZone={timeZone ?? 'UTC'}
                  />
                ))}
              </Tbody>
            </Table>
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export const ConnectionsPage = () => (
  <OnlineSyncGate>
    <Connections />
  </OnlineSyncGate>
);
