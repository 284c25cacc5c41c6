/**
 * The administrator's users screen: every account with its role, unit and status, what can be
 * done to each, and the form to create one. One-time passwords the node generates are shown here
 * once, above the table, and announced changes go to a status region.
 */
import { useState } from "react";
import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import type { UserView } from "./admin-types.js";
import { CreateUserForm } from "./create-user-form.js";
import { OneTimePassword, type OneTimeSecret } from "./one-time-password.js";
import { UserRow } from "./user-row.js";
import "./admin.css";

function UsersTable({
  users,
  onChanged,
  onSecret,
}: {
  users: readonly UserView[];
  onChanged(user: UserView, announcement: string): void;
  onSecret(secret: OneTimeSecret): void;
}) {
  const { t, number } = useI18n();
  return (
    <table className="users">
      <caption>{t("admin.users.caption", { count: number(users.length) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("admin.field.username")}</th>
          <th scope="col">{t("admin.field.displayName")}</th>
          <th scope="col">{t("admin.field.role")}</th>
          <th scope="col">{t("admin.field.unit")}</th>
          <th scope="col">{t("admin.users.status")}</th>
          <th scope="col">{t("admin.users.secondFactor")}</th>
          <th scope="col">{t("admin.users.created")}</th>
          <th scope="col">{t("admin.users.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <UserRow key={user.id} user={user} onChanged={onChanged} onSecret={onSecret} />
        ))}
      </tbody>
    </table>
  );
}

export function AdminUsersPage(_props: ScreenProps) {
  const { t } = useI18n();
  const loaded = useApi<{ users: UserView[] }>("/users");
  const [announcement, setAnnouncement] = useState("");
  const [secret, setSecret] = useState<OneTimeSecret>();
  const units =
    loaded.status === "ready" ? [...new Set(loaded.data.users.map((user) => user.unit))].sort() : [];

  const changed = (_user: UserView, text: string) => {
    setAnnouncement(text);
    loaded.reload();
  };

  return (
    <div className="admin-users">
      <h1>{t("admin.users.heading")}</h1>
      <p role="status" className="announcement">
        {announcement}
      </p>
      {secret === undefined ? null : <OneTimePassword secret={secret} onDone={() => setSecret(undefined)} />}
      <ShowLoaded loaded={loaded}>
        {(data) => (
          <UsersTable
            users={data.users}
            onChanged={changed}
            onSecret={(next) => {
              setAnnouncement(t("admin.announce.reset", { username: next.username }));
              setSecret(next);
              loaded.reload();
            }}
          />
        )}
      </ShowLoaded>
      <CreateUserForm
        knownUnits={units}
        onCreated={(created) => {
          setAnnouncement(t("admin.announce.created", { username: created.user.username }));
          if (created.oneTimePassword !== undefined) {
            setSecret({
              username: created.user.username,
              password: created.oneTimePassword,
              reason: "created",
            });
          }
          loaded.reload();
        }}
      />
    </div>
  );
}
