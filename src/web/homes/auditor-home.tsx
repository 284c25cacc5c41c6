/**
 * The auditor's home: the latest signed tree head of this node's ledger (how many entries it
 * vouches for, when, and its root, to compare with a copy held elsewhere), the headline figures,
 * and any split view a peer committed.
 */
import { ShowLoaded } from "../app/loaded.js";
import { Link } from "../app/router.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import type { PeerSummary, StatisticsSummary, TreeHeadView } from "./home-types.js";
import { SplitViewAlarm } from "./split-view-alarm.js";

function LedgerSummary() {
  const { t, number, dateTime } = useI18n();
  const head = useApi<TreeHeadView>("/ledger/head");
  return (
    <section className="panel" aria-labelledby="home-ledger">
      <h2 id="home-ledger">{t("homes.auditor.ledger")}</h2>
      <ShowLoaded loaded={head}>
        {(signed) => (
          <dl className="home-facts">
            <dt>{t("homes.auditor.entries")}</dt>
            <dd>{number(signed.size)}</dd>
            <dt>{t("homes.auditor.signedAt")}</dt>
            <dd>
              <time dateTime={new Date(signed.timestamp).toISOString()}>
                {dateTime(new Date(signed.timestamp).toISOString())}
              </time>
            </dd>
            <dt>{t("homes.auditor.root")}</dt>
            <dd>
              <code dir="ltr">{signed.root}</code>
            </dd>
            <dt>{t("homes.auditor.logId")}</dt>
            <dd>
              <code dir="ltr">{signed.logId}</code>
            </dd>
          </dl>
        )}
      </ShowLoaded>
      <Link to="/ledger">{t("homes.openLedger")}</Link>
    </section>
  );
}

function StatisticsHeadlines() {
  const { t, number } = useI18n();
  const statistics = useApi<StatisticsSummary>("/statistics");
  const total = (figures: StatisticsSummary, direction: "outgoing" | "incoming") =>
    figures.requests.filter((row) => row.direction === direction).reduce((sum, row) => sum + row.count, 0);
  return (
    <section className="panel" aria-labelledby="home-statistics">
      <h2 id="home-statistics">{t("homes.auditor.statistics")}</h2>
      <ShowLoaded loaded={statistics}>
        {(figures) => (
          <dl className="home-facts">
            <dt>{t("homes.auditor.sent")}</dt>
            <dd>{number(total(figures, "outgoing"))}</dd>
            <dt>{t("homes.auditor.received")}</dt>
            <dd>{number(total(figures, "incoming"))}</dd>
            <dt>{t("homes.auditor.overdue")}</dt>
            <dd>{number(figures.overdue.total)}</dd>
          </dl>
        )}
      </ShowLoaded>
      <Link to="/statistics">{t("homes.auditor.openStatistics")}</Link>
    </section>
  );
}

export function AuditorHome() {
  const { t } = useI18n();
  const peers = useApi<PeerSummary[]>("/peers");
  return (
    <>
      <h1>{t("homes.auditor.heading")}</h1>
      {/* Only the alarm uses the peers here; a failure to load them is the peers screen's to show. */}
      {peers.status === "ready" && <SplitViewAlarm peers={peers.data} />}
      <div className="home-cards">
        <LedgerSummary />
        <StatisticsHeadlines />
      </div>
      <p>
        <Link to="/requests">{t("homes.auditor.allRequests")}</Link>
      </p>
    </>
  );
}
