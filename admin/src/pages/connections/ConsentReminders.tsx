import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { useGetConsentRemindersQuery } from '../../services/api';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/translate';
import { ToneBadge } from './ToneBadge';

/** The consent reminders sent for a connection (e-mails before its consent ends), newest first. */
export const ConsentReminders = ({ connectionId, timeZone }: { connectionId: number; timeZone: string }) => {
  const t = useT();
  const format = useFormat();
  const { data, isLoading, error } = useGetConsentRemindersQuery(connectionId);
  return (
    <Box tag="section" aria-labelledby="consent-reminders" background="neutral0" shadow="tableShadow" hasRadius padding={6}>
      <Typography id="consent-reminders" tag="h2" variant="delta">
        {t('reminders.title')}
      </Typography>
      <Typography tag="p" variant="pi" textColor="neutral600" paddingTop={1} paddingBottom={4}>
        {t('reminders.hint')}
      </Typography>
      {isLoading ? (
        <Loader small>{t('reminders.loading')}</Loader>
      ) : error ? (
        <Typography textColor="danger600">{t('reminders.failed')}</Typography>
      ) : !data?.length ? (
        <Typography>{t('reminders.empty')}</Typography>
      ) : (
        <Flex tag="ul" direction="column" alignItems="stretch" gap={3} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {data.map((r) => (
            <Flex tag="li" key={r.id} gap={3} wrap="wrap" alignItems="center">
              <Mail aria-hidden />
              <Typography fontWeight="semiBold">{t('reminders.before', { days: r.days })}</Typography>
              <Typography textColor="neutral700">
                {t('reminders.sentOn', { date: format.dateTime(r.sentAt, timeZone), end: format.dayOf(r.consentEnd, timeZone) })}
              </Typography>
              <ToneBadge variant={r.emailed > 0 ? 'success' : 'neutral'}>
                {r.emailed > 0 ? t('reminders.emailed', { n: r.emailed }) : t('reminders.notEmailed')}
              </ToneBadge>
            </Flex>
          ))}
        </Flex>
      )}
    </Box>
  );
};
