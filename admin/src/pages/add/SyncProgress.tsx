import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import { useGetActiveRunsQuery } from '../../services/api';
import { useT } from '../../utils/translate';

/**
 * A synchronization going on for a connection: its counts so far, read from the run record
 * (the server writes them as batches commit), polled every second while it is shown.
 */
export const SyncProgress = ({ connectionId, title }: { connectionId: number; title: string }) => {
  const t = useT();
  const { data } = useGetActiveRunsQuery(undefined, { pollingInterval: 1000 });
  const run = data?.find((r) => r.connectionId === connectionId);
  return (
    <Box background="neutral0" shadow="tableShadow" hasRadius padding={6}>
      <Flex gap={4} alignItems="center">
        <Loader small>{title}</Loader>
        <Flex direction="column" alignItems="flex-start" gap={1} aria-live="polite">
          <Typography tag="h2" variant="delta">
            {title}
          </Typography>
          <Typography tag="p" textColor="neutral600">
            {run ? t('runs.progress', { pages: run.pages, fetched: run.fetched, imported: run.imported }) : t('runs.progress.starting')}
          </Typography>
        </Flex>
      </Flex>
    </Box>
  );
};
