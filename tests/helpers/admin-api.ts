import { startTestApp, type StartOptions, type TestApp } from './strapi';

export interface AdminApi {
  get(url: string): ReturnType<ReturnType<TestApp['http']>['get']>;
  post(url: string, body?: object): ReturnType<ReturnType<TestApp['http']>['post']>;
  put(url: string, body: object): ReturnType<ReturnType<TestApp['http']>['put']>;
  del(url: string): ReturnType<ReturnType<TestApp['http']>['delete']>;
}

/**
 * One playground Strapi for a test file, started before its tests and stopped after, and the
 * admin API called as the seeded super admin: `const { app, api } = useTestApp();`.
 */
export function useTestApp(options: StartOptions = {}): { app: () => TestApp; api: AdminApi } {
  let app: TestApp | undefined;
  let auth = '';
  beforeAll(async () => {
    app = await startTestApp(options);
    auth = `Bearer ${await app.adminToken()}`;
  });
  afterAll(async () => {
    await app?.stop();
  });
  const current = () => {
    if (!app) throw new Error('the test app is not started yet');
    return app;
  };
  const api: AdminApi = {
    get: (url) => current().http().get(url).set('Authorization', auth),
    post: (url, body = {}) => current().http().post(url).set('Authorization', auth).send(body),
    put: (url, body) => current().http().put(url).set('Authorization', auth).send(body),
    del: (url) => current().http().delete(url).set('Authorization', auth),
  };
  return { app: current, api };
}

/** Everything the app logs from now on (to check what a failure writes, and that no secret gets there). */
export function captureLogs(
  app: TestApp,
  levels: Array<'error' | 'warn' | 'info' | 'http' | 'debug'> = ['error', 'warn', 'info'],
  /** Where to put them (default: a new list). */
  logged: string[] = [],
): string[] {
  for (const level of levels) {
    const original = app.strapi.log[level].bind(app.strapi.log);
    (app.strapi.log as unknown as Record<string, (...a: unknown[]) => unknown>)[level] = (...parts: unknown[]) => {
      logged.push(parts.map(String).join(' '));
      return original(...(parts as [string]));
    };
  }
  return logged;
}
