/**
 * Ledger entries and peer records name people as `user:<id>`. An administrator may list the users,
 * so for them the id is shown with its username; anyone else sees the id as recorded (auditors
 * have no access to the user list, by design).
 */
import { useMemo } from "react";
import { useSignedIn } from "../app/session.js";
import { useApi } from "../app/use-api.js";
import type { UserView } from "./admin-types.js";

/** The username for a `user:<id>` actor, when known; undefined otherwise. */
export function useActorNames(): (actor: string) => string | undefined {
  const { user } = useSignedIn();
  const loaded = useApi<{ users: UserView[] }>(user.role === "administrator" ? "/users" : undefined);
  const users = loaded.status === "ready" ? loaded.data.users : undefined;
  return useMemo(() => {
    const byId = new Map((users ?? []).map((known) => [`user:${known.id}`, known.username]));
    return (actor: string) => byId.get(actor);
  }, [users]);
}
