import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useT } from '../../utils/translate';
import { EXPORT_FORMATS, FORMAT_LABELS, type ExportFormat } from './download';

/** The file format to download, named for accountants (CSV, CAMT.053, OFX). */
export const FormatSelect = ({ value, onChange }: { value: ExportFormat; onChange: (format: ExportFormat) => void }) => {
  const t = useT();
  return (
    <Field.Root name="format" hint={t('export.format.hint')}>
      <Field.Label>{t('export.format')}</Field.Label>
      <SingleSelect value={value} onChange={(next) => onChange(String(next) as ExportFormat)}>
        {EXPORT_FORMATS.map((format) => (
          <SingleSelectOption key={format} value={format}>
            {t(FORMAT_LABELS[format])}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );
};
