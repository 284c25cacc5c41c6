/** The top of a request's page: its reference, kind, direction and counterpart, state and urgency. */
import type { RefObject } from "react";
import type { RequestDetail } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { useValueLabel } from "./enum-labels.js";
import { isEnumValue } from "./enum-values.js";
import { useWords } from "./request-words.js";
import { type Declarations, kindOf, type Pack } from "./treaty-data.js";

export function RequestHeader(props: {
  detail: RequestDetail;
  pack: Pack;
  declarations: readonly Declarations[];
  /** The page moves focus here after an action, whose form has gone (tabIndex -1 makes it focusable). */
  headingRef?: RefObject<HTMLHeadingElement | null>;
}) {
  const { detail, pack, declarations } = props;
  const { t, pick, dateTime } = useI18n();
  const words = useWords();
  const valueLabel = useValueLabel();
  const kind = kindOf(pack, detail.kind);
  const outgoing = detail.direction === "outgoing";
  const counterpart = words.stateName(
    outgoing ? detail.requestedState : detail.requestingState,
    declarations,
  );
  return (
    <div className="request-header">
      <h1 ref={props.headingRef} tabIndex={-1}>
        {detail.reference}
      </h1>
      <p className="kind-title">{kind ? pick(kind.title) : detail.kind}</p>
      <dl className="facts">
        <div>
          <dt>{t("requests.page.direction")}</dt>
          <dd>{t(outgoing ? "requests.page.outgoing" : "requests.page.incoming", { state: counterpart })}</dd>
        </div>
        <div>
          <dt>{t("requests.page.state")}</dt>
          <dd>
            <span className="badge">{words.state(detail.state)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("requests.setup.urgency")}</dt>
          <dd>{isEnumValue(detail.urgency) ? valueLabel(detail.urgency) : detail.urgency}</dd>
        </div>
        <div>
          <dt>{t("requests.setup.treaty")}</dt>
          <dd>{pick(pack.title)}</dd>
        </div>
        <div>
          <dt>{t("requests.page.updated")}</dt>
          <dd>
            <time dateTime={detail.updatedAt}>{dateTime(detail.updatedAt)}</time>
          </dd>
        </div>
      </dl>
    </div>
  );
}
