import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signIn, startTestApi, type Client, type TestApi } from '../support/api.js';
import { createJobFor } from '../support/factories.js';
import { buildMail } from '../support/mail.js';
import { fixtureMail, ingest, ingestFixture, mails } from './inbox-fixtures.js';

describe('stored messages: detail, .eml download, body page', () => {
  let api: TestApi;
  let viewer: Client;
  let admin: Client;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
    [viewer, admin] = await Promise.all([signIn(api, 'viewer'), signIn(api, 'admin')]);
  });
  afterAll(async () => api.close());

  it('downloads the raw mail unchanged as a message/rfc822 attachment that is never rendered', async () => {
    const raw = fixtureMail(mails.vzdumpHtml);
    const { messageId } = await ingest(api, raw);
    const response = await viewer.get(`/api/v1/messages/${messageId}/eml`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('message/rfc822');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="message-${messageId}.eml"`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.rawPayload.equals(raw)).toBe(true);
  });

  it('serves an HTML body with a CSP that forbids everything but inline styles and data: images, sandboxed, framable by the same origin only', async () => {
    const { messageId } = await ingest(api, fixtureMail(mails.vzdumpHtml));
    const response = await viewer.get(`/api/v1/messages/${messageId}/body`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('sandbox');
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('img-src data:');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toMatch(/<html/i);
  });

  it('removes meta refresh, meta CSP and base tags from an HTML body and keeps the rest', async () => {
    const html = [
      '<html><head><META HTTP-EQUIV="Refresh" CONTENT="0; url=https://evil.example/">',
      '<meta content="default-src *" http-equiv="Content-Security-Policy"><base href="https://evil.example/">',
      '<meta charset="utf-8"></head><body><p style="color:red">Backup failed</p><img src="x.png"></body></html>',
    ].join('\n');
    const { messageId } = await ingest(api, buildMail({ subject: 'Nightly backup failed', contentType: 'text/html; charset=utf-8', body: html }));
    const body = (await viewer.get(`/api/v1/messages/${messageId}/body`)).body;
    expect(body).not.toMatch(/http-equiv/i);
    expect(body).not.toMatch(/<base/i);
    expect(body).not.toContain('evil.example');
    expect(body).toContain('<meta charset="utf-8">');
    expect(body).toContain('<p style="color:red">Backup failed</p>');
  });

  it('serves a text-only body escaped inside <pre>', async () => {
    const { messageId } = await ingest(api, buildMail({ subject: 'Script report', body: 'done <script>alert(1)</script> & ok' }));
    const body = (await viewer.get(`/api/v1/messages/${messageId}/body`)).body;
    expect(body).toContain('<pre');
    expect(body).not.toContain('<script>');
    expect(body).toContain('done &#60;script&#62;alert(1)&#60;/script&#62; &#38; ok');
  });

  it('shows a job-linked message with its job and run, and an Inbox message without', async () => {
    const first = await ingestFixture(api, 'pruneOk');
    const jobId = await createJobFor(api.database.db, first.result);
    const linked = await ingestFixture(api, 'pruneFailed');
    const detail = (await viewer.get(`/api/v1/messages/${linked.messageId}`)).json();
    expect(detail).toMatchObject({ id: linked.messageId, inInbox: false, canApprove: false, runId: linked.runId, job: { id: jobId, jobName: 'daily-prune' }, status: 'failed' });
    expect(detail.trace.length).toBeGreaterThan(0);
    expect((await viewer.get(`/api/v1/messages/${first.messageId}`)).json()).toMatchObject({ inInbox: true, canApprove: true, job: null, runId: null });
  });

  it('hides a deleted mail from roles that may not see Deleted mails (404) but shows it to Admins', async () => {
    const { messageId } = await ingest(api, buildMail({ subject: 'Old report completed' }));
    expect((await admin.delete(`/api/v1/inbox/${messageId}`)).statusCode).toBe(204);
    for (const path of ['', '/eml', '/body']) {
      expect((await viewer.get(`/api/v1/messages/${messageId}${path}`)).statusCode).toBe(404);
      expect((await admin.get(`/api/v1/messages/${messageId}${path}`)).statusCode).toBe(200);
    }
  });

  it('answers 404 for an unknown message, 400 for an id that is not a number, 403 for a Reporter and 401 anonymously', async () => {
    const reporter = await signIn(api, 'reporter');
    for (const path of ['', '/eml', '/body']) {
      expect((await viewer.get(`/api/v1/messages/9999${path}`)).statusCode).toBe(404);
      expect((await viewer.get(`/api/v1/messages/abc${path}`)).statusCode).toBe(400);
      expect((await reporter.get(`/api/v1/messages/1${path}`)).statusCode).toBe(403);
      expect((await anonymous(api).get(`/api/v1/messages/1${path}`)).statusCode).toBe(401);
    }
  });
});
