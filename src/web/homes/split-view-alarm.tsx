/**
 * The alarm no one may miss: a peer signed two different histories of its ledger, so what it says
 * can no longer be trusted until someone looks. Shown at the top of the administrator's and the
 * auditor's homes, announced as an alert, in words and not by colour alone.
 */
import { Link } from "../app/router.js";
import { useI18n } from "../i18n/i18n.js";
import type { PeerSummary } from "./home-types.js";

export function SplitViewAlarm({ peers }: { peers: readonly PeerSummary[] }) {
  const { t, dateTime } = useI18n();
  const detected = peers.flatMap((peer) => peer.splitViews.map((view) => ({ state: peer.state, ...view })));
  if (detected.length === 0) return null;
  return (
    <div role="alert" className="alarm">
      <h2>{t("homes.splitView.heading")}</h2>
      <p>{t("homes.splitView.explain")}</p>
      <ul>
        {detected.map((view) => (
          <li key={`${view.state}-${view.detectedAt}`}>
            {t("homes.splitView.item", {
              state: view.state,
              when: dateTime(view.detectedAt),
              reason: view.reason,
            })}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/admin/peers">{t("homes.splitView.review")}</Link>
      </p>
    </div>
  );
}
