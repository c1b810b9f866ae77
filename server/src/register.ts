import type { Core } from '@strapi/strapi';
import { registerHideSecrets } from './document-middlewares/hide-secrets';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Content types, their indexes (declared on the schemas) and services are registered by Strapi.
  registerHideSecrets(strapi);
};

export default register;
