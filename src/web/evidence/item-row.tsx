/**
 * One evidence item in the request's table: what it is, where it stands, and the steps this person
 * may take on it. Its custody timeline and the form of a chosen step open in a row just below it,
 * so the reader never loses which item they are about.
 */
import { useId } from "react";
import { call } from "../app/api.js";
import { useI18n } from "../i18n/i18n.js";
import { CustodyTimeline } from "./custody-timeline.js";
import { formatSize } from "./evidence-format.js";
import type { EvidenceRights } from "./evidence-permissions.js";
import type { EvidenceItem } from "./evidence-types.js";
import { ReleaseForm, ReviewForm } from "./item-forms.js";
import { PurposeForm } from "./purpose-form.js";
import { saveResponse } from "./save-download.js";
import { ItemState, Verification } from "./verification.js";

export type ItemStep = "open" | "review" | "release";
export const ITEM_COLUMNS = 6;

export function ItemRow(props: {
  item: EvidenceItem;
  rights: EvidenceRights;
  /** This node's State and the State a release sends to. */
  ownState: string;
  releaseTo: string;
  /** Display names by `user:<id>`, for the custody timeline. */
  people: Readonly<Record<string, string>>;
  custodyShown: boolean;
  onToggleCustody(): void;
  step: ItemStep | undefined;
  onStep(step: ItemStep | undefined): void;
  onDone(message: string): void;
}) {
  const { t, number } = useI18n();
  const { item, rights, step } = props;
  const custodyId = useId();
  const done = (message: string) => {
    props.onStep(undefined);
    props.onDone(message);
  };
  const cancel = () => props.onStep(undefined);

  async function open(purpose: { use: "stated-proceedings" | "other-proceedings"; text: string }) {
    const response = await call("POST", `/evidence/${encodeURIComponent(item.id)}/open`, { purpose });
    await saveResponse(response, item.fileName);
    done(t("evidence.open.done", { name: item.fileName }));
  }

  return (
    <>
      <tr>
        <th scope="row">
          <span className="evidence-name">{item.fileName}</span>
          <span className="hint">
            {item.mediaType}
            {" · "}
            {item.direction === "received"
              ? t("evidence.origin.received", { state: item.originState })
              : t("evidence.origin.held", { state: item.originState })}
          </span>
        </th>
        <td title={item.size === null ? undefined : t("evidence.size.exact", { bytes: number(item.size) })}>
          {item.size === null ? t("evidence.notYetKnown") : formatSize(item.size, number)}
        </td>
        <td className="evidence-hash">
          {item.sha256 === null ? (
            t("evidence.notYetKnown")
          ) : (
            <details>
              <summary title={item.sha256}>
                <code dir="ltr">{item.sha256.slice(0, 12)}…</code>
                <span className="visually-hidden"> {t("evidence.sha256.showFull")}</span>
              </summary>
              <code className="evidence-hash-full" dir="ltr">
                {item.sha256}
              </code>
            </details>
          )}
        </td>
        <td>
          <ItemState state={item.state} />
        </td>
        <td>
          <Verification item={item} />
        </td>
        <td>
          <div className="evidence-item-actions">
            <button
              type="button"
              aria-expanded={props.custodyShown}
              aria-controls={props.custodyShown ? custodyId : undefined}
              onClick={props.onToggleCustody}
            >
              {t("evidence.custody.button")}
            </button>
            {rights.open(item) && (
              <button type="button" aria-expanded={step === "open"} onClick={() => props.onStep("open")}>
                {t("evidence.open.button")}
              </button>
            )}
            {rights.review(item) && (
              <button type="button" aria-expanded={step === "review"} onClick={() => props.onStep("review")}>
                {t("evidence.review.button")}
              </button>
            )}
            {rights.release(item) && (
              <button
                type="button"
                aria-expanded={step === "release"}
                onClick={() => props.onStep("release")}
              >
                {t("evidence.release.button")}
              </button>
            )}
          </div>
        </td>
      </tr>
      {props.custodyShown && (
        <tr className="evidence-detail">
          <td colSpan={ITEM_COLUMNS}>
            <CustodyTimeline item={item} ownState={props.ownState} people={props.people} id={custodyId} />
          </td>
        </tr>
      )}
      {step !== undefined && (
        <tr className="evidence-detail">
          <td colSpan={ITEM_COLUMNS}>
            {step === "open" && (
              <PurposeForm
                heading={t("evidence.open.title", { name: item.fileName })}
                confirmLabel={t("evidence.open.confirm")}
                onSubmit={open}
                onCancel={cancel}
              />
            )}
            {step === "review" && <ReviewForm item={item} onDone={done} onCancel={cancel} />}
            {step === "release" && (
              <ReleaseForm item={item} to={props.releaseTo} onDone={done} onCancel={cancel} />
            )}
          </td>
        </tr>
      )}
    </>
  );
}
