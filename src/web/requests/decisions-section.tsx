/**
 * The decisions taken on a request, by either State: the outcome, the refusal grounds with their
 * titles and articles from the pack, the conditions with their type, the reasons, who and when.
 */
import { useId } from "react";
import type { RequestDetail } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { useCitationText } from "./citation-text.js";
import { useValueLabel } from "./enum-labels.js";
import { isEnumValue } from "./enum-values.js";
import { Labelled } from "./message-parts.js";
import { useWords } from "./request-words.js";
import type { Pack } from "./treaty-data.js";

type Decision = RequestDetail["decisions"][number];

const asCondition = (value: unknown): { type: string; text: string } | undefined =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { type?: unknown }).type === "string" &&
  typeof (value as { text?: unknown }).text === "string"
    ? (value as { type: string; text: string })
    : undefined;

function DecisionView({
  decision,
  pack,
  counterpart,
  people,
}: {
  decision: Decision;
  pack: Pack;
  counterpart: string;
  people: RequestDetail["people"];
}) {
  const { t, pick, dateTime } = useI18n();
  const words = useWords();
  const citation = useCitationText();
  const valueLabel = useValueLabel();
  const conditions = decision.conditions.map(asCondition).filter((c) => c !== undefined);
  return (
    <li className="decision panel">
      <p>
        <strong className="outcome">{words.state(decision.outcome)}</strong>{" "}
        <span className="hint">
          {/* The node records the other State's decisions as they arrive: they are that State's. */}
          {decision.decidedBy === "system"
            ? t("requests.decisions.decidedByState", {
                state: counterpart,
                date: dateTime(decision.decidedAt),
              })
            : t("requests.decisions.decided", {
                actor: words.actor(decision.decidedBy, people),
                date: dateTime(decision.decidedAt),
              })}
        </span>
      </p>
      <dl className="facts">
        {decision.grounds.length > 0 && (
          <div>
            <dt>{t("requests.decisions.grounds")}</dt>
            <dd>
              <ul>
                {decision.grounds.map((code) => {
                  const ground = pack.refusalGrounds.find((g) => g.code === code);
                  return (
                    <li key={code}>
                      {ground ? (
                        <>
                          {pick(ground.title)} <cite>{citation(ground.citation)}</cite>
                        </>
                      ) : (
                        code
                      )}
                    </li>
                  );
                })}
              </ul>
            </dd>
          </div>
        )}
        {conditions.length > 0 && (
          <div>
            <dt>{t("requests.decisions.conditions")}</dt>
            <dd>
              <ul>
                {conditions.map((condition, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: conditions are kept in the order given and never move.
                  <li key={index}>
                    <Labelled
                      label={isEnumValue(condition.type) ? valueLabel(condition.type) : condition.type}
                    >
                      {condition.text}
                    </Labelled>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {decision.reasons !== null && (
          <div>
            <dt>{t("requests.decisions.reasons")}</dt>
            <dd className="prose">{decision.reasons}</dd>
          </div>
        )}
      </dl>
    </li>
  );
}

export function DecisionsSection(props: {
  decisions: RequestDetail["decisions"];
  people: RequestDetail["people"];
  pack: Pack;
  /** The other State, as the page names it. */
  counterpart: string;
}) {
  const { decisions, pack, counterpart, people } = props;
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("requests.decisions.title")}</h2>
      {decisions.length === 0 ? (
        <p>{t("requests.decisions.none")}</p>
      ) : (
        <ol className="decisions">
          {decisions.map((decision) => (
            <DecisionView
              key={decision.id}
              decision={decision}
              pack={pack}
              counterpart={counterpart}
              people={people}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
