/**
 * The evidence section of a request: its items with their verification and custody, the steps this
 * person may take on each (open, review, release), the court bundle export, the upload for the
 * executing officer of the requested State, and the consents to other uses (Art. 40(19)).
 */
import { useRef, useState } from "react";
import { call } from "../app/api.js";
import type { RequestDetail } from "../app/api-types.js";
import { ShowLoaded } from "../app/loaded.js";
import { useSignedIn } from "../app/session.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { ConsentsSection } from "./consents-section.js";
import { evidenceRights } from "./evidence-permissions.js";
import type { EvidenceItem, Purpose } from "./evidence-types.js";
import { ItemRow, type ItemStep } from "./item-row.js";
import { PurposeForm } from "./purpose-form.js";
import { saveResponse } from "./save-download.js";
import { UploadForm } from "./upload-form.js";
import "./evidence.css";

export function EvidencePanel({ request, onChange }: { request: RequestDetail; onChange(): void }) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const path = `/requests/${encodeURIComponent(request.id)}`;
  const items = useApi<EvidenceItem[]>(`${path}/evidence`);
  const rights = evidenceRights(user, request);
  const [custodyShown, setCustodyShown] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState<{ itemId: string; step: ItemStep } | "export" | undefined>();
  const [announcement, setAnnouncement] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  // This node's State: the requested one for an incoming request, the requesting one otherwise.
  const ownState = request.direction === "incoming" ? request.requestedState : request.requestingState;

  const changed = (message?: string) => {
    if (message !== undefined) {
      setAnnouncement(message);
      // The form that was focused is gone: keyboard users go on from this section, not the page top.
      // Focus goes to its heading, not the live region, which would then be read out twice.
      headingRef.current?.focus();
    }
    items.reload();
    onChange();
  };

  const toggleCustody = (itemId: string) =>
    setCustodyShown((shown) => {
      const next = new Set(shown);
      if (!next.delete(itemId)) next.add(itemId);
      return next;
    });

  async function exportBundle(purpose: Purpose) {
    const response = await call("POST", `${path}/evidence/export`, { purpose });
    await saveResponse(response, `court-bundle-${request.reference}.tar`);
    setActive(undefined);
    changed(t("evidence.export.done"));
  }

  return (
    <section className="evidence" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading" ref={headingRef} tabIndex={-1}>
        {t("evidence.title")}
      </h2>
      <p role="status" className="evidence-announcement">
        {announcement}
      </p>
      <ShowLoaded loaded={items}>
        {(list) => (
          <>
            {list.length === 0 ? (
              <p>{t("evidence.none")}</p>
            ) : (
              <div className="evidence-table-wrap">
                <table className="evidence-table">
                  <caption>{t("evidence.table.caption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("evidence.column.file")}</th>
                      <th scope="col">{t("evidence.column.size")}</th>
                      <th scope="col">{t("evidence.column.sha256")}</th>
                      <th scope="col">{t("evidence.column.state")}</th>
                      <th scope="col">{t("evidence.column.verification")}</th>
                      <th scope="col">{t("evidence.column.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((item) => (
                      <ItemRow
                        key={item.id}
                        item={item}
                        rights={rights}
                        ownState={ownState}
                        releaseTo={request.requestingState}
                        people={request.people}
                        custodyShown={custodyShown.has(item.id)}
                        onToggleCustody={() => toggleCustody(item.id)}
                        step={
                          typeof active === "object" && active.itemId === item.id ? active.step : undefined
                        }
                        onStep={(step) =>
                          setActive(step === undefined ? undefined : { itemId: item.id, step })
                        }
                        onDone={changed}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {rights.export(list) && (
              <div className="actions">
                <button type="button" aria-expanded={active === "export"} onClick={() => setActive("export")}>
                  {t("evidence.export.button")}
                </button>
              </div>
            )}
            {active === "export" && (
              <PurposeForm
                heading={t("evidence.export.title")}
                confirmLabel={t("evidence.export.confirm")}
                onSubmit={exportBundle}
                onCancel={() => setActive(undefined)}
              />
            )}
          </>
        )}
      </ShowLoaded>
      {rights.upload && <UploadForm requestId={request.id} onUploaded={() => changed()} />}
      <ConsentsSection request={request} rights={rights} />
    </section>
  );
}
