import { AppShell, Burger, Group, Menu, NavLink, SegmentedControl, Select, Text, Title, UnstyledButton, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { patch, post, put } from '../api/client';
import type { Role, Session, Theme } from '../api/types';
import { navigation } from './navigation';

const roleLabels: Record<Role, string> = { admin: 'Admin', operator: 'Operator', reporter: 'Reporter', viewer: 'Viewer' };

/** The frame of every signed-in page: navigation for the active role, role switch, theme, sign-out. */
export function AppLayout({ session, children }: { session: Session; children: ReactNode }) {
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { setColorScheme } = useMantineColorScheme();
  const theme = session.theme ?? 'auto';
  useEffect(() => setColorScheme(theme), [theme, setColorScheme]);
  const entries = navigation.filter((e) => session.permissions.includes(e.permission));
  const [settingsOpened, setSettingsOpened] = useState(() => location.pathname.startsWith('/settings'));

  const handleRoleChange = async (role: string | null) => {
    if (!role) return;
    await put('/api/v1/auth/role', { role });
    await client.invalidateQueries();
    navigate('/');
  };
  const handleThemeChange = async (value: string) => {
    setColorScheme(value as Theme);
    await patch('/api/v1/auth/profile', { theme: value });
    await client.invalidateQueries({ queryKey: ['session'] });
  };
  const handleLogout = async () => {
    await post('/api/v1/auth/logout');
    client.clear();
    navigate('/login');
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={4}>BackupChecks</Title>
          </Group>
          <Group>
            {session.user.roles.length > 1 ? (
              <Select aria-label="Active role" size="xs" w={130} data={session.user.roles.map((r) => ({ value: r, label: roleLabels[r] }))} value={session.role} onChange={handleRoleChange} allowDeselect={false} />
            ) : (
              <Text size="sm" c="dimmed" data-testid="active-role">{roleLabels[session.role]}</Text>
            )}
            <SegmentedControl size="xs" aria-label="Theme" value={theme} onChange={handleThemeChange} data={[{ value: 'light', label: 'Light' }, { value: 'dark', label: 'Dark' }, { value: 'auto', label: 'Auto' }]} />
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton aria-label="User menu"><Text size="sm" fw={500}>{session.user.username}</Text></UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to="/profile">Profile</Menu.Item>
                <Menu.Item component="a" href="/api/docs" target="_blank" rel="noreferrer">API documentation</Menu.Item>
                <Menu.Item onClick={handleLogout}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {entries.filter((e) => !e.group).map((e) => (
          <NavLink key={e.path} component={Link} to={e.path} label={e.label} active={e.path === '/' ? location.pathname === '/' : location.pathname.startsWith(e.path)} />
        ))}
        {entries.some((e) => e.group === 'settings') && (
          // A real button (keyboard, screen readers) that tells whether its group is expanded.
          <NavLink component="button" type="button" label="Settings" opened={settingsOpened} onChange={setSettingsOpened} aria-expanded={settingsOpened}>
            {entries.filter((e) => e.group === 'settings').map((e) => (
              <NavLink key={e.path} component={Link} to={e.path} label={e.label} active={location.pathname.startsWith(e.path)} />
            ))}
          </NavLink>
        )}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
