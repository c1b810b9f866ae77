import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useT } from '../../utils/translate';
import { downloadStatement, type ExportFormat } from './download';
import { FormatSelect } from './FormatSelect';
import { useDownload } from './useDownload';

/** On a statement's page: download the statement, with its balances and lines, as a file. */
export const StatementDownload = ({ statementId }: { statementId: number }) => {
  const t = useT();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const { busy, run } = useDownload();
  return (
    <Box background="neutral0" shadow="tableShadow" hasRadius padding={5}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="delta" tag="h2">
          {t('export.statement.title')}
        </Typography>
        <Flex gap={4} alignItems="flex-start" wrap="wrap">
          <Box style={{ flex: '0 1 22rem' }}>
            <FormatSelect value={format} onChange={setFormat} />
          </Box>
          <Box paddingTop={6}>
            <Button startIcon={<Download />} loading={busy} onClick={() => run(() => downloadStatement(statementId, { format }))}>
              {t('export.statement.download')}
            </Button>
          </Box>
        </Flex>
      </Flex>
    </Box>
  );
};
