/** Navigation entries and the permission each needs (DESIGN §7); the API enforces the same. */
export interface NavEntry {
  label: string;
  path: string;
  permission: string;
  group?: 'settings';
}

export const navigation: NavEntry[] = [
  { label: 'Dashboard', path: '/', permission: 'dashboard.view' },
  { label: 'Inbox', path: '/inbox', permission: 'inbox.view' },
  { label: 'Customers', path: '/customers', permission: 'customers.view' },
  { label: 'Jobs', path: '/jobs', permission: 'jobs.view' },
  { label: 'Daily Jobs', path: '/daily-jobs', permission: 'daily-jobs.view' },
  { label: 'Run Checks', path: '/run-checks', permission: 'run-checks.view' },
  { label: 'Overrides', path: '/overrides', permission: 'overrides.view' },
  { label: 'Tickets', path: '/tickets', permission: 'tickets.view' },
  { label: 'Archived jobs', path: '/archived-jobs', permission: 'jobs.admin' },
  { label: 'Deleted mails', path: '/deleted-mails', permission: 'deleted-mail.manage' },
  { label: 'Users', path: '/settings/users', permission: 'settings.admin', group: 'settings' },
  { label: 'API tokens', path: '/settings/tokens', permission: 'settings.admin', group: 'settings' },
  { label: 'Audit log', path: '/settings/audit', permission: 'settings.admin', group: 'settings' },
  { label: 'Maintenance', path: '/settings/maintenance', permission: 'settings.admin', group: 'settings' },
  { label: 'Schedules', path: '/settings/schedules', permission: 'settings.admin', group: 'settings' },
];
