import { Stack, Title } from '@mantine/core';
import { JobsExport, JobsImport } from '../components/jobs/JobsTransfer';

/** Settings → Maintenance (Admin): jobs export and import (DESIGN §6). */
export function MaintenancePage() {
  return (
    <Stack>
      <Title order={2}>Maintenance</Title>
      <JobsExport />
      <JobsImport />
    </Stack>
  );
}
