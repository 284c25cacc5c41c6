/**
 * Changes a user's role, unit, status or display name. A change of role, unit or status bumps
 * `auth_version` and deletes the user's sessions: a session must never carry powers its user no
 * longer has. The node always keeps one enabled administrator, so it cannot lock itself out.
 */
import type { Transaction } from "kysely";
import { type Actor, actorName, type Role, RoleSchema } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import { deleteSessionsOfUser } from "../../server/auth/sessions.js";
import { appendToLedger, type LedgerEvent } from "../../store/ledger-store.js";
import type { Database } from "../../store/schema.js";
import { DisplayNameSchema, toUserView, UnitSchema, type UserView } from "./user-view.js";
import { assertMayManageUsers, parseField, type UsersContext, userSubject } from "./users-context.js";

/** A field left out (or undefined) is left as it is. */
export type UserChanges = {
  role?: Role | undefined;
  unit?: string | undefined;
  disabled?: boolean | undefined;
  displayName?: string | undefined;
};
export type UpdateUserOptions = { context: UsersContext; actor: Actor; userId: string; changes: UserChanges };

export async function updateUser(options: UpdateUserOptions): Promise<UserView> {
  assertMayManageUsers(options.actor);
  const changes = checkChanges(options.changes);
  const now = options.context.clock.now();
  const row = await options.context.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("users")
      .selectAll()
      .where("id", "=", options.userId)
      .executeTakeFirst();
    if (!before) throw new AuthError("NOT_FOUND", "no such user");
    const role = changes.role ?? before.role;
    const unit = changes.unit ?? before.unit;
    const disabled = changes.disabled === undefined ? before.disabled : changes.disabled ? 1 : 0;
    const displayName = changes.displayName ?? before.display_name;
    const powersChanged = role !== before.role || unit !== before.unit || disabled !== before.disabled;
    if (
      before.role === "administrator" &&
      before.disabled === 0 &&
      (role !== "administrator" || disabled !== 0)
    ) {
      await assertAnotherAdministrator(trx, before.id);
    }
    const after = await trx
      .updateTable("users")
      .set({
        role,
        unit,
        disabled,
        display_name: displayName,
        auth_version: powersChanged ? Number(before.auth_version) + 1 : before.auth_version,
      })
      .where("id", "=", before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The version check alone would refuse them; deleting them too leaves nothing to refuse.
    if (powersChanged) await deleteSessionsOfUser(trx, before.id);
    const events = ledgerEvents(options.actor, before, after);
    if (events.length > 0) await appendToLedger(trx, options.context.storeKind, now, events);
    return after;
  });
  return toUserView(row, now);
}

function checkChanges(changes: UserChanges): UserChanges {
  const checked: UserChanges = {};
  if (changes.role !== undefined) checked.role = parseField(RoleSchema, changes.role, "role");
  if (changes.unit !== undefined) checked.unit = parseField(UnitSchema, changes.unit, "unit");
  if (changes.displayName !== undefined) {
    checked.displayName = parseField(DisplayNameSchema, changes.displayName, "displayName");
  }
  if (changes.disabled !== undefined) checked.disabled = changes.disabled === true;
  return checked;
}

async function assertAnotherAdministrator(trx: Transaction<Database>, exceptId: string): Promise<void> {
  const other = await trx
    .selectFrom("users")
    .select("id")
    .where("role", "=", "administrator")
    .where("disabled", "=", 0)
    .where("id", "!=", exceptId)
    .executeTakeFirst();
  if (!other) throw new AuthError("CONFLICT", "the node must keep at least one enabled administrator");
}

type Row = { id: string; role: string; unit: string; disabled: number; display_name: string };

/** What changed, by field; the display name is personal data, so the ledger says only that it changed. */
function ledgerEvents(actor: Actor, before: Row, after: Row): LedgerEvent[] {
  const changed: Record<string, unknown> = {};
  if (after.role !== before.role) changed.role = { from: before.role, to: after.role };
  if (after.unit !== before.unit) changed.unit = { from: before.unit, to: after.unit };
  if (after.display_name !== before.display_name) changed.displayName = true;
  const events: LedgerEvent[] = [];
  const base = { actor: actorName(actor), subject: userSubject(before.id) };
  if (Object.keys(changed).length > 0) events.push({ ...base, type: "user.updated", data: { changed } });
  if (after.disabled !== before.disabled) {
    events.push({ ...base, type: after.disabled !== 0 ? "user.disabled" : "user.enabled", data: {} });
  }
  return events;
}
