type Env = ((key: string, fallback?: string) => string) & {
  int: (key: string, fallback?: number) => number;
  array: (key: string, fallback?: string[]) => string[];
};

export default ({ env }: { env: Env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  // Absolute URLs (the admin, the provider redirect URI) use the address the login is printed with.
  url: env('PUBLIC_URL', `http://${env('HOST', '127.0.0.1')}:${env.int('PORT', 1337)}`),
  app: { keys: env.array('APP_KEYS') },
  logger: { updates: { enabled: false } },
});
