/**
 * Home: each role opens on what needs this person's action first. The role
 * comes from the session; the node still checks every call the home makes.
 */
import type { ComponentType } from "react";
import type { Role } from "../app/api-types.js";
import type { ScreenProps } from "../app/screens.js";
import { useSignedIn } from "../app/session.js";
import { AdministratorHome } from "./administrator-home.js";
import { AuditorHome } from "./auditor-home.js";
import { CaseOfficerHome, DutyOfficerHome, ExecutingOfficerHome, SupervisorHome } from "./officer-homes.js";

const HOMES: Readonly<Record<Role, ComponentType>> = {
  "case-officer": CaseOfficerHome,
  supervisor: SupervisorHome,
  "duty-officer": DutyOfficerHome,
  "executing-officer": ExecutingOfficerHome,
  auditor: AuditorHome,
  administrator: AdministratorHome,
};

export function Home(_props: ScreenProps) {
  const { user } = useSignedIn();
  const RoleHome = HOMES[user.role];
  return <RoleHome />;
}
