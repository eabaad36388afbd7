import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { ErrorText } from './components/ErrorText';
import { useSession } from './hooks/useSession';
import { ArchivedJobsPage } from './pages/ArchivedJobsPage';
import { AuditPage } from './pages/AuditPage';
import { CustomersPage } from './pages/CustomersPage';
import { DailyJobsPage } from './pages/DailyJobsPage';
import { DashboardPage } from './pages/DashboardPage';
import { DeletedMailsPage } from './pages/DeletedMailsPage';
import { InboxPage } from './pages/InboxPage';
import { JobDetailPage } from './pages/JobDetailPage';
import { JobsPage } from './pages/JobsPage';
import { LoginPage } from './pages/LoginPage';
import { MaintenancePage } from './pages/MaintenancePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OverridesPage } from './pages/OverridesPage';
import { ProfilePage } from './pages/ProfilePage';
import { RunChecksPage } from './pages/RunChecksPage';
import { RunDetailPage } from './pages/RunDetailPage';
import { ScheduleSettingsPage } from './pages/ScheduleSettingsPage';
import { SetupPage } from './pages/SetupPage';
import { TicketsPage } from './pages/TicketsPage';
import { TokensPage } from './pages/TokensPage';
import { UsersPage } from './pages/UsersPage';

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
      <Routes>
        {allowed.map((p) => <Route key={p.path} path={p.path} element={p.element} />)}
        <Route path="/login" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}
