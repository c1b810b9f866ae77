import { Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { BankSyncEventName } from '../../../../shared/contracts/events';
import { useGetBankSyncEventsQuery } from '../../services/api';
import { useT, type TranslationKey } from '../../utils/translate';
import { ToneBadge } from '../connections/ToneBadge';
import { SettingsBox } from './SettingsBox';

const MEANING: Record<BankSyncEventName, TranslationKey> = {
  'bank-sync.lines.imported': 'settings.events.linesImported',
  'bank-sync.run.finished': 'settings.events.runFinished',
  'bank-sync.connection.error': 'settings.events.connectionError',
  'bank-sync.consent.expiring': 'settings.events.consentExpiring',
};

/** Settings → Bank Sync: the events other code and Strapi webhooks can follow. */
export const EventsSettings = () => {
  const t = useT();
  const { data } = useGetBankSyncEventsQuery();
  if (!data) return null;
  return (
    <SettingsBox id="settings-events" title={t('settings.events.title')} description={t('settings.events.hint')}>
      <Table colCount={3} rowCount={data.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{t('settings.events.name')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('settings.events.when')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('settings.events.webhooks')}</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {data.map((event) => (
            <Tr key={event.name}>
              <Td>
                <Typography fontWeight="semiBold" style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
                  {event.name}
                </Typography>
              </Td>
              <Td style={{ whiteSpace: 'normal' }}>
                <Typography>{t(MEANING[event.name])}</Typography>
              </Td>
              <Td>
                <ToneBadge variant={event.webhook ? 'success' : 'neutral'}>
                  {t(event.webhook ? 'settings.events.webhookYes' : 'settings.events.webhookNo')}
                </ToneBadge>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Flex>
        <Typography variant="pi" textColor="neutral600">
          {t('settings.events.webhooksHint')}
        </Typography>
      </Flex>
    </SettingsBox>
  );
};
