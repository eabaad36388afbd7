import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { TooManyRequestsError, UnauthorizedError } from '../domain/errors.js';
import { deleteSettingsWithPrefix, getSetting, insertSettingOnce } from '../repositories/settings.repository.js';
import { usernameKey } from '../repositories/user.repository.js';
import { sameSecret } from './secrets.js';

/**
 * Login throttling (DESIGN §12). Failures are counted in the database per account and per address,
 * so every instance behind a load balancer sees the same counts. A window starts at the first failure
 * and lasts `windowMs`; within it an account may fail `accountLimit` times and an address `addressLimit`
 * times (an office behind one NAT address has many users) before logins are refused with 429.
 */
export const throttle = { windowMs: 15 * 60_000, accountLimit: 10, addressLimit: 30, captchaAfter: 3 };
export const captchaSetting = 'login.captcha';
const captchaKeySetting = 'login.captcha-key';
const usedCaptchaPrefix = 'captcha-used:';
const captchaTtlMs = 10 * 60_000;

export interface ThrottleKeys {
  account: string;
  address: string | null;
}

export function throttleKeys(username: string, address: string | null): ThrottleKeys {
  return { account: `user:${usernameKey(username)}`, address: address ? `address:${address}` : null };
}

interface Failures {
  account: number;
  address: number;
  /** When the oldest window that is over its limit ends. */
  resetAt: number;
}

async function currentFailures(db: Db, keys: ThrottleKeys, now: Date): Promise<Failures> {
  const since = new Date(now.getTime() - throttle.windowMs).toISOString();
  const wanted = keys.address ? [keys.account, keys.address] : [keys.account];
  const rows = await db.selectFrom('login_failures').selectAll().where('key', 'in', wanted).where('first_at', '>', since).execute();
  const of = (key: string | null) => rows.find((r) => r.key === key);
  const account = of(keys.account);
  const address = of(keys.address);
  const over = [account && account.failures >= throttle.accountLimit ? account : null, address && address.failures >= throttle.addressLimit ? address : null];
  const resetAt = Math.max(0, ...over.filter((r) => r !== null).map((r) => Date.parse(r.first_at) + throttle.windowMs));
  return { account: account?.failures ?? 0, address: address?.failures ?? 0, resetAt };
}

/**
 * Throws 429 when the account or address is over its limit. Otherwise tells whether this attempt
 * needs a captcha (checked before the password, so the captcha actually slows guessing down).
 */
export async function checkThrottle(db: Db, keys: ThrottleKeys, now: Date): Promise<{ captchaRequired: boolean }> {
  const failures = await currentFailures(db, keys, now);
  if (failures.resetAt > 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil((failures.resetAt - now.getTime()) / 1000));
    throw new TooManyRequestsError(`too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, { retryAfterSeconds });
  }
  return { captchaRequired: await repeatedFailures(db, failures) };
}

/** Whether the next attempt needs a captcha; told with a refused login so the form can show one at once. */
export async function needsCaptcha(db: Db, keys: ThrottleKeys, now: Date): Promise<boolean> {
  return repeatedFailures(db, await currentFailures(db, keys, now));
}

async function repeatedFailures(db: Db, failures: Failures): Promise<boolean> {
  const repeated = failures.account >= throttle.captchaAfter || failures.address >= throttle.captchaAfter;
  return repeated && (await captchaEnabled(db));
}

/** Counts one failure for each key in one statement per key, so concurrent failures are all counted. */
export async function recordLoginFailure(db: Db, keys: ThrottleKeys, now: Date): Promise<void> {
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - throttle.windowMs).toISOString();
  for (const key of [keys.account, keys.address]) {
    if (!key) continue;
    await db
      .insertInto('login_failures')
      .values({ key, failures: 1, first_at: at, last_at: at })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          // A failure after the window has passed starts a new window.
          failures: sql<number>`case when login_failures.first_at <= ${windowStart} then 1 else login_failures.failures + 1 end`,
          first_at: sql<string>`case when login_failures.first_at <= ${windowStart} then ${at} else login_failures.first_at end`,
          last_at: at,
        }),
      )
      .execute();
  }
  await db.deleteFrom('login_failures').where('last_at', '<', windowStart).execute();
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

export async function captchaEnabled(db: Db): Promise<boolean> {
  return (await getSetting(db, captchaSetting)) !== 'off';
}

/**
 * A new arithmetic question. Captchas are handed out to anyone, so handing one out stores nothing:
 * the id carries its expiry, a nonce and an HMAC of the answer under a key kept in the settings
 * (shared by every instance). Only a used nonce is stored, when an answer is checked, so each question
 * allows one guess; those checks come from login attempts, which the throttle bounds.
 */
export async function newCaptcha(db: Db, now: Date): Promise<{ captchaId: string; question: string }> {
  const a = randomInt(2, 20);
  const b = randomInt(2, 20);
  const expires = now.getTime() + captchaTtlMs;
  const nonce = randomBytes(12).toString('base64url');
  const mac = captchaMac(await captchaKey(db, now), expires, nonce, String(a + b));
  return { captchaId: `${expires}.${nonce}.${mac}`, question: `${a} + ${b}` };
}

/**
 * Checks a captcha answer and consumes the captcha whatever the outcome, so each question allows
 * one guess. Throws 401 `captcha_required` when the answer is missing, unknown, expired or wrong.
 */
export async function verifyCaptcha(db: Db, captchaId: string | undefined, answer: string | number | undefined, now: Date): Promise<void> {
  if (!captchaId || answer === undefined || String(answer).trim() === '') {
    throw new UnauthorizedError('answer the arithmetic question to sign in (after repeated failures a captcha is needed)', 'captcha_required', { captchaRequired: true });
  }
  const wrong = () => new UnauthorizedError('wrong or expired captcha answer; request a new captcha', 'captcha_required', { captchaRequired: true });
  const [expiresText, nonce, mac] = captchaId.split('.');
  const expires = Number(expiresText);
  if (!nonce || !mac || !Number.isSafeInteger(expires) || expires <= now.getTime() || expires > now.getTime() + captchaTtlMs) throw wrong();
  await deleteSettingsWithPrefix(db, usedCaptchaPrefix, new Date(now.getTime() - captchaTtlMs).toISOString());
  const firstUse = await insertSettingOnce(db, usedCaptchaPrefix + nonce.slice(0, 32), '1', now.toISOString());
  const expected = captchaMac(await captchaKey(db, now), expires, nonce, String(answer).trim());
  if (!firstUse || !sameSecret(mac, expected)) throw wrong();
}

function captchaMac(key: string, expires: number, nonce: string, answer: string): string {
  return createHmac('sha256', key).update(`${expires}.${nonce}.${answer}`).digest('base64url');
}

/** The installation's captcha key, made on first use; the first writer wins when instances race. */
async function captchaKey(db: Db, now: Date): Promise<string> {
  const stored = await getSetting(db, captchaKeySetting);
  if (stored) return stored;
  await insertSettingOnce(db, captchaKeySetting, randomBytes(32).toString('base64url'), now.toISOString());
  return (await getSetting(db, captchaKeySetting))!;
}
