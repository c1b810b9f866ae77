import { Flex, IconButton, Typography } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { useT } from '../../utils/translate';

/** An error's reference (BKS-…), to quote to whoever reads the server log, with a copy button. */
export const Reference = ({ reference }: { reference: string }) => {
  const t = useT();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  return (
    <Flex gap={2} alignItems="center" wrap="wrap">
      <Typography textColor="neutral800">{t('add.reference', { reference })}</Typography>
      <IconButton
        size="S"
        variant="tertiary"
        label={t('add.reference.copy', { reference })}
        onClick={async () => {
          const done = await copy(reference);
          toggleNotification({
            type: done ? 'success' : 'warning',
            message: done ? t('add.reference.copied', { reference }) : t('add.reference.copyFailed'),
          });
        }}
      >
        <Duplicate />
      </IconButton>
    </Flex>
  );
};
