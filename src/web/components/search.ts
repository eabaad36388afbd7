import { get, queryString } from '../api/client';
import type { Customer, Job, List } from '../api/types';
import type { RemoteOption } from './inbox/RemoteSelect';

/** Options of a customer picker: the API matches any part of the name. */
export async function searchCustomers(q: string): Promise<RemoteOption[]> {
  const list = await get<List<Customer>>(`/api/v1/customers${queryString({ q, pageSize: 20 })}`);
  return list.items.map((c) => ({ value: c.id, label: c.name }));
}

/** Options of a job picker, named "customer — job (software type)". */
export async function searchJobs(q: string): Promise<RemoteOption[]> {
  const list = await get<List<Job>>(`/api/v1/jobs${queryString({ q, pageSize: 20 })}`);
  return list.items.map((j) => ({ value: j.id, label: `${j.customerName} — ${j.jobName} (${j.backupSoftware} ${j.backupType})` }));
}
