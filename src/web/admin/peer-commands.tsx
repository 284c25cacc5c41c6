/**
 * Adding and revoking peers are done on the node's command line today, next to the fingerprint
 * ceremony they belong to (docs/node-cards.md). The page says so and gives the exact commands,
 * rather than offering buttons that do not exist.
 */
import { useI18n } from "../i18n/i18n.js";

const IMPORT = 'rogatory peer import --data DIR CARD.json --fingerprint "…"';
const REVOKE = 'rogatory peer revoke STATE --data DIR --reason "…"';
const LIST = "rogatory peer list --data DIR";

export function PeerCommands() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="peer-commands-heading" className="panel">
      <h2 id="peer-commands-heading">{t("admin.peers.cliHeading")}</h2>
      <p>{t("admin.peers.cliIntro")}</p>
      <dl className="commands">
        <dt>{t("admin.peers.cliImport")}</dt>
        <dd>
          <pre translate="no">
            <code>{IMPORT}</code>
          </pre>
        </dd>
        <dt>{t("admin.peers.cliRevoke")}</dt>
        <dd>
          <pre translate="no">
            <code>{REVOKE}</code>
          </pre>
        </dd>
        <dt>{t("admin.peers.cliList")}</dt>
        <dd>
          <pre translate="no">
            <code>{LIST}</code>
          </pre>
        </dd>
      </dl>
      <p className="hint">{t("admin.peers.cliStopNode")}</p>
    </section>
  );
}
