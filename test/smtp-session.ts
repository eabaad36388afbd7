import { connect, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';

export interface Reply {
  code: number;
  /** The reply lines without their code, e.g. ["localhost Nice to meet you", "SIZE 65536"]. */
  lines: string[];
  /** The whole reply as the client saw it, e.g. "552 5.3.4 Message too big: …". */
  text: string;
}

/**
 * A bare SMTP client for tests that need to see every reply line (EHLO extensions, the refusal at
 * connect, a 552 after DATA) or to do what a polite client library would not (AUTH before TLS, a
 * mail over the announced SIZE without the SIZE parameter).
 */
export class SmtpSession {
  greeting!: Reply;
  #socket: Socket | TLSSocket;
  #buffer = '';
  #replies: Reply[] = [];
  #waiters: ((reply: Reply) => void)[] = [];
  #closed = false;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.#listen(socket);
    socket.on('close', () => (this.#closed = true));
  }

  static async open(port: number, host = '127.0.0.1'): Promise<SmtpSession> {
    const socket = connect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const session = new SmtpSession(socket);
    session.greeting = await session.#next();
    return session;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async command(line: string): Promise<Reply> {
    this.#socket.write(`${line}\r\n`);
    return this.#next();
  }

  /** DATA with the mail dot-stuffed; resolves with the reply after the final dot. */
  async data(raw: Buffer): Promise<Reply> {
    const ready = await this.command('DATA');
    if (ready.code !== 354) return ready;
    let text = raw.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
    if (!text.endsWith('\r\n')) text += '\r\n';
    this.#socket.write(Buffer.from(`${text}.\r\n`, 'latin1'));
    return this.#next();
  }

  /** Starts DATA, sends the first `bytes` of the mail and drops the connection, like a sender that dies. */
  async dropDuringData(raw: Buffer, bytes: number): Promise<void> {
    const ready = await this.command('DATA');
    if (ready.code !== 354) throw new Error(`DATA refused: ${ready.text}`);
    await new Promise<void>((resolve) => this.#socket.write(raw.subarray(0, bytes), () => resolve()));
    this.#socket.destroy();
  }

  /** STARTTLS, then a TLS session over the same socket (the test certificate is self-signed). */
  async startTls(): Promise<Reply> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) return reply;
    this.#socket.removeAllListeners('data');
    const secure = connectTls({ socket: this.#socket, rejectUnauthorized: false, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    this.#socket = secure;
    this.#listen(secure);
    return reply;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await new Promise<void>((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.end();
      setTimeout(() => {
        this.#socket.destroy();
        resolve();
      }, 1000).unref();
    });
  }

  #listen(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', () => undefined);
  }

  #next(): Promise<Reply> {
    const queued = this.#replies.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #receive(chunk: Buffer): void {
    this.#buffer += chunk.toString('latin1');
    const lines = this.#buffer.split('\r\n');
    let start = 0;
    for (let i = 0; i < lines.length - 1; i += 1) {
      // A reply ends with "NNN text" (or a bare "NNN"); "NNN-text" lines continue it.
      if (!/^\d{3}( |$)/.test(lines[i]!)) continue;
      const reply = toReply(lines.slice(start, i + 1));
      start = i + 1;
      const waiter = this.#waiters.shift();
      if (waiter) waiter(reply);
      else this.#replies.push(reply);
    }
    this.#buffer = lines.slice(start).join('\r\n');
  }
}

function toReply(lines: string[]): Reply {
  return { code: Number(lines[0]!.slice(0, 3)), lines: lines.map((l) => l.slice(4)), text: lines.join('\n') };
}
