import { Box, Typography } from '@strapi/design-system';
import type { ConnectionView } from '../../../../shared/contracts/connections';
import { useT } from '../../utils/translate';
import { errorKey } from '../../utils/wording';
import { Notice } from '../add/Notice';
import { Reference } from '../add/Reference';

/**
 * The connection's last error: what it means (by class), and, this being a developer-mode
 * page, its code and the server's technical message; its reference with a copy button.
 */
export const LastError = ({ error }: { error: NonNullable<ConnectionView['lastError']> }) => {
  const t = useT();
  return (
    <Notice variant="danger" title={t('connection.error.title')}>
      <Typography tag="p">{t(errorKey(error))}</Typography>
      {error.reference ? <Reference reference={error.reference} /> : null}
      {error.message || error.code ? (
        <Box paddingTop={1}>
          <Typography tag="p" variant="pi" fontWeight="bold" textColor="neutral700">
            {t('connection.error.technical')}
          </Typography>
          <Typography tag="p" variant="pi" textColor="neutral700" style={{ overflowWrap: 'anywhere', fontFamily: 'monospace' }}>
            {[error.code, error.message].filter(Boolean).join(' — ')}
          </Typography>
        </Box>
      ) : null}
    </Notice>
  );
};
