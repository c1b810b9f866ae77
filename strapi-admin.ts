/** Admin entry point of the plugin (built to dist/admin by `strapi-plugin build`). */
export { default } from './admin/src';
