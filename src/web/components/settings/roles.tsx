import { Badge, Checkbox, Group } from '@mantine/core';
import type { Role } from '../../api/types';

export const roles: Role[] = ['admin', 'operator', 'reporter', 'viewer'];
export const roleLabels: Record<Role, string> = { admin: 'Admin', operator: 'Operator', reporter: 'Reporter', viewer: 'Viewer' };

/** A user's roles as badges. */
export function RoleBadges({ value }: { value: Role[] }) {
  return (
    <Group gap={4}>
      {value.map((r) => <Badge key={r} variant="light" size="sm">{roleLabels[r]}</Badge>)}
    </Group>
  );
}

/** The four roles as checkboxes; values are the lower-case role names. */
export function RoleCheckboxes({ value, onChange }: { value: Role[]; onChange(value: Role[]): void }) {
  return (
    <Checkbox.Group label="Roles" value={value} onChange={(v) => onChange(v as Role[])}>
      <Group mt="xs">
        {roles.map((r) => <Checkbox key={r} value={r} label={roleLabels[r]} />)}
      </Group>
    </Checkbox.Group>
  );
}
