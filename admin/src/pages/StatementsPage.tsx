import { Layouts, Page } from '@strapi/strapi/admin';

/** To be built (issue 9). */
export const StatementsPage = () => (
  <Page.Main>
    <Layouts.Header title="StatementsPage" />
  </Page.Main>
);
