/**
 * One line on what a demo node holds now, read from its database at each start (officers may have
 * moved things since the demo was created): its requests by direction and state, the urgent ones
 * open in the 24/7 queue, and its peers.
 */
import type { NodeContext } from "../../server/node-context.js";

const OPEN_URGENT_EXCLUDED = ["closed", "withdrawn", "refused", "executed"];

export async function describeNode(context: NodeContext): Promise<string> {
  const { db } = context;
  const rows = await db
    .selectFrom("requests")
    .select(["direction", "state", (eb) => eb.fn.countAll<number | string>().as("count")])
    .groupBy(["direction", "state"])
    .orderBy("direction")
    .orderBy("state")
    .execute();
  const urgent = await db
    .selectFrom("requests")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("direction", "=", "incoming")
    .where("urgent_queue", "=", 1)
    .where("state", "not in", OPEN_URGENT_EXCLUDED)
    .executeTakeFirstOrThrow();
  const peers = await db
    .selectFrom("peers")
    .select("state")
    .where("status", "=", "active")
    .orderBy("state")
    .execute();
  const part = (direction: string) => {
    const mine = rows.filter((row) => row.direction === direction);
    const total = mine.reduce((sum, row) => sum + Number(row.count), 0);
    if (total === 0) return `no ${direction} requests`;
    const states = mine.map((row) => `${row.count} ${row.state}`).join(", ");
    return `${total} ${direction} (${states})`;
  };
  const inQueue = Number(urgent.count);
  return [
    part("incoming") + (inQueue > 0 ? `, ${inQueue} open in the 24/7 queue` : ""),
    part("outgoing"),
    `peers: ${peers.map((p) => p.state).join(", ") || "none"}`,
  ].join("; ");
}
