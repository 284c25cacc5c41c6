/**
 * What the node said when it refused, in words an officer can act on: a change by someone else
 * (reload), the treaty check blocking the step (its findings), the four-eyes rule, or the node's
 * own explanation with the provision behind it.
 */

import type { Finding } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { isCitation, useCitationText } from "./citation-text.js";
import { FindingView } from "./findings.js";
import { asApiError, problemText } from "./problem-text.js";

export function ProblemAlert({ error, onReload }: { error: unknown; onReload?: (() => void) | undefined }) {
  const { t } = useI18n();
  const citation = useCitationText();
  const problem = asApiError(error);
  const findings = Array.isArray(problem.problem.findings) ? (problem.problem.findings as Finding[]) : [];
  const cited = isCitation(problem.problem.citation) ? citation(problem.problem.citation) : undefined;
  let text: string;
  if (problem.code === "CONFLICT") text = t("requests.problem.conflict");
  else if (problem.code === "VALIDATION_BLOCKS") text = t("requests.problem.validation");
  else if (problem.code === "FOUR_EYES") text = t("requests.problem.fourEyes");
  else text = problemText(t, problem);
  return (
    <div role="alert" className="error problem">
      <p>
        {text}
        {cited !== undefined && <> ({cited})</>}
      </p>
      {findings.length > 0 && (
        <ul className="findings">
          {findings.map((finding) => (
            <FindingView key={`${finding.ruleId}${finding.path}`} finding={finding} />
          ))}
        </ul>
      )}
      {problem.code === "CONFLICT" && onReload !== undefined && (
        <button type="button" onClick={onReload}>
          {t("requests.problem.reload")}
        </button>
      )}
    </div>
  );
}
