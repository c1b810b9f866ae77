import { Box, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { Warning } from '../../../../shared/contracts/connections';

/**
 * One warning of a connection: an icon and words in a readable colour (the design system's
 * warning text colours are below WCAG AA on white). "Auto-sync off" is a fact, not a warning.
 */
export const WarningLine = ({ warning, text, variant = 'omega' }: { warning: Warning; text: string; variant?: 'omega' | 'pi' }) =>
  warning.code === 'auto_sync_off' ? (
    <Typography tag="p" variant={variant} textColor="neutral600">
      {text}
    </Typography>
  ) : (
    <Flex gap={1} alignItems="flex-start">
      <Box color="warning600" aria-hidden style={{ flexShrink: 0 }}>
        <WarningCircle width="1.2rem" height="1.2rem" />
      </Box>
      <Typography tag="p" variant={variant} textColor="neutral800">
        {text}
      </Typography>
    </Flex>
  );
