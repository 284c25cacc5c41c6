/**
 * What a running node does on its own: sign its ledger's tree head every `treeHeadIntervalSeconds`,
 * raise due deadline reminders every minute, and every few seconds send approved requests and
 * deliver the outbox to peers. A failed run is logged and retried at the next tick.
 */
import { deliveryTick } from "../federation/delivery-tick.js";
import { type HttpTransport, httpTransport } from "../federation/http-transport.js";
import { signLedgerHead } from "../services/ledger/sign-ledger-head.js";
import { sweepReminders } from "../services/requests/deadlines.js";
import type { NodeContext } from "./node-context.js";

export const REMINDER_SWEEP_MS = 60_000;

type Log = { error(details: object, message: string): void; warn?(details: object, message: string): void };

export type NodeJobsOptions = {
  /** Makes the transport to peers, which the jobs own and close on stop; mutual TLS by default. */
  transport?: () => HttpTransport;
};

/**
 * Starts the jobs; the function returned stops them: no new run starts, the runs in flight (a
 * delivery round waiting on a peer included) are awaited, then the transport is closed. Await it
 * before closing the store.
 */
export function scheduleNodeJobs(
  context: NodeContext,
  log: Log,
  options: NodeJobsOptions = {},
): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const every = (ms: number, job: () => Promise<unknown>, name: string) =>
    setInterval(() => {
      const run = job().then(
        () => undefined,
        (err: unknown) => log.error({ err }, `${name} failed`),
      );
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    }, ms);
  const federationLog = {
    warn: (details: object, message: string) => (log.warn ?? log.error).call(log, details, message),
    error: (details: object, message: string) => log.error(details, message),
  };
  const transport = (options.transport ?? (() => httpTransport({ context, log: federationLog })))();
  const tick = deliveryTick(context, federationLog, { transport });
  const timers = [
    every(
      context.config.ledger.treeHeadIntervalSeconds * 1000,
      () => signLedgerHead({ context }),
      "signing the tree head",
    ),
    every(REMINDER_SWEEP_MS, () => sweepReminders(context), "raising reminders"),
    every(context.config.federation.deliveryTickMs, tick, "delivering messages"),
  ];
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    for (const timer of timers) clearInterval(timer);
    await tick.close();
    await Promise.all(inFlight);
    transport.close();
  };
  return () => {
    stopped ??= stop();
    return stopped;
  };
}
