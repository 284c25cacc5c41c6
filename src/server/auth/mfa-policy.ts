/** Who must pass the second factor: the roles the configuration names, and anyone who enrolled one. */
import type { NodeConfig } from "../config.js";

type UserFactors = { role: string; totp_enabled: number };

const roleRequiresTotp = (user: UserFactors, config: NodeConfig): boolean =>
  (config.security.totpRequiredFor as readonly string[]).includes(user.role);

export function mfaRequired(user: UserFactors, config: NodeConfig): boolean {
  return user.totp_enabled === 1 || roleRequiresTotp(user, config);
}

/** The role needs a second factor the user has not set up yet: they may sign in only to enrol. */
export function mfaEnrolmentRequired(user: UserFactors, config: NodeConfig): boolean {
  return user.totp_enabled !== 1 && roleRequiresTotp(user, config);
}
