/**
 * The States this node trusts (administrators and auditors): each peer's card, keys and TLS
 * certificates with their fingerprints, and a loud alert for any peer caught in a split view.
 * Flagged peers come first, so the alert is the first thing on the page.
 */

import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { useActorNames } from "./actor-names.js";
import type { PeerView } from "./admin-types.js";
import { PeerCommands } from "./peer-commands.js";
import { PeerSection } from "./peer-section.js";
import "./admin.css";

const byConcern = (a: PeerView, b: PeerView): number =>
  Number(b.splitViews.length > 0) - Number(a.splitViews.length > 0) ||
  Number(a.status === "revoked") - Number(b.status === "revoked") ||
  a.state.localeCompare(b.state);

export function AdminPeersPage(_props: ScreenProps) {
  const { t, number } = useI18n();
  const loaded = useApi<PeerView[]>("/peers");
  const nameOf = useActorNames();
  return (
    <div className="admin-peers">
      <h1>{t("admin.peers.heading")}</h1>
      <p>{t("admin.peers.intro")}</p>
      <ShowLoaded loaded={loaded}>
        {(peers) => {
          const flagged = peers.filter((peer) => peer.splitViews.length > 0);
          return (
            <>
              <p>
                {t("admin.peers.count", {
                  count: number(peers.length),
                  active: number(peers.filter((peer) => peer.status === "active").length),
                })}
              </p>
              {flagged.length > 0 ? (
                <p className="error-text">
                  <strong>
                    {t("admin.peers.flaggedSummary", { states: flagged.map((p) => p.state).join(", ") })}
                  </strong>
                </p>
              ) : null}
              {peers.length === 0 ? <p>{t("admin.peers.none")}</p> : null}
              {[...peers].sort(byConcern).map((peer) => (
                <PeerSection key={peer.state} peer={peer} nameOf={nameOf} />
              ))}
            </>
          );
        }}
      </ShowLoaded>
      <PeerCommands />
    </div>
  );
}
