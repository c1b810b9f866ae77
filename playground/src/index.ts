import type { Core } from '@strapi/strapi';
import { seedAdmin } from './seed-admin';

export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await seedAdmin(strapi);
  },
};
