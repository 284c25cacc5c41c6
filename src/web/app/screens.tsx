/**
 * Every screen, who may open it, and whether it sits in the navigation. The node enforces the same
 * rules in its service layer; this table only keeps people from links that would be refused, and
 * shows a clear "no access" page when someone types such an address anyway.
 */
import type { ComponentType } from "react";
import { AdminNodePage } from "../admin/admin-node-page.js";
import { AdminPeersPage } from "../admin/admin-peers-page.js";
import { AdminUsersPage } from "../admin/admin-users-page.js";
import { LedgerPage } from "../audit/ledger-page.js";
import { ApprovalsQueue } from "../homes/approvals-queue.js";
import { ExecutionQueue } from "../homes/execution-queue.js";
import { Home } from "../homes/home.js";
import { RequestsList } from "../homes/requests-list.js";
import { UrgentQueue } from "../homes/urgent-queue.js";
import type { MessageKey } from "../i18n/messages/index.js";
import { RequestPage } from "../requests/request-page.js";
import { RequestWizard } from "../requests/request-wizard.js";
import { AccountPage } from "../session/account-page.js";
import { StatisticsPage } from "../statistics/statistics-page.js";
import type { Role } from "./api-types.js";

export type ScreenProps = { path: readonly string[] };

export type Screen = {
  /** The route: literal segments, `:name` for a parameter. */
  route: string;
  roles: readonly Role[] | "everyone";
  /** Shown in the navigation under this label; absent for screens reached from others. */
  nav?: MessageKey;
  component: ComponentType<ScreenProps>;
};

const OFFICERS: readonly Role[] = ["case-officer", "supervisor", "duty-officer", "executing-officer"];

export const SCREENS: readonly Screen[] = [
  { route: "", roles: "everyone", nav: "nav.home", component: Home },
  { route: "approvals", roles: ["supervisor"], nav: "nav.approvals", component: ApprovalsQueue },
  { route: "urgent", roles: ["duty-officer"], nav: "nav.urgent", component: UrgentQueue },
  { route: "execution", roles: ["executing-officer"], nav: "nav.execution", component: ExecutionQueue },
  { route: "requests", roles: [...OFFICERS, "auditor"], nav: "nav.requests", component: RequestsList },
  {
    route: "requests/new",
    roles: ["case-officer", "duty-officer"],
    nav: "nav.newRequest",
    component: RequestWizard,
  },
  { route: "requests/:id", roles: [...OFFICERS, "auditor"], component: RequestPage },
  { route: "statistics", roles: ["auditor", "supervisor"], nav: "nav.statistics", component: StatisticsPage },
  { route: "ledger", roles: ["auditor", "administrator"], nav: "nav.ledger", component: LedgerPage },
  { route: "admin/users", roles: ["administrator"], nav: "nav.users", component: AdminUsersPage },
  { route: "admin/peers", roles: ["administrator", "auditor"], nav: "nav.peers", component: AdminPeersPage },
  { route: "admin/node", roles: ["administrator"], nav: "nav.node", component: AdminNodePage },
  { route: "account", roles: "everyone", component: AccountPage },
];

const matches = (route: string, path: readonly string[]): boolean => {
  const parts = route === "" ? [] : route.split("/");
  return parts.length === path.length && parts.every((part, i) => part.startsWith(":") || part === path[i]);
};

/** The screen for a path: literal routes win over parameters (`requests/new` before `requests/:id`). */
export function screenFor(path: readonly string[]): Screen | undefined {
  return SCREENS.find((screen) => matches(screen.route, path));
}

export const mayOpen = (screen: Screen, role: Role): boolean =>
  screen.roles === "everyone" || screen.roles.includes(role);
