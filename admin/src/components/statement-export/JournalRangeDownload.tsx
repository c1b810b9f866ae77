import { useState } from 'react';
import { Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/translate';
import { downloadJournalRange, type ExportFormat } from './download';
import { FormatSelect } from './FormatSelect';
import { useDownload } from './useDownload';

/**
 * On a journal's statements list: download the lines booked in a date range (days in the
 * journal's time zone, both included), with the opening and closing balances of the range.
 */
export const JournalRangeDownload = ({
  journalId,
  timeZone,
  initial,
}: {
  journalId: number;
  timeZone: string;
  initial: { from: string; to: string };
}) => {
  const t = useT();
  const f = useFormat();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const { busy, run } = useDownload();
  const wrong = Boolean(from && to && from > to);
  const ready = Boolean(from && to) && !wrong;
  return (
    <Box background="neutral0" shadow="tableShadow" hasRadius padding={5}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="delta" tag="h2">
          {t('export.range.title')}
        </Typography>
        <Typography textColor="neutral600">{t('export.range.hint', { timeZone })}</Typography>
        <Flex gap={4} alignItems="flex-start" wrap="wrap">
          <Box style={{ flex: '0 1 12rem' }}>
            <Field.Root name="from" required>
              <Field.Label>{t('export.range.from')}</Field.Label>
              <TextInput type="date" value={from} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFrom(e.target.value)} />
            </Field.Root>
          </Box>
          <Box style={{ flex: '0 1 12rem' }}>
            <Field.Root name="to" required error={wrong ? t('export.range.toBeforeFrom') : undefined}>
              <Field.Label>{t('export.range.to')}</Field.Label>
              <TextInput type="date" value={to} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTo(e.target.value)} />
              <Field.Error />
            </Field.Root>
          </Box>
          <Box style={{ flex: '0 1 22rem' }}>
            <FormatSelect value={format} onChange={setFormat} />
          </Box>
          <Box paddingTop={6}>
            <Button
              startIcon={<Download />}
              loading={busy}
              disabled={!ready}
              onClick={() => run(() => downloadJournalRange(journalId, { format, from, to }))}
            >
              {t('export.range.download')}
            </Button>
          </Box>
        </Flex>
        {/* The browser writes the date fields in its own order: the period in words, in the admin's language. */}
        <Typography role="status" fontWeight="semiBold">
          {ready ? t('export.range.chosen', { from: f.day(from), to: f.day(to) }) : ''}
        </Typography>
      </Flex>
    </Box>
  );
};
