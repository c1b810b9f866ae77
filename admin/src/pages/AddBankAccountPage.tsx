import { Layouts, Page } from '@strapi/strapi/admin';

/** To be built (issue 9). */
export const AddBankAccountPage = () => (
  <Page.Main>
    <Layouts.Header title="AddBankAccountPage" />
  </Page.Main>
);
