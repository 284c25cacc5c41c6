/** Treaty validation of a stored request, or of a document not yet stored, for the person writing it. */
import { CasesError } from "../../cases/errors.js";
import { can } from "../../cases/permissions.js";
import type { Actor } from "../../cases/roles.js";
import type { NodeContext } from "../../server/node-context.js";
import type { Finding } from "../../treaty/finding.js";
import { validate } from "../../treaty/validate.js";
import { loadVisibleRequest, packOf } from "./request-record.js";

export async function validateStoredRequest(options: {
  context: NodeContext;
  actor: Actor;
  requestId: string;
}): Promise<Finding[]> {
  const { context, actor } = options;
  const row = await loadVisibleRequest(context.db, actor, options.requestId);
  if (!can(actor, "request.validate", { unit: row.unit, urgentQueue: row.urgent_queue === 1 })) {
    throw new CasesError("FORBIDDEN", "your role may not validate requests");
  }
  return validateDocument({ context, actor, treaty: row.treaty, document: JSON.parse(row.document) });
}

/** Stateless: checks a document against a pack and both States' declarations as this node knows them. */
export function validateDocument(options: {
  context: NodeContext;
  actor: Actor;
  treaty: string;
  document: unknown;
}): Finding[] {
  const { context, actor } = options;
  if (!can(actor, "request.validate", { unit: actor.kind === "user" ? actor.unit : "" })) {
    throw new CasesError("FORBIDDEN", "your role may not validate requests");
  }
  const pack = packOf(context, options.treaty);
  const fields = (
    typeof options.document === "object" && options.document !== null ? options.document : {}
  ) as Record<string, unknown>;
  const declarationsOf = (state: unknown) =>
    typeof state === "string" ? context.treaties.declarations(state, pack.id) : undefined;
  return validate(
    options.document,
    pack,
    declarationsOf(fields.requestingState),
    declarationsOf(fields.requestedState),
  );
}
