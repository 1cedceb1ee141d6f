/**
 * Authorization levels of the web monitor: 1.0's cgi.cf levels (reference
 * 2.7, 6.1) without clipboards. Levels nest: admin ⊃ rw ⊃ exec ⊃ ro; `none`
 * may not even read. The table of what each level may do is docs/api.md's.
 */
export const ROLES = ['none', 'ro', 'exec', 'rw', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Everything a request may want to do, and the least role that may. */
export const REQUIRED_ROLE = {
  read: 'ro',
  acknowledge: 'exec',
  unacknowledge: 'exec',
  inhibit: 'exec',
  uninhibit: 'exec',
  reschedule: 'exec',
  'check-at': 'exec',
  escalate: 'rw',
  trip: 'rw',
  fix: 'rw',
  disable: 'rw',
  enable: 'rw',
  pause: 'rw',
  'scheduler-reload': 'admin',
  'scheduler-restart': 'admin',
  'scheduler-shutdown': 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof REQUIRED_ROLE;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Does `role` include the level needed for `permission`? Pure. */
export function allows(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(REQUIRED_ROLE[permission]);
}
