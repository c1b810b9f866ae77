import type { Core } from '@strapi/strapi';
import { parseConfig, type PluginConfig } from '../config';
import { PLUGIN_ID } from '../constants';

/** The validated plugin configuration with all defaults filled in. */
const settings = ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: PluginConfig | undefined;
  return {
    get(): PluginConfig {
      cached ??= parseConfig(strapi.config.get(`plugin::${PLUGIN_ID}`));
      return cached;
    },
    /** Forget the parsed configuration (after `strapi.config.set` in tests or tools). */
    reload(): PluginConfig {
      cached = undefined;
      return this.get();
    },
  };
};

export default settings;
