/**
 * An entry's inclusion proof, fetched on demand and described for what it is: the node's own
 * computation that the entry's leaf, with the listed sibling hashes, leads to the root of the
 * tree. When the tree is the one the newest signed head covers, the roots are compared, so the
 * reader sees whether the entry is inside what the node signed.
 */

import type { InclusionProof as Proof, TreeHead } from "../admin/admin-types.js";
import { ShowLoaded } from "../app/loaded.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";

export function InclusionProof({ index, head }: { index: number; head: TreeHead }) {
  const { t, number } = useI18n();
  // Against the signed head when it covers the entry, so the two roots can be compared.
  const sized = index < head.size ? `&size=${head.size}` : "";
  const loaded = useApi<Proof>(`/ledger/proofs/inclusion?index=${index}${sized}`);
  return (
    <div className="inclusion-proof">
      <ShowLoaded loaded={loaded}>
        {(proof) => (
          <>
            <p>{t("audit.proof.byNode", { index: number(proof.index), size: number(proof.size) })}</p>
            <dl className="facts">
              <dt>{t("audit.proof.leafHash")}</dt>
              <dd>
                <code className="hash" translate="no">
                  {proof.leafHash}
                </code>
              </dd>
              <dt>{t("audit.proof.root")}</dt>
              <dd>
                <code className="hash" translate="no">
                  {proof.root}
                </code>
              </dd>
            </dl>
            {proof.size !== head.size ? (
              <p className="warning-text">{t("audit.proof.notSigned")}</p>
            ) : proof.root === head.root ? (
              <p className="ok-text">{t("audit.proof.matchesHead", { size: number(head.size) })}</p>
            ) : (
              <p role="alert" className="error-text">
                <strong>{t("audit.proof.differsFromHead", { size: number(head.size) })}</strong>
              </p>
            )}
            {proof.proof.length > 0 ? (
              <details>
                <summary>{t("audit.proof.showHashes", { count: number(proof.proof.length) })}</summary>
                <ol className="hashes">
                  {proof.proof.map((hash) => (
                    <li key={hash}>
                      <code className="hash" translate="no">
                        {hash}
                      </code>
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
            <p className="hint">{t("audit.proof.notBrowser")}</p>
          </>
        )}
      </ShowLoaded>
    </div>
  );
}
