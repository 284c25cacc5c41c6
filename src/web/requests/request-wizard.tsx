/**
 * `#/requests/new`: a new outgoing request. The officer picks the case (or opens one), the treaty,
 * then the requested State, kind and urgency; the shared request form does the rest. The first
 * save opens the case if it is new and creates the draft; from then on the case, treaty and kind
 * stay as they are.
 */
import { useId, useState } from "react";
import { api } from "../app/api.js";
import type { CaseView, RequestView } from "../app/api-types.js";
import { ShowLoaded } from "../app/loaded.js";
import { navigate } from "../app/router.js";
import type { ScreenProps } from "../app/screens.js";
import { useApi } from "../app/use-api.js";
import { useI18n } from "../i18n/i18n.js";
import type { DraftDocument } from "./document-model.js";
import { newSuffix } from "./draft-defaults.js";
import { RequestForm } from "./request-form.js";
import { combine, type Declarations, type NodeInfo, type Pack, type TreatySummary } from "./treaty-data.js";
import "./requests.css";

const NEW_CASE = "new";
const PREFERRED_TREATY = "uncc-2024";

function CaseAndTreaty(props: {
  cases: readonly CaseView[];
  treaties: readonly TreatySummary[];
  choice: string;
  onChoice(choice: string): void;
  title: string;
  onTitle(title: string): void;
  reference: string;
  onReference(reference: string): void;
  treaty: string;
  onTreaty(treaty: string): void;
  locked: boolean;
}) {
  const { t, pick } = useI18n();
  const id = useId();
  return (
    <>
      <div className="control">
        <label htmlFor={`${id}-case`}>{t("requests.setup.case")}</label>
        <select
          id={`${id}-case`}
          value={props.choice}
          disabled={props.locked}
          onChange={(e) => props.onChoice(e.target.value)}
        >
          <option value={NEW_CASE}>{t("requests.setup.newCase")}</option>
          {props.cases.map((c) => (
            <option key={c.id} value={c.id}>
              {t("requests.setup.caseOption", { reference: c.reference, title: c.title })}
            </option>
          ))}
        </select>
      </div>
      {props.choice === NEW_CASE && (
        <>
          <div className="control">
            <label htmlFor={`${id}-title`}>{t("requests.setup.caseTitle")}</label>
            <input
              id={`${id}-title`}
              value={props.title}
              aria-required
              onChange={(e) => props.onTitle(e.target.value)}
            />
          </div>
          <div className="control">
            <label htmlFor={`${id}-reference`}>{t("requests.setup.caseReference")}</label>
            <input
              id={`${id}-reference`}
              value={props.reference}
              aria-required
              onChange={(e) => props.onReference(e.target.value)}
            />
          </div>
        </>
      )}
      <div className="control">
        <label htmlFor={`${id}-treaty`}>{t("requests.setup.treaty")}</label>
        <select
          id={`${id}-treaty`}
          value={props.treaty}
          disabled={props.locked}
          onChange={(e) => props.onTreaty(e.target.value)}
        >
          {props.treaties.map((treaty) => (
            <option key={treaty.id} value={treaty.id}>
              {pick(treaty.title)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

function Wizard({ node, cases, treaties }: { node: NodeInfo; cases: CaseView[]; treaties: TreatySummary[] }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState(NEW_CASE);
  const [title, setTitle] = useState("");
  const [reference, setReference] = useState(
    () => `${node.state}-CASE-${new Date().getFullYear()}-${newSuffix()}`,
  );
  const [opened, setOpened] = useState<CaseView[]>([]);
  const [treaty, setTreaty] = useState(
    treaties.some((x) => x.id === PREFERRED_TREATY) ? PREFERRED_TREATY : (treaties[0]?.id ?? ""),
  );
  const [saved, setSaved] = useState(false);
  const pack = useApi<Pack>(`/treaties/${encodeURIComponent(treaty)}`);
  const declarations = useApi<Declarations[]>(`/treaties/${encodeURIComponent(treaty)}/declarations`);

  const blocker =
    choice === NEW_CASE && (title.trim() === "" || reference.trim() === "")
      ? t("requests.form.needCase")
      : undefined;

  async function create(document: DraftDocument): Promise<RequestView> {
    let caseId = choice;
    if (caseId === NEW_CASE) {
      const created = await api<CaseView>("POST", "/cases", {
        reference: reference.trim(),
        title: title.trim(),
      });
      // Remembered at once: if the draft is then refused, the next save must not open the case twice.
      setOpened((list) => [...list, created]);
      setChoice(created.id);
      caseId = created.id;
    }
    return api<RequestView>("POST", `/cases/${caseId}/requests`, { treaty, document });
  }

  const loaded = combine(pack, declarations);
  // Until the new treaty's pack arrives, the previous one is still in hand: wait rather than mix them.
  const current =
    loaded.status === "ready" &&
    loaded.data[0].id === treaty &&
    loaded.data[1].every((d) => d.treaty === treaty);
  return (
    <>
      {/* Not a named region: "Case and treaty" would be found as a control labelled "Treaty". */}
      <div className="case-and-treaty">
        <h2>{t("requests.setup.caseAndTreaty")}</h2>
        <CaseAndTreaty
          cases={[...opened, ...cases]}
          treaties={treaties}
          choice={choice}
          onChoice={setChoice}
          title={title}
          onTitle={setTitle}
          reference={reference}
          onReference={setReference}
          treaty={treaty}
          onTreaty={setTreaty}
          locked={saved}
        />
      </div>
      <ShowLoaded loaded={loaded}>
        {([loadedPack, loadedDeclarations]) =>
          current ? (
            <RequestForm
              key={treaty}
              pack={loadedPack}
              declarations={loadedDeclarations}
              ownState={node.state}
              initial={{ urgency: "normal" }}
              create={create}
              blocker={blocker}
              onSaved={() => setSaved(true)}
              onSubmitted={(id) => navigate(`/requests/${id}`)}
            />
          ) : (
            <p aria-busy="true">{t("app.loading")}</p>
          )
        }
      </ShowLoaded>
    </>
  );
}

export function RequestWizard(_props: ScreenProps) {
  const { t } = useI18n();
  const node = useApi<NodeInfo>("/node");
  const treaties = useApi<TreatySummary[]>("/treaties");
  const cases = useApi<CaseView[]>("/cases");
  return (
    <>
      <h1>{t("requests.wizard.title")}</h1>
      <ShowLoaded loaded={combine(combine(node, treaties), cases)}>
        {([[nodeInfo, treatyList], caseList]) => (
          <Wizard node={nodeInfo} treaties={treatyList} cases={caseList} />
        )}
      </ShowLoaded>
    </>
  );
}
