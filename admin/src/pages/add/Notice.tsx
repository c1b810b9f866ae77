import type { ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { CheckCircle, Information, WarningCircle } from '@strapi/icons';

type Variant = 'danger' | 'warning' | 'success' | 'default';

const COLORS: Record<Variant, { background: string; border: string; icon: string }> = {
  danger: { background: 'danger100', border: 'danger200', icon: 'danger600' },
  warning: { background: 'warning100', border: 'warning200', icon: 'warning600' },
  success: { background: 'success100', border: 'success200', icon: 'success600' },
  default: { background: 'primary100', border: 'primary200', icon: 'primary600' },
};

/**
 * A message that stays on the page (the design system's Alert always offers to close itself):
 * a title, any content (paragraphs, a reference to copy), and the actions that lead on.
 */
export const Notice = ({
  variant = 'default',
  title,
  children,
  actions,
  titleTag = 'h2',
}: {
  variant?: Variant;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  titleTag?: 'h2' | 'h3';
}) => {
  const colors = COLORS[variant];
  const Icon = variant === 'success' ? CheckCircle : variant === 'default' ? Information : WarningCircle;
  return (
    <Box
      background={colors.background}
      borderColor={colors.border}
      borderStyle="solid"
      borderWidth="1px"
      hasRadius
      padding={5}
      role={variant === 'danger' ? 'alert' : 'status'}
    >
      <Flex gap={3} alignItems="flex-start">
        <Box color={colors.icon} paddingTop={1} aria-hidden>
          <Icon width="2rem" height="2rem" fill={colors.icon} />
        </Box>
        <Flex direction="column" alignItems="stretch" gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Typography tag={titleTag} variant="delta" textColor="neutral800">
            {title}
          </Typography>
          {children}
          {actions ? (
            <Flex gap={2} wrap="wrap" paddingTop={2}>
              {actions}
            </Flex>
          ) : null}
        </Flex>
      </Flex>
    </Box>
  );
};
