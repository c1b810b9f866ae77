import type { ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

/** A read-only block of the Settings page, framed like its form sections. */
export const SettingsBox = ({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: string;
  children: ReactNode;
}) => (
  <Box
    tag="section"
    aria-labelledby={id}
    background="neutral0"
    hasRadius
    shadow="filterShadow"
    paddingTop={6}
    paddingBottom={6}
    paddingLeft={7}
    paddingRight={7}
  >
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography id={id} variant="delta" tag="h2">
          {title}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {description}
        </Typography>
      </Flex>
      {children}
    </Flex>
  </Box>
);
