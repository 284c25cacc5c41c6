/**
 * The engine's findings on a stored request, where someone must judge it: a supervisor before
 * approving, the receiving State's officers while reviewing. Someone who may not validate (an
 * auditor) simply does not see the section.
 */
import { useId } from "react";
import type { ValidationResult } from "../app/api-types.js";
import type { Loaded } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import { FindingView } from "./findings.js";

/** States in which the findings help the person deciding what to do next. */
const RELEVANT: Readonly<Record<"outgoing" | "incoming", readonly string[]>> = {
  outgoing: ["awaiting-approval", "approved", "more-info-requested"],
  incoming: ["received", "acknowledged", "under-review", "consultation", "more-info-requested", "postponed"],
};

export const findingsRelevant = (direction: "outgoing" | "incoming", state: string): boolean =>
  RELEVANT[direction].includes(state);

export function StoredFindings({ loaded }: { loaded: Loaded<ValidationResult> }) {
  const { t } = useI18n();
  const headingId = useId();
  if (loaded.status !== "ready") return null;
  const { findings } = loaded.data;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("requests.storedFindings.title")}</h2>
      {findings.length === 0 ? (
        <p className="ok-text">{t("requests.findings.none")}</p>
      ) : (
        <ul className="findings">
          {findings.map((finding) => (
            <FindingView key={`${finding.ruleId}${finding.path}`} finding={finding} />
          ))}
        </ul>
      )}
    </section>
  );
}
