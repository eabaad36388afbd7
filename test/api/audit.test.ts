import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/repositories/audit.repository.js';
import { signIn, startTestApi, type Client, type TestApi } from '../support/api.js';

describe('audit log', () => {
  let api: TestApi;
  let admin: Client;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
    admin = await signIn(api, 'admin');
    const db = api.database.db;
    for (let i = 1; i <= 3; i++) {
      await recordAudit(db, { at: `2026-12-0${i}T09:00:00.000Z`, actorType: 'user', actorId: 'jane', userId: 7, action: 'customer.update', entityType: 'customer', entityId: i, details: { before: { name: `old ${i}` }, after: { name: `new ${i}` } } });
    }
    await recordAudit(db, { at: '2026-12-04T09:00:00.000Z', actorType: 'token', actorId: 'robot', userId: 8, tokenId: 3, action: 'job.archive', entityType: 'job', entityId: 1 });
  });
  afterAll(async () => api.close());

  it('lists entries newest first in the list envelope with the AuditEntry shape', async () => {
    const page = (await admin.get('/api/v1/audit?pageSize=2')).json();
    expect(page).toMatchObject({ page: 1, pageSize: 2 });
    expect(page.total).toBeGreaterThanOrEqual(5); // four recorded here and the admin's login
    expect(page.items[0].id).toBeGreaterThan(page.items[1].id);
    const entry = (await admin.get('/api/v1/audit?action=job.archive')).json().items[0];
    expect(entry).toEqual({ id: expect.any(Number), at: '2026-12-04T09:00:00.000Z', actorType: 'token', actor: 'robot', userId: 8, tokenId: 3, action: 'job.archive', entityType: 'job', entityId: '1', details: null });
  });

  it('filters by action, actor, entity type and entity id', async () => {
    const byAction = (await admin.get('/api/v1/audit?action=customer.update')).json();
    expect(byAction.total).toBe(3);
    expect(byAction.items.map((e: { entityId: string }) => e.entityId)).toEqual(['3', '2', '1']);
    expect((await admin.get('/api/v1/audit?actor=robot')).json().total).toBe(1);
    const one = (await admin.get('/api/v1/audit?entityType=customer&entityId=2')).json();
    expect(one.items).toEqual([expect.objectContaining({ details: { before: { name: 'old 2' }, after: { name: 'new 2' } } })]);
  });

  it("records the admin's sign-in in the log", async () => {
    const mine = (await admin.get('/api/v1/audit?action=auth.login')).json().items.filter((e: { userId: number }) => e.userId === admin.userId);
    expect(mine).toHaveLength(1);
  });

  it('answers 400 for a bad page number', async () => {
    const response = await admin.get('/api/v1/audit?page=0');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.problems[0].path).toBe('query.page');
  });
});
