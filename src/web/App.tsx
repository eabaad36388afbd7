import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { ErrorText } from './components/ErrorText';
import { useSession } from './hooks/useSession';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SetupPage } from './pages/SetupPage';

/**
 * A page loaded on first use, in its own chunk: the first load carries the sign-in, the layout and the
 * Dashboard only.
 */
function page<N extends string>(load: () => Promise<Record<N, ComponentType>>, name: N) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const ArchivedJobsPage = page(() => import('./pages/ArchivedJobsPage'), 'ArchivedJobsPage');
const AuditPage = page(() => import('./pages/AuditPage'), 'AuditPage');
const CustomersPage = page(() => import('./pages/CustomersPage'), 'CustomersPage');
const DailyJobsPage = page(() => import('./pages/DailyJobsPage'), 'DailyJobsPage');
const DeletedMailsPage = page(() => import('./pages/DeletedMailsPage'), 'DeletedMailsPage');
const InboxPage = page(() => import('./pages/InboxPage'), 'InboxPage');
const JobDetailPage = page(() => import('./pages/JobDetailPage'), 'JobDetailPage');
const JobsPage = page(() => import('./pages/JobsPage'), 'JobsPage');
const MaintenancePage = page(() => import('./pages/MaintenancePage'), 'MaintenancePage');
const OverridesPage = page(() => import('./pages/OverridesPage'), 'OverridesPage');
const ProfilePage = page(() => import('./pages/ProfilePage'), 'ProfilePage');
const RunChecksPage = page(() => import('./pages/RunChecksPage'), 'RunChecksPage');
const RunDetailPage = page(() => import('./pages/RunDetailPage'), 'RunDetailPage');
const ScheduleSettingsPage = page(() => import('./pages/ScheduleSettingsPage'), 'ScheduleSettingsPage');
const TicketsPage = page(() => import('./pages/TicketsPage'), 'TicketsPage');
const TokensPage = page(() => import('./pages/TokensPage'), 'TokensPage');
const UsersPage = page(() => import('./pages/UsersPage'), 'UsersPage');

/** Pages and the permission each needs; a page the active role may not open shows "Not found". */
const pages: { path: string; permission: string | null; element: ReactNode }[] = [
  { path: '/', permission: 'dashboard.view', element: <DashboardPage /> },
  { path: '/inbox', permission: 'inbox.view', element: <InboxPage /> },
  { path: '/deleted-mails', permission: 'deleted-mail.manage', element: <DeletedMailsPage /> },
  { path: '/customers', permission: 'customers.view', element: <CustomersPage /> },
  { path: '/jobs', permission: 'jobs.view', element: <JobsPage /> },
  { path: '/jobs/:id', permission: 'jobs.view', element: <JobDetailPage /> },
  { path: '/daily-jobs', permission: 'daily-jobs.view', element: <DailyJobsPage /> },
  { path: '/runs/:id', permission: 'jobs.view', element: <RunDetailPage /> },
  // One route for the list and an open job, so the page (its cursor and ticks) stays as the job changes.
  { path: '/run-checks/:id?', permission: 'run-checks.view', element: <RunChecksPage /> },
  { path: '/overrides', permission: 'overrides.view', element: <OverridesPage /> },
  { path: '/tickets', permission: 'tickets.view', element: <TicketsPage /> },
  { path: '/archived-jobs', permission: 'jobs.admin', element: <ArchivedJobsPage /> },
  { path: '/settings/users', permission: 'settings.admin', element: <UsersPage /> },
  { path: '/settings/tokens', permission: 'settings.admin', element: <TokensPage /> },
  { path: '/settings/audit', permission: 'settings.admin', element: <AuditPage /> },
  { path: '/settings/maintenance', permission: 'settings.admin', element: <MaintenancePage /> },
  { path: '/settings/schedules', permission: 'settings.admin', element: <ScheduleSettingsPage /> },
  { path: '/profile', permission: null, element: <ProfilePage /> },
];

export function App() {
  const { data: session, isLoading, error } = useSession();
  const location = useLocation();
  if (isLoading) return <Center mih="100vh"><Loader /></Center>;
  if (error) return <ErrorText error={error} />;
  if (!session) {
    return (
      <Routes>
        <Route path="/setup" element={<SetupPage />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname }} />} />
      </Routes>
    );
  }
  const allowed = pages.filter((p) => p.permission === null || session.permissions.includes(p.permission));
  return (
    <AppLayout session={session}>
      <Suspense fallback={<Loader />}>
        <Routes>
          {allowed.map((p) => <Route key={p.path} path={p.path} element={p.element} />)}
          <Route path="/login" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}
