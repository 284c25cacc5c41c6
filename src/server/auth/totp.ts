/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app expects them: SHA-1, six
 * digits, 30-second steps, one step of clock drift either way. A code is accepted at most once:
 * the last accepted step is kept per user, in memory (the schema has no column for it), so after
 * a restart, or on another process sharing the database, a code still inside its ±30 s window
 * could be replayed once. That window is the residual risk.
 */
import { Secret, TOTP } from "otpauth";

const SETTINGS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
const WINDOW = 1;

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(options: { state: string; username: string; secret: string }): string {
  return new TOTP({
    ...SETTINGS,
    issuer: `Rogatory ${options.state}`,
    label: options.username,
    secret: Secret.fromBase32(options.secret),
  }).toString();
}

/** The current code for a secret: for tests and the test node, which act as the authenticator app. */
export function totpCode(secret: string, at: Date): string {
  return TOTP.generate({ ...SETTINGS, secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}

/** The time step a code belongs to, if it is valid at `at` within the window; undefined otherwise. */
export function matchTotp(secret: string, code: string, at: Date): number | undefined {
  // Attacker-controlled: anything but six digits is refused before it reaches the library.
  if (!/^\d{6}$/.test(code)) return undefined;
  const timestamp = at.getTime();
  const delta = TOTP.validate({
    ...SETTINGS,
    token: code,
    secret: Secret.fromBase32(secret),
    timestamp,
    window: WINDOW,
  });
  if (delta === null) return undefined;
  return TOTP.counter({ period: SETTINGS.period, timestamp }) + delta;
}

/** Remembers the last step accepted per user and refuses that step or any earlier one. */
export class TotpReplayGuard {
  readonly #lastStep = new Map<string, number>();

  /** True, and remembered, when `step` is later than any accepted before for this user. */
  accept(userId: string, step: number): boolean {
    const last = this.#lastStep.get(userId);
    if (last !== undefined && step <= last) return false;
    this.#lastStep.set(userId, step);
    return true;
  }

  /** After an administrator resets the factor, the new secret starts with a clean history. */
  forget(userId: string): void {
    this.#lastStep.delete(userId);
  }
}

const guards = new WeakMap<object, TotpReplayGuard>();

/** One guard per node, keyed by its database handle, so test nodes in one process do not share. */
export function totpReplayGuardFor(db: object): TotpReplayGuard {
  let guard = guards.get(db);
  if (!guard) {
    guard = new TotpReplayGuard();
    guards.set(db, guard);
  }
  return guard;
}

/** Validates a code and consumes it: false when it is wrong, out of the window, or already used. */
export function consumeTotp(options: {
  db: object;
  userId: string;
  secret: string;
  code: string;
  at: Date;
}): boolean {
  const step = matchTotp(options.secret, options.code, options.at);
  if (step === undefined) return false;
  return totpReplayGuardFor(options.db).accept(options.userId, step);
}
