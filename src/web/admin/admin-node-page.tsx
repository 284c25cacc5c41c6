/**
 * This node as other States know it (administrator): its State, software version and federation
 * address, the fingerprints of its signing and encryption keys and of its TLS certificate (what
 * the other administrators confirm in the ceremony), and what the State has declared per treaty.
 */

import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import type { NodeInfo, TreatySummary } from "./admin-types.js";
import { Fingerprint } from "./fingerprint.js";
import { OwnDeclarations } from "./own-declarations.js";
import "./admin.css";

function NodeKeys({ node }: { node: NodeInfo }) {
  const { t } = useI18n();
  const { signing, encryption, tlsCertificateSha256 } = node.keys;
  return (
    <table>
      <caption>{t("admin.node.keysCaption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("admin.node.key")}</th>
          <th scope="col">{t("admin.peer.keyId")}</th>
          <th scope="col">{t("admin.peer.fingerprint")}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t("admin.key.signing")}</th>
          <td>
            <code translate="no">{signing.keyId}</code>
          </td>
          <td>
            <Fingerprint value={signing.fingerprint} />
          </td>
        </tr>
        <tr>
          <th scope="row">{t("admin.key.encryption")}</th>
          <td>
            <code translate="no">{encryption.keyId}</code>
          </td>
          <td>
            <Fingerprint value={encryption.fingerprint} />
          </td>
        </tr>
        <tr>
          <th scope="row">{t("admin.node.tls")}</th>
          <td>—</td>
          <td>
            {tlsCertificateSha256 === null ? (
              t("admin.node.noTls")
            ) : (
              <Fingerprint value={tlsCertificateSha256} />
            )}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function NodeDetails({ node }: { node: NodeInfo }) {
  const { t, pick } = useI18n();
  const treaties = useApi<TreatySummary[]>("/treaties");
  const stateName = node.stateName === null ? node.state : `${pick(node.stateName)} (${node.state})`;
  return (
    <>
      <dl className="facts">
        <dt>{t("admin.node.state")}</dt>
        <dd>{stateName}</dd>
        <dt>{t("admin.node.version")}</dt>
        <dd>
          <code translate="no">{node.version}</code>
        </dd>
        <dt>{t("admin.node.federationUrl")}</dt>
        <dd>
          {node.federationUrl === null ? (
            t("admin.node.noFederation")
          ) : (
            <code translate="no">{node.federationUrl}</code>
          )}
        </dd>
      </dl>
      <h2>{t("admin.node.keysHeading")}</h2>
      <p>{t("admin.node.keysIntro")}</p>
      <NodeKeys node={node} />
      <p className="hint">
        {t("admin.node.cardHint")} <code translate="no">rogatory peer card --data DIR --out CARD.json</code>
      </p>
      <h2>{t("admin.node.declarationsHeading", { state: stateName })}</h2>
      {node.treaties.length === 0 ? <p>{t("admin.node.noTreaties")}</p> : null}
      {node.treaties.map((treatyId) => (
        <OwnDeclarations
          key={treatyId}
          state={node.state}
          treatyId={treatyId}
          treaty={
            treaties.status === "ready" ? treaties.data.find((treaty) => treaty.id === treatyId) : undefined
          }
        />
      ))}
    </>
  );
}

export function AdminNodePage(_props: ScreenProps) {
  const { t } = useI18n();
  const loaded = useApi<NodeInfo>("/node");
  return (
    <div className="admin-node">
      <h1>{t("admin.node.heading")}</h1>
      <ShowLoaded loaded={loaded}>{(node) => <NodeDetails node={node} />}</ShowLoaded>
    </div>
  );
}
