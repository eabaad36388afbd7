import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createCustomer, createJobFor } from '../support/factories.js';

const veeam = { sender: 'veeam@acme.example', host: 'vbr01', software: 'Veeam Backup & Replication', type: 'Backup Job' };

for (const dialect of dialects) {
  describe(`schedules, time zones and maintenance windows API on ${dialect}`, () => {
    let api: TestApi;
    let admin: Client;
    let operator: Client;
    let viewer: Client;
    let customerId: number;
    let jobId: number;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      admin = await signIn(api, 'admin');
      operator = await signIn(api, 'operator');
      viewer = await signIn(api, 'viewer');
      customerId = await createCustomer(api.database.db, 'Acme');
      jobId = await createJobFor(api.database.db, { ...veeam, jobName: 'Daily VMs' }, { customerId });
    });
    afterAll(async () => api.close());

    const audits = (action: string) => api.database.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute();
    const put = (client: Client, url: string, body: unknown) => client.request('PUT', url, body);
    const problems = (response: { json(): { error: { details: { problems: { path: string }[] } } } }) => response.json().error.details.problems.map((p) => p.path);

    it('reads and changes the installation time zone and grace; only Admins change them', async () => {
      expect((await viewer.get('/api/v1/settings/schedule')).json()).toEqual({ timeZone: 'UTC', graceMinutes: 120 });
      expect((await put(operator, '/api/v1/settings/schedule', { timeZone: 'Europe/Amsterdam' })).statusCode).toBe(403);
      const bad = await put(admin, '/api/v1/settings/schedule', { timeZone: 'Mars/Olympus', graceMinutes: 2000 });
      expect(bad.statusCode).toBe(400);
      expect(problems(bad).sort()).toEqual(['$.graceMinutes', '$.timeZone']);
      const changed = await put(admin, '/api/v1/settings/schedule', { timeZone: 'Europe/Amsterdam', graceMinutes: 60 });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toEqual({ timeZone: 'Europe/Amsterdam', graceMinutes: 60 });
      expect((await viewer.get('/api/v1/settings/schedule')).json()).toEqual({ timeZone: 'Europe/Amsterdam', graceMinutes: 60 });
      expect((await put(admin, '/api/v1/settings/schedule', { graceMinutes: 120 })).json()).toEqual({ timeZone: 'Europe/Amsterdam', graceMinutes: 120 });
      const entries = await audits('settings.schedule');
      expect(entries).toHaveLength(2);
      expect(JSON.parse(entries[0]!.details!)).toEqual({ before: { timeZone: 'UTC', graceMinutes: 120 }, after: { timeZone: 'Europe/Amsterdam', graceMinutes: 60 } });
    });

    it("sets and clears a customer's time zone, refusing unknown zones", async () => {
      const bad = await operator.patch(`/api/v1/customers/${customerId}`, { timeZone: 'Europe/Atlantis' });
      expect(bad.statusCode).toBe(400);
      expect(problems(bad)).toEqual(['$.timeZone']);
      const set = await operator.patch(`/api/v1/customers/${customerId}`, { timeZone: 'America/New_York' });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toMatchObject({ id: customerId, name: 'Acme', timeZone: 'America/New_York' });
      expect((await viewer.get(`/api/v1/customers/${customerId}`)).json().timeZone).toBe('America/New_York');
      const update = (await audits('customer.update')).at(-1)!;
      expect(JSON.parse(update.details!)).toEqual({ before: { name: 'Acme', active: true }, after: { name: 'Acme', active: true, timeZone: 'America/New_York' } });
      expect((await viewer.patch(`/api/v1/customers/${customerId}`, { timeZone: null })).statusCode).toBe(403);
      expect((await operator.patch(`/api/v1/customers/${customerId}`, { timeZone: null })).json().timeZone).toBeNull();
      await operator.patch(`/api/v1/customers/${customerId}`, { timeZone: 'America/New_York' });
    });

    it('pins and unpins a schedule; the Job shows the pinned one with a description', async () => {
      expect((await put(viewer, `/api/v1/jobs/${jobId}/schedule`, { kind: 'daily', time: '22:00' })).statusCode).toBe(403);
      const bad = await put(operator, `/api/v1/jobs/${jobId}/schedule`, { kind: 'weekly', time: '25:00', zone: 'Nowhere/Else' });
      expect(bad.statusCode).toBe(400);
      expect(problems(bad).sort()).toEqual(['$.time', '$.weekdays', '$.zone']);
      expect((await put(operator, '/api/v1/jobs/999999/schedule', { kind: 'daily', time: '22:00' })).statusCode).toBe(404);

      const pinned = await put(operator, `/api/v1/jobs/${jobId}/schedule`, { kind: 'weekly', weekdays: [1, 3, 5], time: '22:00' });
      expect(pinned.statusCode).toBe(200);
      // The zone defaults to the customer's.
      expect(pinned.json().schedule).toMatchObject({
        kind: 'weekly', weekdays: [1, 3, 5], time: '22:00', zone: 'America/New_York', toleranceMinutes: 30, graceMinutes: 120, pinned: true,
        description: 'Weekly: Mon, Wed, Fri at 22:00',
      });
      expect((await viewer.get(`/api/v1/jobs/${jobId}`)).json().schedule).toMatchObject({ pinned: true, description: 'Weekly: Mon, Wed, Fri at 22:00' });
      const listed = (await viewer.get('/api/v1/jobs')).json().items.find((j: { id: number }) => j.id === jobId);
      expect(listed.schedule).toMatchObject({ kind: 'weekly', pinned: true });
      // Pinning the same again records nothing.
      await put(operator, `/api/v1/jobs/${jobId}/schedule`, { kind: 'weekly', weekdays: [1, 3, 5], time: '22:00' });
      const pins = await audits('job.schedule-pin');
      expect(pins).toHaveLength(1);
      expect(JSON.parse(pins[0]!.details!)).toMatchObject({ job: { customer: 'Acme', jobName: 'Daily VMs' }, before: null, after: { kind: 'weekly', zone: 'America/New_York' } });

      expect((await viewer.delete(`/api/v1/jobs/${jobId}/schedule`)).statusCode).toBe(403);
      expect((await admin.delete(`/api/v1/jobs/${jobId}/schedule`)).statusCode).toBe(204);
      expect((await viewer.get(`/api/v1/jobs/${jobId}`)).json().schedule).toBeNull();
      expect((await admin.delete(`/api/v1/jobs/${jobId}/schedule`)).statusCode).toBe(204);
      expect(await audits('job.schedule-unpin')).toHaveLength(1);
      expect((await admin.delete('/api/v1/jobs/999999/schedule')).statusCode).toBe(404);
    });

    it('shows a learned schedule as not pinned, enforced only from 80 % confidence', async () => {
      const learned = { kind: 'daily', weekdays: [], monthDays: [], nthWeekday: null, time: '02:30', times: [], toleranceMinutes: 15, typicalDurationMinutes: 0, graceMinutes: 120, confidence: 0.9, basedOn: 12, zone: 'UTC' };
      await api.database.db.updateTable('jobs').set({ schedule_learned: JSON.stringify(learned), schedule_learned_at: new Date().toISOString() }).where('id', '=', jobId).execute();
      expect((await viewer.get(`/api/v1/jobs/${jobId}`)).json().schedule).toEqual({ ...learned, pinned: false, description: 'Daily at 02:30 UTC', enforced: true });
      const unsure = { ...learned, confidence: 0.79 };
      await api.database.db.updateTable('jobs').set({ schedule_learned: JSON.stringify(unsure) }).where('id', '=', jobId).execute();
      expect((await viewer.get(`/api/v1/jobs/${jobId}`)).json().schedule).toMatchObject({ confidence: 0.79, pinned: false, enforced: false });
    });

    it('lists, creates and deletes maintenance windows of a customer', async () => {
      const url = `/api/v1/customers/${customerId}/maintenance-windows`;
      expect((await viewer.get(url)).json()).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
      expect((await viewer.post(url, { startsAt: '2026-12-24T18:00:00+01:00', endsAt: '2026-12-27T08:00:00+01:00' })).statusCode).toBe(403);
      const backwards = await operator.post(url, { startsAt: '2026-12-27T08:00:00+01:00', endsAt: '2026-12-24T18:00:00+01:00' });
      expect(backwards.statusCode).toBe(400);
      expect(problems(backwards)).toEqual(['$.endsAt']);
      const noOffset = await operator.post(url, { startsAt: '2026-12-24T18:00:00', endsAt: 'tomorrow' });
      expect(problems(noOffset).sort()).toEqual(['$.endsAt', '$.startsAt']);
      // Year 10000 in UTC would be stored as "+010000-…", which sorts before every real date.
      const farAway = await operator.post(url, { startsAt: '2026-12-24T18:00:00Z', endsAt: '9999-12-31T23:59:59-14:00' });
      expect(problems(farAway)).toEqual(['$.endsAt']);
      expect((await operator.post('/api/v1/customers/999999/maintenance-windows', { startsAt: '2026-12-24T18:00:00Z', endsAt: '2026-12-25T18:00:00Z' })).statusCode).toBe(404);

      const created = await operator.post(url, { startsAt: '2026-12-24T18:00:00+01:00', endsAt: '2026-12-27T08:00:00+01:00', reason: ' Christmas shutdown ' });
      expect(created.statusCode).toBe(201);
      const window = created.json();
      expect(window).toEqual({
        id: expect.any(Number), customerId, startsAt: '2026-12-24T17:00:00.000Z', endsAt: '2026-12-27T07:00:00.000Z', reason: 'Christmas shutdown',
        createdAt: expect.any(String), createdBy: expect.any(String),
      });
      expect((await viewer.get(url)).json()).toMatchObject({ items: [window], total: 1 });
      expect((await viewer.delete(`/api/v1/maintenance-windows/${window.id}`)).statusCode).toBe(403);
      expect((await operator.delete(`/api/v1/maintenance-windows/${window.id}`)).statusCode).toBe(204);
      expect((await operator.delete(`/api/v1/maintenance-windows/${window.id}`)).statusCode).toBe(404);
      expect((await viewer.get(url)).json().total).toBe(0);
      expect(await audits('maintenance-window.create')).toHaveLength(1);
      expect(JSON.parse((await audits('maintenance-window.delete'))[0]!.details!)).toMatchObject({ customer: 'Acme', before: { reason: 'Christmas shutdown' } });
    });

    it('deletes a job with a pinned schedule', async () => {
      const other = await createJobFor(api.database.db, { ...veeam, jobName: 'Pinned' }, { customerId });
      await put(operator, `/api/v1/jobs/${other}/schedule`, { kind: 'daily', time: '01:00', zone: 'UTC' });
      expect((await admin.get(`/api/v1/jobs/${other}/delete-preview`)).statusCode).toBe(200);
      expect((await admin.delete(`/api/v1/jobs/${other}`)).statusCode).toBe(200);
      expect((await viewer.get(`/api/v1/jobs/${other}`)).statusCode).toBe(404);
    });
  });
}
