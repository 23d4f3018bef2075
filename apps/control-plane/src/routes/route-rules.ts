import type { RouteSpec } from '@switchyard/contracts';

/** A route's own settings, whoever wrote them (the API or a service's labels). */
export type RouteSettings = Omit<RouteSpec, 'service'>;

/** The first setting an sni route cannot have, with why: the proxy never sees inside its TLS. */
export function sniProblem(
  route: Pick<RouteSettings, 'protocol' | 'stickyCookie' | 'redirect' | 'isDefault'>,
): { field: 'stickyCookie' | 'redirect' | 'isDefault'; message: string } | null {
  if (route.protocol !== 'sni') return null;
  if (route.stickyCookie !== null) {
    return {
      field: 'stickyCookie',
      message: 'an sni route passes TLS through untouched, so it cannot set a sticky cookie',
    };
  }
  if (route.redirect !== null) {
    return { field: 'redirect', message: 'an sni route passes TLS through untouched, so it cannot redirect' };
  }
  if (route.isDefault) {
    return {
      field: 'isDefault',
      message: 'an sni route cannot be the default route: the default answers HTTP requests no route matches',
    };
  }
  return null;
}
