/**
 * The ledger (auditors and administrators): the newest signed tree head, and the entries page by
 * page, starting at the page that holds the newest signed entry. Reading the ledger is itself not
 * recorded; signing a head is.
 */
import { useState } from "react";
import type { LedgerEntry, TreeHead } from "../admin/admin-types.js";
import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { LedgerEntries } from "./ledger-entries.js";
import { TreeHeadPanel } from "./tree-head-panel.js";
import "../admin/admin.css";

export const PAGE_SIZE = 50;

/** The first index of the page holding the last entry of a ledger of `size` entries. */
const lastPageFrom = (size: number): number => Math.floor(Math.max(size - 1, 0) / PAGE_SIZE) * PAGE_SIZE;

function Entries({ head, uncovered }: { head: TreeHead; uncovered: boolean }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<number>();
  const from = chosen ?? lastPageFrom(head.size);
  const loaded = useApi<LedgerEntry[]>(`/ledger/entries?from=${from}&limit=${PAGE_SIZE}`);
  // A full page may be the last one; there is more only past the signed size or when the probe saw some.
  const more =
    loaded.status === "ready" &&
    loaded.data.length === PAGE_SIZE &&
    (from + PAGE_SIZE < head.size || uncovered);
  return (
    <section aria-labelledby="entries-heading">
      <h2 id="entries-heading">{t("audit.entries.heading")}</h2>
      <nav className="actions" aria-label={t("audit.entries.pages")}>
        <button type="button" disabled={!more} onClick={() => setChosen(from + PAGE_SIZE)}>
          {t("audit.entries.newer")}
        </button>
        <button type="button" disabled={from === 0} onClick={() => setChosen(Math.max(from - PAGE_SIZE, 0))}>
          {t("audit.entries.older")}
        </button>
      </nav>
      <ShowLoaded loaded={loaded}>{(entries) => <LedgerEntries entries={entries} head={head} />}</ShowLoaded>
    </section>
  );
}

function Ledger({ head, onSigned }: { head: TreeHead; onSigned(): void }) {
  // One entry past the signed size tells whether anything happened since the head was signed.
  const after = useApi<LedgerEntry[]>(`/ledger/entries?from=${head.size}&limit=1`);
  const uncovered = after.status === "ready" && after.data.length > 0;
  return (
    <>
      <TreeHeadPanel head={head} uncovered={uncovered} onSigned={onSigned} />
      <Entries head={head} uncovered={uncovered} />
    </>
  );
}

export function LedgerPage(_props: ScreenProps) {
  const { t } = useI18n();
  const head = useApi<TreeHead>("/ledger/head");
  return (
    <div className="ledger-page">
      <h1>{t("audit.heading")}</h1>
      <p>{t("audit.intro")}</p>
      <ShowLoaded loaded={head}>{(data) => <Ledger head={data} onSigned={head.reload} />}</ShowLoaded>
    </div>
  );
}
