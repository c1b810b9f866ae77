import type { Core } from '@strapi/strapi';

export const DEFAULT_ADMIN = {
  email: 'admin@example.com',
  password: 'BankSync2026!',
};

/**
 * Development convenience: creates the first super admin when there is none, from
 * BANK_SYNC_ADMIN_EMAIL / BANK_SYNC_ADMIN_PASSWORD (defaults above), and prints the login.
 * Never runs with NODE_ENV=production.
 */
export async function seedAdmin(strapi: Core.Strapi): Promise<void> {
  if (process.env.NODE_ENV === 'production' || process.env.BANK_SYNC_SEED_ADMIN === 'false') return;
  const email = process.env.BANK_SYNC_ADMIN_EMAIL || DEFAULT_ADMIN.email;
  const password = process.env.BANK_SYNC_ADMIN_PASSWORD || DEFAULT_ADMIN.password;

  const users = strapi.service('admin::user');
  if (!(await users.exists())) {
    const superAdmin = await strapi.service('admin::role').getSuperAdmin();
    if (!superAdmin) {
      strapi.log.warn('[playground] no Super Admin role yet: admin user not seeded');
      return;
    }
    await users.create({
      email,
      firstname: 'Bank',
      lastname: 'Admin',
      password,
      roles: [superAdmin.id],
      isActive: true,
      registrationToken: null,
    });
    strapi.log.info(`[playground] created the first admin user ${email}`);
  }
  if (process.env.NODE_ENV !== 'test') {
    const url = `http://${strapi.config.get('server.host')}:${strapi.config.get('server.port')}/admin`;
    // The password is printed only while it is the public default, never one set in the environment.
    const shown = process.env.BANK_SYNC_ADMIN_PASSWORD ? '(password from BANK_SYNC_ADMIN_PASSWORD)' : password;
    strapi.log.info(`[playground] admin login at ${url}: ${email} / ${shown}`);
  }
}
