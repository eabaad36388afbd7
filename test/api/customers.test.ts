import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { dialects } from '../support/databases.js';
import { createJobFor } from '../support/factories.js';

const job = (jobName: string) => ({ sender: 'backup@acme.example', host: 'srv01', software: 'Veeam Backup & Replication', type: 'Backup Job', jobName });

for (const dialect of dialects) {
  describe(`customers API on ${dialect}`, () => {
    let api: TestApi;
    let admin: Client;
    let operator: Client;
    let viewer: Client;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      admin = await signIn(api, 'admin');
      operator = await signIn(api, 'operator');
      viewer = await signIn(api, 'viewer');
    });
    afterAll(async () => api.close());

    const audits = (action: string) => api.database.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute();

    it('creates, reads, renames, deactivates and deletes a customer, auditing each change with before and after', async () => {
      const created = await operator.post('/api/v1/customers', { name: '  Northwind Traders ' });
      expect(created.statusCode).toBe(201);
      const customer = created.json();
      expect(customer).toEqual({ id: expect.any(Number), name: 'Northwind Traders', active: true, jobCount: 0, timeZone: null, createdAt: expect.any(String), updatedAt: expect.any(String) });

      expect((await viewer.get(`/api/v1/customers/${customer.id}`)).json()).toEqual(customer);
      const changed = await operator.patch(`/api/v1/customers/${customer.id}`, { name: 'Northwind', active: false });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ id: customer.id, name: 'Northwind', active: false });

      expect((await operator.delete(`/api/v1/customers/${customer.id}`)).statusCode).toBe(204);
      expect((await viewer.get(`/api/v1/customers/${customer.id}`)).statusCode).toBe(404);

      const update = (await audits('customer.update')).find((a) => a.entity_id === String(customer.id))!;
      expect(JSON.parse(update.details!)).toEqual({ before: { name: 'Northwind Traders', active: true }, after: { name: 'Northwind', active: false } });
      expect(update).toMatchObject({ actor_type: 'user', user_id: operator.userId });
      expect((await audits('customer.create')).some((a) => a.entity_id === String(customer.id))).toBe(true);
      expect((await audits('customer.delete')).some((a) => a.entity_id === String(customer.id))).toBe(true);
    });

    it('refuses a customer whose trimmed name exists in another case with 409 customer_exists, on create and on rename', async () => {
      expect((await admin.post('/api/v1/customers', { name: 'Contoso' })).statusCode).toBe(201);
      const duplicate = await admin.post('/api/v1/customers', { name: ' CONTOSO ' });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error.code).toBe('customer_exists');
      const other = (await admin.post('/api/v1/customers', { name: 'Fabrikam' })).json();
      const rename = await admin.patch(`/api/v1/customers/${other.id}`, { name: 'contoso' });
      expect(rename.statusCode).toBe(409);
      expect(rename.json().error.code).toBe('customer_exists');
      // Changing only the spelling of its own name is not a conflict.
      expect((await admin.patch(`/api/v1/customers/${other.id}`, { name: 'FABRIKAM' })).json().name).toBe('FABRIKAM');
    });

    it('validates the name: empty and over 200 characters are 400 with the path', async () => {
      const empty = await admin.post('/api/v1/customers', { name: '   ' });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.details.problems[0].path).toBe('$.name');
      expect((await admin.post('/api/v1/customers', { name: 'x'.repeat(201) })).statusCode).toBe(400);
    });

    it('lists customers sorted by name with job counts, matching any part of the name in any case', async () => {
      const zulu = (await admin.post('/api/v1/customers', { name: 'Zulu Search Holdings' })).json();
      const alpha = (await admin.post('/api/v1/customers', { name: 'alpha search' })).json();
      await createJobFor(api.database.db, job('Daily'), { customerId: zulu.id });
      await createJobFor(api.database.db, job('Weekly'), { customerId: zulu.id, archived: true });
      const list = (await viewer.get('/api/v1/customers?q=SEARCH')).json();
      expect(list).toMatchObject({ total: 2, page: 1, pageSize: 50 });
      expect(list.items.map((c: { name: string; jobCount: number }) => [c.name, c.jobCount])).toEqual([
        ['alpha search', 0],
        ['Zulu Search Holdings', 2],
      ]);
      expect((await viewer.get('/api/v1/customers?q=earch%20hol')).json().items.map((c: { id: number }) => c.id)).toEqual([zulu.id]);
      // LIKE wildcards in the text match literally.
      expect((await viewer.get('/api/v1/customers?q=%25')).json().total).toBe(0);
      await admin.patch(`/api/v1/customers/${alpha.id}`, { active: false });
      expect((await viewer.get('/api/v1/customers?q=search&active=false')).json().items.map((c: { id: number }) => c.id)).toEqual([alpha.id]);
      const paged = (await viewer.get('/api/v1/customers?q=search&pageSize=1&page=2')).json();
      expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ id: zulu.id }] });
    });

    it('refuses to delete a customer that has jobs with 409 customer_has_jobs and the counts', async () => {
      const customer = (await admin.post('/api/v1/customers', { name: 'Busy Ltd' })).json();
      await createJobFor(api.database.db, job('One'), { customerId: customer.id });
      await createJobFor(api.database.db, job('Two'), { customerId: customer.id });
      await createJobFor(api.database.db, job('Three'), { customerId: customer.id, archived: true });
      const response = await admin.delete(`/api/v1/customers/${customer.id}`);
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'customer_has_jobs', details: { jobs: 2, archivedJobs: 1 } });
      expect((await admin.get(`/api/v1/customers/${customer.id}`)).statusCode).toBe(200);
    });

    it('lets a viewer read customers but not change them, refuses a reporter, and asks anonymous callers to sign in', async () => {
      expect((await viewer.post('/api/v1/customers', { name: 'Nope' })).statusCode).toBe(403);
      expect((await viewer.get('/api/v1/customers/export.csv')).statusCode).toBe(403);
      const reporter = await signIn(api, 'reporter');
      expect((await reporter.get('/api/v1/customers')).statusCode).toBe(403);
      expect((await anonymous(api).get('/api/v1/customers')).statusCode).toBe(401);
      expect((await admin.get('/api/v1/customers/abc')).statusCode).toBe(400);
      expect((await admin.get('/api/v1/customers/999999')).statusCode).toBe(404);
    });

    it('exports CSV as an attachment with name,active and neutralises cells a spreadsheet would run as formulas', async () => {
      for (const name of ['=cmd|calc', '+sum', '-minus', '@at', "'=quoted"]) expect((await admin.post('/api/v1/customers', { name })).statusCode).toBe(201);
      const response = await operator.get('/api/v1/customers/export.csv');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="customers-.*\.csv"$/);
      const lines = response.body.trim().split('\n');
      expect(lines[0]).toBe('name,active');
      expect(lines).toContain("'=cmd|calc,true");
      expect(lines).toContain("'+sum,true");
      expect(lines).toContain("'-minus,true");
      expect(lines).toContain("'@at,true");
      expect(lines).toContain("''=quoted,true");
      expect(lines.some((l) => l.startsWith('='))).toBe(false);
    });

    it('imports its own CSV export unchanged, then creates and updates from an edited file', async () => {
      const exported = (await admin.get('/api/v1/customers/export.csv')).body;
      const again = await admin.request('POST', '/api/v1/customers/import', exported, { 'content-type': 'text/csv' });
      expect(again.statusCode).toBe(200);
      const total = (await admin.get('/api/v1/customers?pageSize=500')).json().total;
      expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: total });

      const edited = "name,active\r\n'=cmd|calc,false\r\nBrand New,\r\n\"Comma, Inc\",yes\r\n";
      const result = await admin.request('POST', '/api/v1/customers/import', edited, { 'content-type': 'text/csv' });
      expect(result.json()).toEqual({ created: 2, updated: 1, unchanged: 0 });
      const names = (await admin.get('/api/v1/customers?pageSize=500')).json().items.map((c: { name: string; active: boolean }) => `${c.name}:${c.active}`);
      expect(names).toEqual(expect.arrayContaining(['=cmd|calc:false', 'Brand New:true', 'Comma, Inc:true', "'=quoted:true"]));
      const audit = (await audits('customers.import')).at(-1)!;
      expect(JSON.parse(audit.details!)).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    });

    it('reports every bad CSV line as "line N, column X" and writes nothing', async () => {
      const before = (await admin.get('/api/v1/customers?pageSize=500')).json().total;
      const csv = 'name,active\nGood One,true\n,true\nGood Two,maybe\ngood one,false\n';
      const response = await admin.request('POST', '/api/v1/customers/import', csv, { 'content-type': 'text/csv' });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.problems.map((p: { path: string }) => p.path)).toEqual(['line 3, column name', 'line 4, column active', 'line 5, column name']);
      expect((await admin.get('/api/v1/customers?pageSize=500')).json().total).toBe(before);
      const noName = await admin.request('POST', '/api/v1/customers/import', 'customer,active\nX,true\n', { 'content-type': 'text/csv' });
      expect(noName.json().error.details.problems[0].path).toBe('line 1, column name');
      const unclosed = await admin.request('POST', '/api/v1/customers/import', 'name\n"unclosed\n', { 'content-type': 'text/csv' });
      expect(unclosed.statusCode).toBe(400);
      expect(unclosed.json().error.details.problems[0].path).toMatch(/^line \d+$/);
    });
  });
}
