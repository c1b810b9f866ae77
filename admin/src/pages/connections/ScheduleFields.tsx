import { Field, SingleSelect, SingleSelectOption, Toggle, Typography } from '@strapi/design-system';
import type { ConnectionView } from '../../../../shared/contracts/connections';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/translate';
import { frequencyOptions, useFrequencyWords } from './frequency';

/** How often a connection is synchronized: the usual choices, with its current one kept. */
export const FrequencyField = ({ value, current, onChange }: { value: number; current: number; onChange: (minutes: number) => void }) => {
  const t = useT();
  const frequencyWords = useFrequencyWords();
  return (
    <Field.Root name="frequency" hint={t('callback.frequency.hint')}>
      <Field.Label>{t('callback.frequency')}</Field.Label>
      <SingleSelect value={value} onChange={(minutes) => onChange(Number(minutes))}>
        {frequencyOptions(current).map((minutes) => (
          <SingleSelectOption key={minutes} value={minutes}>
            {frequencyWords(minutes)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );
};

/** Automatic synchronization on or off. */
export const AutoSyncField = ({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) => {
  const t = useT();
  return (
    <Field.Root name="autoSync" hint={t('callback.autoSync.hint')}>
      <Field.Label>{t('callback.autoSync')}</Field.Label>
      <Toggle
        onLabel={t('callback.autoSync.on')}
        offLabel={t('callback.autoSync.off')}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <Field.Hint />
    </Field.Root>
  );
};

/** The last synchronization's date, and "Failed" beside it when that attempt was not a success. */
export const LastSync = ({ connection, timeZone }: { connection: ConnectionView; timeZone: string }) => {
  const t = useT();
  const format = useFormat();
  const failed = Boolean(connection.lastError) && connection.lastSyncAt !== null && connection.lastSyncAt !== connection.lastSuccessAt;
  return (
    <>
      <Typography>{format.dateTime(connection.lastSyncAt, timeZone)}</Typography>
      {failed ? (
        <Typography tag="p" variant="pi" textColor="danger600">
          {t('connections.lastSync.failed')}
        </Typography>
      ) : null}
    </>
  );
};
