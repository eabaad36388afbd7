import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { projectRoot, runCli, spawnCli } from './support/cli.js';
import { allFixtureFiles } from './support/fixtures.js';
import { buildMail } from './support/mail.js';
import { freePort } from './support/ports.js';

const fixtureMails = allFixtureFiles().map((file) => readFileSync(file));

interface Served {
  child: ChildProcess;
  httpPort: number;
  smtpPort: number;
}

/** `backupchecks serve` as a separate process, ready when both the web server and the SMTP listener answer. */
async function serve(env: Record<string, string>, smtpPort: number): Promise<Served> {
  const child = spawnCli(['serve'], { ...env, PORT: '0', HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  let log = '';
  const httpPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 30_000);
    child.stderr!.on('data', (chunk) => {
      log += chunk;
      const found = /"port":(\d+),"msg":"web UI and API listening"/.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
  });
  for (let i = 0; i < 100; i++) {
    const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`).then((r) => r.ok, () => false);
    if (ready && (await canConnect(smtpPort))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, httpPort, smtpPort };
}

/** A process killed by a signal keeps exitCode null (signalCode is set), so both are checked. */
function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when the process has exited, also when its 'exit' event fired before this was called. */
async function exited(child: ChildProcess): Promise<void> {
  if (!hasExited(child)) await new Promise((resolve) => child.once('exit', resolve));
}

async function canConnect(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('backupchecks serve', () => {
  let dir: string;
  let env: Record<string, string>;
  let running: ChildProcess | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bc-serve-'));
    env = { DATA_DIR: join(dir, 'data') };
  });
  afterEach(async () => {
    if (running && !hasExited(running)) {
      running.kill('SIGKILL');
      await exited(running);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /healthz and stores every real mail sent to it by SMTP, as stats --json shows', async () => {
    const served = await serve(env, await freePort());
    running = served.child;
    expect(await (await fetch(`http://127.0.0.1:${served.httpPort}/healthz`)).json()).toEqual({ status: 'ok' });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: served.smtpPort, secure: false, ignoreTLS: true });
    for (const raw of fixtureMails) await transport.sendMail({ envelope: { from: 'device@acme.example', to: ['reports@msp.example'] }, raw });
    const stats = JSON.parse((await runCli(['stats', '--json'], env)).stdout);
    expect(stats).toMatchObject({ messages: fixtureMails.length, inbox: fixtureMails.length });
  });

  it('loses no mail that got a 250 when the server is killed while clients are sending', async () => {
    const smtpPort = await freePort();
    const served = await serve(env, smtpPort);
    running = served.child;
    const accepted: string[] = [];
    let killed = false;
    const errors: string[] = [];
    let finished = 0;
    const client = async (n: number) => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
      for (let i = 0; i < 200 && !killed; i++) {
        const id = `kill-${n}-${i}@acme.example`;
        try {
          await transport.sendMail({ envelope: { from: 'device@acme.example', to: ['r@msp.example'] }, raw: buildMail({ messageId: id, subject: `Job ${n} completed` }) });
          accepted.push(id);
        } catch (error) {
          if (!killed) errors.push((error as Error).message);
          break;
        }
      }
      finished += 1;
    };
    const clients = Array.from({ length: 5 }, (_, n) => client(n));
    while (accepted.length < 60 && finished < clients.length) await new Promise((r) => setTimeout(r, 20));
    expect(errors).toEqual([]);
    served.child.kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    await exited(served.child);
    // Restart (recovers the WAL), then look for every acknowledged Message-ID.
    const again = await serve(env, smtpPort);
    running = again.child;
    const opened = openDatabase(`sqlite:${join(env.DATA_DIR!, 'backupchecks.sqlite')}`);
    const stored = new Set((await opened.db.selectFrom('messages').select('message_id_header').execute()).map((r) => r.message_id_header));
    await opened.close();
    const lost = accepted.filter((id) => !stored.has(id));
    expect(accepted.length).toBeGreaterThanOrEqual(60);
    expect(lost).toEqual([]);
  }, 120_000);
});

describe('npm start', () => {
  it('stops the server when the npm process that started it goes away', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bc-start-'));
    const port = await freePort();
    // `sh -c` stands in for npm: it runs the start script, then is killed the way a process manager would.
    const shell = spawn('sh', ['-c', 'node scripts/start.js'], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', SMTP_PORT: '0', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const health = () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    try {
      const deadline = Date.now() + 90_000;
      while (!(await health()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(await health()).toBe(true);
      shell.kill('SIGKILL');
      const stopBy = Date.now() + 15_000;
      while ((await health()) && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 250));
      expect(await health()).toBe(false);
    } finally {
      shell.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
