import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './ports.js';

/**
 * A private Dovecot IMAP server for the tests, from Debian's `dovecot-imapd` package (.ci/run installs
 * it). It runs from its own configuration file in a temp folder — no system-wide configuration, its own
 * base_dir, state_dir and log — listens on 127.0.0.1 on a free port, allows plaintext LOGIN (loopback
 * only), and keeps one test user's maildir under the temp folder.
 *
 * As root, Dovecot runs its helper processes as the package's `dovecot`/`dovenull` users and the
 * mail as `nobody` (Dovecot refuses mail access as root); as another user, everything runs as that
 * user without chroot. A missing Dovecot makes the tests fail, never skip.
 */
export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** A connected client logged in as the test user; the caller logs it out. */
  client(): Promise<ImapFlow>;
  /** Appends a mail to a folder, creating the folder first if needed; returns its UID. */
  append(folder: string, raw: Buffer | string, flags?: string[], internalDate?: Date): Promise<number>;
  stop(): Promise<void>;
}

const dovecotBinary = '/usr/sbin/dovecot';

export async function startDovecot(): Promise<DovecotServer> {
  if (!existsSync(dovecotBinary)) {
    throw new Error(`Dovecot is not installed (${dovecotBinary} missing): \`apt-get install dovecot-imapd\` (.ci/run does this)`);
  }
  const version = execFileSync(dovecotBinary, ['--version'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'bc-dovecot-'));
  // The helper processes run as other users and must reach the passwd file and the mail folder.
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const mailUid = asRoot ? 65534 : process.getuid!();
  const mailGid = asRoot ? 65534 : process.getgid!();
  const mailDir = join(dir, 'mail');
  mkdirSync(mailDir);
  if (asRoot) chownSync(mailDir, mailUid, mailGid);
  const user = 'reports';
  const password = 'imap-test-password';
  const passwdFile = join(dir, 'passwd');
  writeFileSync(passwdFile, `${user}:{PLAIN}${password}:${mailUid}:${mailGid}::${join(mailDir, user)}::\n`, { mode: 0o644 });
  const port = await freePort();
  const logFile = join(dir, 'dovecot.log');
  const configFile = join(dir, 'dovecot.conf');
  const settings: ConfigSettings = {
    dir,
    port,
    logFile,
    passwdFile,
    internalUser: asRoot ? 'dovecot' : userInfo().username,
    loginUser: asRoot ? 'dovenull' : userInfo().username,
    internalGroup: asRoot ? 'dovecot' : execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim(),
    chroot: asRoot,
  };
  writeFileSync(configFile, isDovecot24(version) ? config24(settings) : config23(settings));

  const child = spawn(dovecotBinary, ['-F', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitForGreeting(port, exited);
  } catch (error) {
    child.kill('SIGKILL');
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Dovecot ${version} did not start: ${(error as Error).message}\n${stderr}${log}`);
  }

  const client = async () => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass: password }, logger: false });
    await c.connect();
    return c;
  };
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    client,
    async append(folder, raw, flags = [], internalDate) {
      const c = await client();
      try {
        if (folder.toUpperCase() !== 'INBOX') await c.mailboxCreate(folder).catch(() => undefined);
        const result = await c.append(folder, raw, flags, internalDate);
        if (!result || result.uid === undefined) throw new Error(`APPEND to ${folder} returned no UID`);
        return result.uid;
      } finally {
        await c.logout();
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface ConfigSettings {
  dir: string;
  port: number;
  logFile: string;
  passwdFile: string;
  internalUser: string;
  loginUser: string;
  internalGroup: string;
  chroot: boolean;
}

function commonSettings(s: ConfigSettings): string {
  return `
instance_name = bc-test-${s.port}
base_dir = ${join(s.dir, 'run')}
state_dir = ${join(s.dir, 'state')}
log_path = ${s.logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${s.internalUser}
default_login_user = ${s.loginUser}
default_internal_group = ${s.internalGroup}
first_valid_uid = 1
service imap-login {
  inet_listener imap {
    port = ${s.port}
  }
  inet_listener imaps {
    port = 0
  }
${s.chroot ? '' : '  chroot =\n'}}
service anvil {
${s.chroot ? '' : '  chroot =\n'}  # The wrong-password test must not slow the following logins down (auth penalty per address).
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

/** Dovecot 2.3 (Debian 12). */
function config23(s: ConfigSettings): string {
  return `${commonSettings(s)}
disable_plaintext_auth = no
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = ${s.passwdFile}
}
userdb {
  driver = passwd-file
  args = ${s.passwdFile}
}
`;
}

/** Dovecot 2.4 (Debian 13) renamed most settings and requires the version lines first. */
function config24(s: ConfigSettings): string {
  return `dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
${commonSettings(s)}
auth_allow_cleartext = yes
mail_driver = maildir
mail_path = ~/Maildir
namespace inbox {
  inbox = yes
}
passdb passwd-file {
  passwd_file_path = ${s.passwdFile}
}
userdb passwd-file {
  passwd_file_path = ${s.passwdFile}
}
`;
}

function isDovecot24(version: string): boolean {
  const [major, minor] = version.split(/[.\s]/).map(Number);
  return (major ?? 0) > 2 || (major === 2 && (minor ?? 0) >= 4);
}


/** Waits until the server sends its `* OK` greeting, failing early if Dovecot exits. */
async function waitForGreeting(port: number, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + 20_000;
  let dead: number | null | undefined;
  void exited.then((code) => (dead = code));
  for (;;) {
    if (dead !== undefined) throw new Error(`dovecot exited with code ${dead}`);
    if (await greets(port)) return;
    if (Date.now() > deadline) throw new Error(`no IMAP greeting on 127.0.0.1:${port} within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString('latin1').startsWith('* OK')));
  });
}
