/**
 * The playground's admin: the languages the plugin is translated into, so an admin can work in
 * French, Spanish or Dutch (Profile → Interface language) and the browser tests can check them.
 */
export default {
  config: { locales: ['fr', 'es', 'nl'] },
  bootstrap() {},
};
