import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import en from '../translations/en.json';
import { getTranslation } from './getTranslation';

/** Every key of the plugin's translations; en.json is the reference, the other languages follow it. */
export type TranslationKey = keyof typeof en;
type Values = Record<string, string | number | boolean | null | undefined | Date>;

/** `t('journals.title')`: the plugin's message in the admin's language, English when a language lacks it. */
export function useT() {
  const { formatMessage } = useIntl();
  return useCallback(
    (key: TranslationKey, values?: Values) => formatMessage({ id: getTranslation(key), defaultMessage: en[key] }, values),
    [formatMessage],
  );
}
