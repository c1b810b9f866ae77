import { PLUGIN_ID } from '../../pluginId';

/** An admin path inside the plugin's pages (the admin's router adds /admin). */
export const pluginPath = (path = '') => `/plugins/${PLUGIN_ID}${path ? `/${path}` : ''}`;
