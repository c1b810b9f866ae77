import { Layouts, Page } from '@strapi/strapi/admin';

/** To be built (issue 9). */
export const ConnectionsPage = () => (
  <Page.Main>
    <Layouts.Header title="ConnectionsPage" />
  </Page.Main>
);
