import { Layouts, Page } from '@strapi/strapi/admin';

/** To be built (issue 9). */
export const StatementLinesPage = () => (
  <Page.Main>
    <Layouts.Header title="StatementLinesPage" />
  </Page.Main>
);
