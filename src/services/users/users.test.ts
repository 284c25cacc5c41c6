/**
 * The users services called directly, as the CLI's `node init` does: the system actor may create
 * the first administrator; every role but administrator is refused by the service itself, before
 * anything is written. Runs on every store backend.
 */
import { expect, it } from "vitest";
import { describeEachBackend } from "../../../test/support/backends.js";
import { type Actor, ROLES, SYSTEM } from "../../cases/roles.js";
import { AuthError } from "../../server/auth/errors.js";
import { verifyPassword } from "../../server/auth/passwords.js";
import { fakeClock } from "../../server/clock.js";
import type { Store } from "../../store/database.js";
import { createUser } from "./create-user.js";
import { listUsers } from "./list-users.js";
import { resetPassword } from "./reset-password.js";
import { updateUser } from "./update-user.js";
import type { UsersContext } from "./users-context.js";

const contextOf = (store: Store): UsersContext => ({
  db: store.db,
  storeKind: store.kind,
  clock: fakeClock("2030-01-01T00:00:00.000Z"),
});

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
  return "no error";
};

describeEachBackend("users services", (backend) => {
  it("creates the first administrator as the system actor, with a generated password stored only as a hash", async () => {
    const store = await backend.open();
    const context = contextOf(store);
    const created = await createUser({
      context,
      actor: SYSTEM,
      username: "admin",
      displayName: "First Administrator",
      role: "administrator",
      unit: "central-authority",
    });
    expect(created.user).toMatchObject({ username: "admin", role: "administrator", disabled: false });
    const password = created.oneTimePassword ?? "";
    expect(password).toHaveLength(20);
    const row = await store.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", created.user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain(password);
    expect(await verifyPassword(row.password_hash, password)).toBe(true);
    const entries = await store.db.selectFrom("ledger_entries").select("entry").execute();
    expect(entries.map((e) => JSON.parse(e.entry))).toEqual([
      expect.objectContaining({
        actor: "system",
        type: "user.created",
        subject: `user:${created.user.id}`,
        data: { username: "admin", role: "administrator", unit: "central-authority" },
      }),
    ]);
  });

  it("returns no one-time password when one was given", async () => {
    const store = await backend.open();
    const created = await createUser({
      context: contextOf(store),
      actor: SYSTEM,
      username: "given",
      displayName: "G",
      role: "auditor",
      unit: "audit",
      password: "a-given-passphrase",
    });
    expect(created).not.toHaveProperty("oneTimePassword");
  });

  it("checks its input itself, for callers that come without a route schema", async () => {
    const store = await backend.open();
    const base = {
      context: contextOf(store),
      actor: SYSTEM,
      displayName: "X",
      role: "auditor" as const,
      unit: "audit",
    };
    expect(await codeOf(createUser({ ...base, username: "Upper Case" }))).toBe("BAD_REQUEST");
    expect(await codeOf(createUser({ ...base, username: "ok-name", unit: "" }))).toBe("BAD_REQUEST");
    expect(await codeOf(createUser({ ...base, username: "ok-name", role: "root" as never }))).toBe(
      "BAD_REQUEST",
    );
    expect(await store.db.selectFrom("users").select("id").execute()).toEqual([]);
  });

  it("refuses every role but administrator, writing nothing", async () => {
    const store = await backend.open();
    const context = contextOf(store);
    const { user: target } = await createUser({
      context,
      actor: SYSTEM,
      username: "target",
      displayName: "T",
      role: "case-officer",
      unit: "u",
    });
    const size = async () => (await store.db.selectFrom("ledger_entries").select("idx").execute()).length;
    const before = await size();
    for (const role of ROLES.filter((r) => r !== "administrator")) {
      const actor: Actor = { kind: "user", id: "someone", role, unit: "u" };
      const fields = { username: `x-${role}`, displayName: "X", role: "administrator" as const, unit: "u" };
      expect(await codeOf(createUser({ context, actor, ...fields }))).toBe("FORBIDDEN");
      expect(await codeOf(listUsers({ context, actor }))).toBe("FORBIDDEN");
      expect(
        await codeOf(updateUser({ context, actor, userId: target.id, changes: { role: "administrator" } })),
      ).toBe("FORBIDDEN");
      expect(await codeOf(resetPassword({ context, actor, userId: target.id }))).toBe("FORBIDDEN");
    }
    expect(await size()).toBe(before);
    expect((await listUsers({ context, actor: SYSTEM })).map((u) => u.role)).toEqual(["case-officer"]);
  });

  it("bumps auth_version on a change of role, unit or status, not of display name", async () => {
    const store = await backend.open();
    const context = contextOf(store);
    const { user } = await createUser({
      context,
      actor: SYSTEM,
      username: "versioned",
      displayName: "V",
      role: "auditor",
      unit: "u",
    });
    const version = async () =>
      Number(
        (
          await store.db
            .selectFrom("users")
            .select("auth_version")
            .where("id", "=", user.id)
            .executeTakeFirstOrThrow()
        ).auth_version,
      );
    await updateUser({ context, actor: SYSTEM, userId: user.id, changes: { displayName: "New name" } });
    expect(await version()).toBe(1);
    await updateUser({ context, actor: SYSTEM, userId: user.id, changes: { role: "auditor" } });
    expect(await version()).toBe(1);
    await updateUser({ context, actor: SYSTEM, userId: user.id, changes: { unit: "u2" } });
    expect(await version()).toBe(2);
    await updateUser({ context, actor: SYSTEM, userId: user.id, changes: { disabled: true } });
    expect(await version()).toBe(3);
  });
});
