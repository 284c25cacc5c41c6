/**
 * Applies the use limitation to one request: reads the consents received and the decision's
 * use-limitation conditions, and refuses (EVIDENCE_USE_REFUSED) what `judgeUse` refuses.
 */
import type { Condition } from "../../cases/action-input.js";
import { EvidenceError } from "../../evidence/errors.js";
import { judgeUse, type Purpose } from "../../evidence/use-limitation.js";
import type { Executor } from "../../store/ledger-store.js";
import type { RequestRow } from "../requests/request-record.js";

/** Returns the id of the consent relied on, if one was needed. */
export async function checkUse(
  db: Executor,
  request: RequestRow,
  received: boolean,
  purpose: Purpose,
): Promise<string | undefined> {
  const consents = await db
    .selectFrom("use_consents")
    .select(["id", "purpose"])
    .where("request_id", "=", request.id)
    .where("direction", "=", "asked")
    .where("status", "=", "granted")
    .execute();
  const decisions = await db
    .selectFrom("decisions")
    .select("conditions")
    .where("request_id", "=", request.id)
    .execute();
  const useConditions = decisions
    .flatMap((d) => JSON.parse(d.conditions) as Condition[])
    .filter((c) => c.type === "use-limitation")
    .map((c) => c.text);
  const verdict = judgeUse({ received, purpose, grantedConsents: consents, useConditions });
  if (!verdict.allowed) throw new EvidenceError("EVIDENCE_USE_REFUSED", verdict.reason);
  return verdict.consentId;
}
