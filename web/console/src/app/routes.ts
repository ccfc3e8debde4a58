/** Which screens exist and who may open them; the navigation shows only the allowed ones. */
import type { MessageKey } from '../i18n';

export type Role = 'ADMIN' | 'SUPERVISOR' | 'AGENT';

export interface RouteDef {
  path: string;
  label: MessageKey;
  roles: readonly Role[];
}

export const routes: readonly RouteDef[] = [
  { path: '/inbox', label: 'nav.inbox', roles: ['ADMIN', 'SUPERVISOR', 'AGENT'] },
  { path: '/dashboard', label: 'nav.dashboard', roles: ['ADMIN', 'SUPERVISOR'] },
  { path: '/admin', label: 'nav.admin', roles: ['ADMIN'] },
];

export const allowedRoutes = (role: Role): RouteDef[] => routes.filter((route) => route.roles.includes(role));

/** The route a path belongs to (`/admin/users` → `/admin`), if any. */
export function routeOf(pathname: string): RouteDef | undefined {
  return routes.find((route) => pathname === route.path || pathname.startsWith(`${route.path}/`));
}
