import type { ReactNode } from 'react';
import { Badge, Box, Flex, Grid, Typography } from '@strapi/design-system';
import type { ConnectionView } from '../../../../shared/contracts/connections';
import { useFormat } from '../../utils/format';
import { LastSync } from './ScheduleFields';
import { WarningLine } from './WarningLine';
import { useT, type TranslationKey } from '../../utils/translate';
import { useFrequencyWords } from './frequency';
import { StateBadge } from './StateBadge';
import { useWarningText } from './warnings';

const Fact = ({ label, children }: { label: TranslationKey; children: ReactNode }) => {
  const t = useT();
  return (
    <Grid.Item col={3} m={4} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="sigma" textColor="neutral600" tag="dt">
        {t(label)}
      </Typography>
      <Box tag="dd" margin={0}>
        {children}
      </Box>
    </Grid.Item>
  );
};

/** A connection's facts: state, schedule, last and next synchronization, consent, credentials; and what to act on. */
export const ConnectionSummary = ({ connection, timeZone }: { connection: ConnectionView; timeZone: string }) => {
  const t = useT();
  const format = useFormat();
  const frequencyWords = useFrequencyWords();
  const warningText = useWarningText();
  return (
    <Box background="neutral0" shadow="tableShadow" hasRadius padding={6}>
      <Grid.Root tag="dl" gap={5}>
        <Fact label="connection.fact.state">
          <StateBadge state={connection.state} />
        </Fact>
        <Fact label="connection.fact.autoSync">
          <Badge variant={connection.autoSync ? 'success' : 'neutral'}>
            {t(connection.autoSync ? 'connections.autoSync.on' : 'connections.autoSync.off')}
          </Badge>
        </Fact>
        <Fact label="connection.fact.frequency">
          <Typography>{frequencyWords(connection.frequencyMinutes)}</Typography>
        </Fact>
        <Fact label="connection.fact.credentials">
          <Typography>{t(connection.hasCredentials ? 'connection.credentials.set' : 'connection.credentials.unset')}</Typography>
        </Fact>
        <Fact label="connection.fact.lastSync">
          <LastSync connection={connection} timeZone={timeZone} />
        </Fact>
        <Fact label="connection.fact.lastSuccess">
          <Typography>{format.dateTime(connection.lastSuccessAt, timeZone)}</Typography>
        </Fact>
        <Fact label="connection.fact.nextSync">
          <Typography>{connection.autoSync ? format.dateTime(connection.nextSyncAt, timeZone) : t('connections.nextSync.off')}</Typography>
        </Fact>
        <Fact label="connection.fact.consent">
          <Typography>{format.dayOf(connection.consentExpiresAt, timeZone)}</Typography>
        </Fact>
      </Grid.Root>
      {connection.warnings.length ? (
        <Flex direction="column" alignItems="flex-start" gap={1} paddingTop={5}>
          {connection.warnings.map((w) => (
            <WarningLine key={w.code} warning={w} text={warningText(w, timeZone)} />
          ))}
        </Flex>
      ) : null}
    </Box>
  );
};
