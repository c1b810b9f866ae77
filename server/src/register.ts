import type { Core } from '@strapi/strapi';

const register = (_: { strapi: Core.Strapi }) => {
  // Content types, indexes (declared on the schemas) and services are registered by Strapi.
};

export default register;
