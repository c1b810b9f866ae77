/** Server entry point of the plugin (built to dist/server by `strapi-plugin build`). */
export { default } from './server/src';
