/** The four roles (DESIGN §2, §7), in the order they are listed everywhere. */
export const roles = ['admin', 'operator', 'reporter', 'viewer'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Roles in canonical order without duplicates. */
export function sortRoles(list: readonly Role[]): Role[] {
  return roles.filter((r) => list.includes(r));
}

/**
 * What each role may do, from the table in DESIGN §7. The API checks one of these on every route;
 * the web UI uses the same table only to hide what a role cannot use.
 */
const grants = {
  'dashboard.view': ['admin', 'operator', 'reporter', 'viewer'],
  'inbox.view': ['admin', 'operator', 'viewer'],
  'inbox.manage': ['admin', 'operator'],
  'deleted-mail.manage': ['admin'],
  'customers.view': ['admin', 'operator', 'viewer'],
  'customers.manage': ['admin', 'operator'],
  'jobs.view': ['admin', 'operator', 'viewer'],
  'jobs.reviewed-by': ['admin'],
  'jobs.archive': ['admin', 'operator'],
  'jobs.schedule': ['admin', 'operator'],
  'jobs.admin': ['admin'],
  'daily-jobs.view': ['admin', 'operator', 'viewer'],
  'run-checks.view': ['admin', 'operator'],
  'run-checks.admin': ['admin'],
  'overrides.view': ['admin', 'operator', 'viewer'],
  'overrides.manage': ['admin', 'operator'],
  'overrides.delete': ['admin'],
  'tickets.view': ['admin', 'operator', 'viewer'],
  'tickets.manage': ['admin', 'operator'],
  'settings.admin': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;
export const permissions = Object.keys(grants) as Permission[];

export function can(role: Role, permission: Permission): boolean {
  return (grants[permission] as readonly Role[]).includes(role);
}

/** Every permission of a role, for the session endpoint (the UI builds its navigation from it). */
export function permissionsOf(role: Role): Permission[] {
  return permissions.filter((p) => can(role, p));
}
