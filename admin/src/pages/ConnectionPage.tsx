import { Layouts, Page } from '@strapi/strapi/admin';

/** To be built (issue 9). */
export const ConnectionPage = () => (
  <Page.Main>
    <Layouts.Header title="ConnectionPage" />
  </Page.Main>
);
