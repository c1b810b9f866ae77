type Env = ((key: string, fallback?: string) => string) & { bool: (key: string, fallback?: boolean) => boolean };

export default ({ env }: { env: Env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET') },
  apiToken: { salt: env('API_TOKEN_SALT') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY') },
  serveAdminPanel: env.bool('SERVE_ADMIN_PANEL', true),
  flags: { nps: false, promoteEE: false },
  // Strapi's limit of 5 logins per 5 minutes; the test suites turn it off.
  rateLimit: { enabled: env.bool('ADMIN_LOGIN_RATE_LIMIT', true) },
});
