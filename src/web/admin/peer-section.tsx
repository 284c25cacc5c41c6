/**
 * One trusted State as its card describes it: status, endpoint, the fingerprint that was confirmed
 * in the ceremony and by whom, every key and TLS certificate with its validity, and any split view.
 */
import { useI18n } from "../i18n/i18n.js";
import type { PeerView } from "./admin-types.js";
import { Fingerprint } from "./fingerprint.js";
import { SplitViewAlert } from "./split-view-alert.js";

function Validity({
  from,
  until,
  revoked,
}: {
  from: string;
  until?: string | undefined;
  revoked?: string | undefined;
}) {
  const { t, dateTime } = useI18n();
  return (
    <>
      {t("admin.peer.validFrom", { from: dateTime(from) })}
      {until === undefined ? null : <> {t("admin.peer.validUntil", { until: dateTime(until) })}</>}
      {revoked === undefined ? null : <> {t("admin.peer.keyRevoked", { when: dateTime(revoked) })}</>}
    </>
  );
}

const current = (t: (key: "admin.peer.current" | "admin.peer.notCurrent") => string, yes: boolean) =>
  t(yes ? "admin.peer.current" : "admin.peer.notCurrent");

type Props = { peer: PeerView; nameOf(actor: string): string | undefined };

export function PeerSection({ peer, nameOf }: Props) {
  const { t, dateTime, number } = useI18n();
  const heading = `peer-${peer.state}`;
  const who = (actor: string) => {
    const username = nameOf(actor);
    return username === undefined ? actor : `${username} (${actor})`;
  };
  return (
    <section
      aria-labelledby={heading}
      className={`panel peer ${peer.splitViews.length > 0 ? "flagged" : ""}`}
    >
      <h2 id={heading}>
        <span translate="no">{peer.state}</span> — {peer.authority}{" "}
        <span className={`badge peer-${peer.status}`}>
          {t(peer.status === "active" ? "admin.peer.active" : "admin.peer.revoked")}
        </span>
        {peer.splitViews.length > 0 ? <span className="badge flag">{t("admin.peer.flagged")}</span> : null}
      </h2>
      {peer.splitViews.map((split) => (
        <SplitViewAlert key={split.ledgerIndex} state={peer.state} split={split} />
      ))}
      <dl className="facts">
        <dt>{t("admin.peer.endpoint")}</dt>
        <dd>
          <code translate="no">{peer.endpoint}</code>
        </dd>
        {peer.status === "revoked" && peer.revokedAt !== null ? (
          <>
            <dt>{t("admin.peer.revokedAt")}</dt>
            <dd>
              {t("admin.peer.revokedBy", { when: dateTime(peer.revokedAt), who: who(peer.revokedBy ?? "") })}
            </dd>
          </>
        ) : null}
        <dt>{t("admin.peer.card")}</dt>
        <dd>
          {t("admin.peer.cardDetails", {
            sequence: number(peer.sequence),
            issued: dateTime(peer.issued),
            declarations: peer.declarationsVersion,
          })}
        </dd>
        <dt>{t("admin.peer.confirmed")}</dt>
        <dd>
          <Fingerprint value={peer.fingerprintConfirmed} />
          <span className="hint">
            {t("admin.peer.confirmedBy", { who: who(peer.confirmedBy), when: dateTime(peer.confirmedAt) })}
          </span>
        </dd>
        <dt>{t("admin.peer.signingNow")}</dt>
        <dd>
          {peer.signingFingerprints.length === 0 ? (
            <span className="warning-text">{t("admin.peer.noSigningKey")}</span>
          ) : (
            <ul className="plain">
              {peer.signingFingerprints.map((value) => (
                <li key={value}>
                  <Fingerprint value={value} />
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <table>
        <caption>{t("admin.peer.keysCaption", { state: peer.state })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.peer.keyId")}</th>
            <th scope="col">{t("admin.peer.use")}</th>
            <th scope="col">{t("admin.peer.fingerprint")}</th>
            <th scope="col">{t("admin.peer.validity")}</th>
          </tr>
        </thead>
        <tbody>
          {peer.keys.map((key) => (
            <tr key={`${key.use}-${key.kid}`}>
              <th scope="row">
                <code translate="no">{key.kid}</code>
              </th>
              <td>{t(key.use === "sig" ? "admin.key.signing" : "admin.key.encryption")}</td>
              <td>
                <Fingerprint value={key.fingerprint} />
              </td>
              <td>
                <strong>{current(t, key.current)}</strong>{" "}
                <Validity from={key.notBefore} until={key.notAfter} revoked={key.revokedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t("admin.peer.tlsCaption", { state: peer.state })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.peer.tlsHash")}</th>
            <th scope="col">{t("admin.peer.validity")}</th>
          </tr>
        </thead>
        <tbody>
          {peer.tls.map((tls) => (
            <tr key={tls.fingerprint}>
              <td>
                <Fingerprint value={tls.fingerprint} />
              </td>
              <td>
                <strong>{current(t, tls.current)}</strong>{" "}
                <Validity from={tls.notBefore} until={tls.notAfter} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {peer.actions.includes("revoke") ? (
        <p className="hint">
          {t("admin.peer.revokeHint", { state: peer.state })}{" "}
          <code translate="no">{`rogatory peer revoke ${peer.state} --data DIR --reason "…"`}</code>
        </p>
      ) : null}
    </section>
  );
}
