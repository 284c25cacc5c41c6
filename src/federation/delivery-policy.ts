/**
 * When the delivery worker tries again, and when it stops. Capped exponential back-off with
 * jitter: attempt n waits between half and all of min(cap, base·2^(n−1)), so peers coming back after
 * an outage are not hit by every sender at the same instant. Pure: the random source is passed in.
 */
import { type NodeConfig, NodeConfigSchema } from "../server/config.js";

export type DeliveryPolicy = {
  /** The wait after the first failed attempt, before jitter. */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
  /** After this long since the message was sealed, the sender stops and shows "not delivered". */
  horizonMs: number;
};

/** The node's policy, from the `federation` section of its configuration. */
export function deliveryPolicyOf(config: {
  federation: Pick<NodeConfig["federation"], "retryBaseMs" | "retryCapMs" | "retryHorizonHours">;
}): DeliveryPolicy {
  const { retryBaseMs, retryCapMs, retryHorizonHours } = config.federation;
  return {
    baseDelayMs: retryBaseMs,
    maxDelayMs: Math.max(retryBaseMs, retryCapMs),
    horizonMs: Math.round(retryHorizonHours * 60 * 60_000),
  };
}

/** The receiver's clock may differ from the sender's by this much either way (docs/protocol.md §6). */
export const MAX_SKEW_SECONDS = 300;

/**
 * How old a message a receiver accepts: the senders' retry horizon plus the clock skew, so a
 * message re-sent at the very end of its horizon is still taken (docs/protocol.md §6).
 */
export const maxAgeSeconds = (policy: DeliveryPolicy): number =>
  Math.ceil(policy.horizonMs / 1000) + MAX_SKEW_SECONDS;

/** The wait after the `failures`-th failed attempt (1 for the first); `random` returns [0, 1). */
export function retryDelayMs(policy: DeliveryPolicy, failures: number, random: () => number): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** The policy of a node that sets nothing: the configuration's defaults. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = deliveryPolicyOf({
  federation: NodeConfigSchema.shape.federation.parse(undefined),
});
