/**
 * What a running node does on its own: sign its ledger's tree head every `treeHeadIntervalSeconds`,
 * raise due deadline reminders every minute, and every few seconds send approved requests and
 * deliver the outbox to peers. A failed run is logged and retried at the next tick.
 */
import { deliveryTick } from "../federation/delivery-tick.js";
import { signLedgerHead } from "../services/ledger/sign-ledger-head.js";
import { sweepReminders } from "../services/requests/deadlines.js";
import type { NodeContext } from "./node-context.js";

export const REMINDER_SWEEP_MS = 60_000;

type Log = { error(details: object, message: string): void; warn?(details: object, message: string): void };

export function scheduleNodeJobs(context: NodeContext, log: Log): () => void {
  const every = (ms: number, job: () => Promise<unknown>, name: string) =>
    setInterval(() => void job().catch((err: unknown) => log.error({ err }, `${name} failed`)), ms);
  const timers = [
    every(
      context.config.ledger.treeHeadIntervalSeconds * 1000,
      () => signLedgerHead({ context }),
      "signing the tree head",
    ),
    every(REMINDER_SWEEP_MS, () => sweepReminders(context), "raising reminders"),
    every(
      context.config.federation.deliveryTickMs,
      deliveryTick(context, {
        warn: (details, message) => (log.warn ?? log.error).call(log, details, message),
        error: (details, message) => log.error(details, message),
      }),
      "delivering messages",
    ),
  ];
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
