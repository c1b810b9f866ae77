type Env = (key: string, fallback?: string) => string;

/** Merged over Strapi's default logger; tests run with LOG_LEVEL=warn. */
export default ({ env }: { env: Env }) => ({
  level: env('LOG_LEVEL', 'http'),
});
