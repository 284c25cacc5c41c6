/**
 * One page of ledger entries, newest first, with a filter by event type prefix (the API has none,
 * so it filters the page in hand and says so). Each entry opens to its full JSON, and its
 * inclusion proof is fetched only when asked for.
 */
import { useState } from "react";
import { ActorName } from "../admin/actor-name.js";
import { useActorNames } from "../admin/actor-names.js";
import type { LedgerEntry, TreeHead } from "../admin/admin-types.js";
import { useI18n } from "../i18n/i18n.js";
import { entrySummary } from "./entry-summary.js";
import { InclusionProof } from "./inclusion-proof.js";

const COLUMNS = 6;

type RowProps = { entry: LedgerEntry; head: TreeHead; nameOf(actor: string): string | undefined };

function EntryRow({ entry, head, nameOf }: RowProps) {
  const { t, dateTime, number } = useI18n();
  const [proofShown, setProofShown] = useState(false);
  return (
    <>
      <tr>
        <th scope="row">{number(entry.index)}</th>
        <td>
          <time dateTime={entry.time}>{dateTime(entry.time)}</time>
        </td>
        <td>
          <code translate="no">{entry.type}</code>
        </td>
        <td>
          <ActorName actor={entry.actor} username={nameOf(entry.actor)} />
        </td>
        <td>
          <span translate="no">{entrySummary(entry, nameOf)}</span>
          <details>
            <summary>{t("audit.entries.details")}</summary>
            <pre translate="no">{JSON.stringify(entry, null, 2)}</pre>
          </details>
        </td>
        <td>
          <button
            type="button"
            aria-expanded={proofShown}
            aria-label={t("audit.entries.proofOf", { index: number(entry.index) })}
            onClick={() => setProofShown((shown) => !shown)}
          >
            {t("audit.entries.proof")}
          </button>
        </td>
      </tr>
      {proofShown ? (
        <tr className="row-detail">
          <td colSpan={COLUMNS}>
            <InclusionProof index={entry.index} head={head} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

type Props = { entries: readonly LedgerEntry[]; head: TreeHead };

export function LedgerEntries({ entries, head }: Props) {
  const { t, number } = useI18n();
  const [prefix, setPrefix] = useState("");
  const nameOf = useActorNames();
  const wanted = prefix.trim().toLowerCase();
  const shown = [...entries].reverse().filter((entry) => entry.type.startsWith(wanted));
  const types = [...new Set(entries.map((entry) => entry.type))].sort();
  const first = entries[0]?.index;
  const last = entries.at(-1)?.index;
  return (
    <>
      <div className="field">
        <label htmlFor="ledger-type-filter">{t("audit.entries.filter")}</label>
        <input
          id="ledger-type-filter"
          value={prefix}
          onChange={(event) => setPrefix(event.target.value)}
          list="ledger-types"
          spellCheck={false}
          autoComplete="off"
          aria-describedby="ledger-type-filter-hint"
        />
        <datalist id="ledger-types">
          {types.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
        <p id="ledger-type-filter-hint" className="hint">
          {t("audit.entries.filterHint")}
        </p>
      </div>
      <p role="status">
        {wanted === ""
          ? null
          : t("audit.entries.matching", { shown: number(shown.length), total: number(entries.length) })}
      </p>
      {first === undefined || last === undefined ? (
        <p>{t("audit.entries.none")}</p>
      ) : (
        <table className="ledger">
          <caption>{t("audit.entries.caption", { first: number(first), last: number(last) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("audit.entries.index")}</th>
              <th scope="col">{t("audit.entries.time")}</th>
              <th scope="col">{t("audit.entries.type")}</th>
              <th scope="col">{t("audit.entries.actor")}</th>
              <th scope="col">{t("audit.entries.summary")}</th>
              <th scope="col">{t("audit.entries.proofColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <EntryRow key={entry.index} entry={entry} head={head} nameOf={nameOf} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
