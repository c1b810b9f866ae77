import { useIntl } from 'react-intl';
import { Flex, Typography } from '@strapi/design-system';
import type { RemindersSettingsView } from '../../../../shared/contracts/reminders';
import { useT } from '../../utils/translate';
import { ToneBadge } from '../connections/ToneBadge';
import { SettingsBox } from './SettingsBox';

/** Settings → Bank Sync: who receives the consent reminders and when (set in the server's configuration). */
export const RemindersSettings = ({ reminders }: { reminders: RemindersSettingsView }) => {
  const t = useT();
  const { formatList } = useIntl();
  const days = formatList(
    reminders.days.map((d) => String(d)),
    { type: 'conjunction' },
  );
  return (
    <SettingsBox id="settings-reminders" title={t('settings.reminders.title')} description={t('settings.reminders.hint')}>
      <Flex gap={2} wrap="wrap" alignItems="center">
        <ToneBadge variant={reminders.emailEnabled ? 'success' : 'neutral'}>
          {t(reminders.emailEnabled ? 'settings.reminders.on' : 'settings.reminders.off')}
        </ToneBadge>
        <Typography>{t('settings.reminders.when', { days, count: reminders.days.length })}</Typography>
      </Flex>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="sigma" textColor="neutral600" tag="h3">
          {t('settings.reminders.recipients')}
        </Typography>
        {reminders.emails.length ? (
          <Flex tag="ul" direction="column" alignItems="flex-start" gap={1} style={{ margin: 0, paddingLeft: '2rem' }}>
            {reminders.emails.map((email) => (
              <Typography key={email} tag="li" style={{ overflowWrap: 'anywhere' }}>
                {email}
              </Typography>
            ))}
          </Flex>
        ) : (
          <Typography textColor="neutral700">{t('settings.reminders.none')}</Typography>
        )}
      </Flex>
      <Typography variant="pi" textColor="neutral600">
        {t('settings.reminders.configHint')}
      </Typography>
    </SettingsBox>
  );
};
