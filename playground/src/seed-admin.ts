import type { Core } from '@strapi/strapi';

export const DEFAULT_ADMIN = {
  email: 'admin@example.com',
  password: 'BankSync2026!',
};

/**
 * Development convenience: creates the first super admin when there is none, from
 * BANK_SYNC_ADMIN_EMAIL / BANK_SYNC_ADMIN_PASSWORD (defaults above), and prints the login
 * that once, when the user is created (the password only when it is the public default).
 * Later starts print nothing: the README ("The two commands") tells how to find or reset it.
 * Never runs with NODE_ENV=production.
 */
export async function seedAdmin(strapi: Core.Strapi): Promise<void> {
  if (process.env.NODE_ENV === 'production' || process.env.BANK_SYNC_SEED_ADMIN === 'false') return;
  const users = strapi.service('admin::user');
  if (await users.exists()) return;

  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  if (!superAdmin) {
    strapi.log.warn('[playground] no Super Admin role yet: admin user not seeded');
    return;
  }
  const email = process.env.BANK_SYNC_ADMIN_EMAIL || DEFAULT_ADMIN.email;
  const password = process.env.BANK_SYNC_ADMIN_PASSWORD || DEFAULT_ADMIN.password;
  await users.create({
    email,
    firstname: 'Bank',
    lastname: 'Admin',
    password,
    roles: [superAdmin.id],
    isActive: true,
    registrationToken: null,
  });
  if (process.env.NODE_ENV === 'test') return;
  const url = `http://${strapi.config.get('server.host')}:${strapi.config.get('server.port')}/admin`;
  // A password chosen in the environment is never printed.
  const shown = process.env.BANK_SYNC_ADMIN_PASSWORD ? '(password from BANK_SYNC_ADMIN_PASSWORD)' : password;
  strapi.log.info(`[playground] admin login at ${url}: ${email} / ${shown}`);
}
