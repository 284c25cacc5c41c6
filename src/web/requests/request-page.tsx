/**
 * `#/requests/<id>`: one request. Its header and the actions this person may take first (for a
 * draft its author may still change, the request form to continue it), then what presses —
 * deadlines with countdowns, decisions, the findings where someone must judge it — then its
 * contents, the timeline of states and messages, and its evidence. After an action the page
 * reloads and announces the new state.
 */
import { useRef, useState } from "react";
import type { Correspondence, RequestDetail, ValidationResult } from "../app/api-types.js";
import { ShowLoaded } from "../app/loaded.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { EvidencePanel } from "../evidence/evidence-panel.js";
import { useI18n } from "../i18n/i18n.js";
import { ActionPanel } from "./action-panel.js";
import { DeadlinesSection } from "./deadlines-section.js";
import { DecisionsSection } from "./decisions-section.js";
import type { DraftDocument } from "./document-model.js";
import { DocumentView } from "./document-view.js";
import { RequestForm } from "./request-form.js";
import { RequestHeader } from "./request-header.js";
import { useWords } from "./request-words.js";
import { findingsRelevant, StoredFindings } from "./stored-findings.js";
import { TimelineSection } from "./timeline-section.js";
import { combine, type Declarations, type Pack } from "./treaty-data.js";
import "./requests.css";

/** A draft its reader may still change: the node offers them `submit`, which only the drafting unit's officers get. */
const isEditableDraft = (detail: RequestDetail) =>
  detail.state === "draft" && detail.actions.includes("submit");

export function RequestPage({ path }: ScreenProps) {
  const { t } = useI18n();
  const words = useWords();
  const id = path[1] ?? "";
  const detail = useApi<RequestDetail>(`/requests/${encodeURIComponent(id)}`);
  const current = detail.status === "ready" && detail.data.id === id ? detail.data : undefined;
  const treaty = current?.treaty;
  const pack = useApi<Pack>(treaty && `/treaties/${encodeURIComponent(treaty)}`);
  const declarations = useApi<Declarations[]>(
    treaty && `/treaties/${encodeURIComponent(treaty)}/declarations`,
  );
  const messages = useApi<Correspondence>(`/requests/${encodeURIComponent(id)}/messages`);
  const findings = useApi<ValidationResult>(
    current && findingsRelevant(current.direction, current.state)
      ? `/requests/${current.id}/findings`
      : undefined,
  );
  // Kept as ids, worded when shown: a language switched after the action rewords it too.
  const [announcement, setAnnouncement] = useState<
    { id: string; action: string; state: string } | undefined
  >();
  const heading = useRef<HTMLHeadingElement>(null);

  const reload = () => {
    detail.reload();
    messages.reload();
    findings.reload();
  };
  const announce = (action: string, state: string) => {
    setAnnouncement({ id, action, state });
    reload();
    // The action's form is gone: keyboard users go on from the top of the request, not the page's.
    // Focus goes to the heading, not the live region, which would then be read out twice.
    heading.current?.focus();
  };

  const loaded = combine(detail, combine(pack, declarations));
  return (
    <ShowLoaded loaded={loaded}>
      {([request, [loadedPack, loadedDeclarations]]) =>
        request.id !== id || loadedPack.id !== request.treaty ? (
          <p aria-busy="true">{t("app.loading")}</p>
        ) : (
          <article className="request-page">
            <RequestHeader
              detail={request}
              pack={loadedPack}
              declarations={loadedDeclarations}
              headingRef={heading}
            />
            <p role="status" className="announcement">
              {announcement?.id === id
                ? t("requests.actions.done", {
                    action: words.action(announcement.action),
                    state: words.state(announcement.state),
                  })
                : ""}
            </p>
            <ActionPanel
              detail={request}
              pack={loadedPack}
              hidden={isEditableDraft(request) ? ["submit"] : []}
              onDone={(action, record) => announce(action, record.state)}
              onReload={reload}
            />
            {isEditableDraft(request) && (
              <RequestForm
                key={request.id}
                pack={loadedPack}
                declarations={loadedDeclarations}
                ownState={request.requestingState}
                initial={request.document as DraftDocument}
                stored={{ id: request.id, version: request.version }}
                onSaved={reload}
                onSubmitted={() => announce("submit", "awaiting-approval")}
              />
            )}
            <DeadlinesSection deadlines={request.deadlines} />
            <DecisionsSection
              decisions={request.decisions}
              people={request.people}
              pack={loadedPack}
              counterpart={words.stateName(
                request.direction === "outgoing" ? request.requestedState : request.requestingState,
                loadedDeclarations,
              )}
            />
            <StoredFindings loaded={findings} />
            {!isEditableDraft(request) && <DocumentView document={request.document} pack={loadedPack} />}
            <TimelineSection detail={request} messages={messages} declarations={loadedDeclarations} />
            <EvidencePanel request={request} onChange={reload} />
          </article>
        )
      }
    </ShowLoaded>
  );
}
