import type { Core } from '@strapi/strapi';
import type services from '../services';
import { PLUGIN_ID } from '../constants';

type Services = typeof services;
export type ServiceName = keyof Services;
export type ServiceOf<N extends ServiceName> = ReturnType<Services[N]>;

/** Typed access to the plugin's services, derived from the service map itself. */
export function getService<N extends ServiceName>(strapi: Core.Strapi, name: N): ServiceOf<N> {
  return strapi.plugin(PLUGIN_ID).service(name) as ServiceOf<N>;
}
