import type { Core } from '@strapi/strapi';

const destroy = (_: { strapi: Core.Strapi }) => {
  // Nothing to release yet; the scheduler stops its jobs here.
};

export default destroy;
