/**
 * Password hashing and policy. Argon2id with OWASP's minimum (19 MiB, two passes, one lane);
 * the parameters travel inside each PHC hash string, so raising them later leaves old hashes
 * verifiable. Unknown usernames are verified against a dummy hash, so the time an answer takes
 * does not tell an attacker which usernames exist.
 */
import { randomBytes, randomInt } from "node:crypto";
import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { AuthError } from "./errors.js";

/** Argon2id; the package's enum is an ambient const enum, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;

export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase; bounded so a huge body cannot make hashing a denial of service. */
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False, never an exception, for a wrong password or a hash that does not parse. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification and fails: the answer for a username that does not exist. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  // Hashed once per process from a random password, with the same parameters as real hashes.
  dummyHash ??= hashPassword(randomBytes(32).toString("base64url"));
  await verifyPassword(await dummyHash, password);
  return false;
}

/** The reason a password is refused, or undefined when the policy accepts it. */
export function passwordProblem(password: string, username: string): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return `a password needs at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `a password has at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim().toLowerCase() === username.trim().toLowerCase())
    return "a password must not be the username";
  return undefined;
}

export function assertPasswordPolicy(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem !== undefined) throw new AuthError("BAD_REQUEST", problem);
}

/** No 0/O/o, 1/l/I: one-time passwords are read aloud or copied from paper. */
export const PASSWORD_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
export const GENERATED_PASSWORD_LENGTH = 20;

/** A random one-time password: 20 characters of a 56-letter alphabet, about 116 bits. */
export function generatePassword(): string {
  let password = "";
  // randomInt draws without modulo bias.
  for (let i = 0; i < GENERATED_PASSWORD_LENGTH; i++)
    password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}
