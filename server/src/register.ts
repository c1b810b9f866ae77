import type { Core } from '@strapi/strapi';
import { registerHideSecrets } from './document-middlewares/hide-secrets';
import { registerReadOnlyBankData } from './document-middlewares/read-only-bank-data';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Content types, their indexes (declared on the schemas) and services are registered by Strapi.
  registerHideSecrets(strapi);
  registerReadOnlyBankData(strapi);
};

export default register;
