import type { Core } from '@strapi/strapi';
import { seedAdmin } from './seed-admin';
import { seedDemo } from './seed-demo';

export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await seedAdmin(strapi);
    await seedDemo(strapi);
  },
};
