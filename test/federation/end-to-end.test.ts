/**
 * Two real node processes, XA and XB, over mutual TLS on loopback, driven by their officers through
 * the HTTP API only. XA asks XB to preserve data; XB acknowledges and grants with conditions; XA
 * follows up with an MLA request for the preserved data; XB refuses it in part, with grounds. XA's
 * officers see every step and both decisions; both ledgers verify afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../support/http-client.js";
import { eventually, type Federation, type NodeProcess, startFederation } from "../support/node-process.js";
import { example } from "./two-nodes.js";

let root: string;
let nodes: Federation;
let xa: NodeProcess;
let xb: NodeProcess;
let officer: HttpClient;
let supervisor: HttpClient;
let duty: HttpClient;
let central: HttpClient;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-e2e-"));
  nodes = await startFederation(root, ["XA", "XB"], {
    users: {
      XA: [{ role: "case-officer" }, { role: "supervisor" }],
      // Urgent requests land in XB's 24/7 unit, the others with its central authority.
      XB: [{ role: "duty-officer" }, { role: "supervisor", unit: "central-authority" }],
    },
  });
  xa = nodes.get("XA");
  xb = nodes.get("XB");
  officer = await xa.signIn("case-officer");
  supervisor = await xa.signIn("supervisor");
  duty = await xb.signIn("duty-officer");
  central = await xb.signIn("supervisor");
}, 180_000);

afterAll(async () => {
  await nodes?.killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

type Listed = { id: string; state: string; reference: string; direction: string };

/** Drafts `document` on XA, submits it and has the supervisor approve it (four eyes). */
async function requestFromXa(caseId: string, document: Record<string, unknown>): Promise<string> {
  const drafted = await officer.expect("POST", `/api/v1/cases/${caseId}/requests`, 201, {
    treaty: "uncc-2024",
    document,
  });
  await officer.expect("POST", `/api/v1/requests/${drafted.id}/actions/submit`, 200, {});
  await supervisor.expect("POST", `/api/v1/requests/${drafted.id}/actions/approve`, 200, {});
  return drafted.id;
}

/** XB's copy of the request with this reference, once it has arrived in `queue`. */
const arrivedOnXb = (client: HttpClient, reference: string) =>
  eventually(`request ${reference} on XB`, async () => {
    const listed = (await client.expect("GET", "/api/v1/requests?queue=all", 200)) as Listed[];
    return listed.find((r) => r.reference === reference && r.direction === "incoming");
  }, [xa, xb]);

/** Waits until XA's officer sees the request in `state`; returns the request in full. */
const onXaWhen = (id: string, state: string) =>
  eventually(`XA's request ${id} ${state}`, async () => {
    const request = await officer.expect("GET", `/api/v1/requests/${id}`, 200);
    return request.state === state ? request : undefined;
  }, [xa, xb]);

describe("preservation, then the MLA request for the preserved data", () => {
  let caseId: string;
  let preservationId: string;

  it("XA's urgent preservation reaches XB's 24/7 queue and XA sees it delivered", async () => {
    caseId = (
      await officer.expect("POST", "/api/v1/cases", 201, { reference: "XA-2026-0042", title: "Phishing" })
    ).id;
    preservationId = await requestFromXa(caseId, example("preservation"));
    const copy = await arrivedOnXb(duty, String(example("preservation").reference));
    expect(copy.state).toBe("received");
    const urgent = (await duty.expect("GET", "/api/v1/requests?queue=urgent", 200)) as Listed[];
    expect(urgent.map((r) => r.id)).toContain(copy.id);
    await onXaWhen(preservationId, "delivered");
  });

  it("XB acknowledges and grants with conditions; XA sees the acknowledgement and the decision", async () => {
    const copy = await arrivedOnXb(duty, String(example("preservation").reference));
    await duty.expect("POST", `/api/v1/requests/${copy.id}/actions/acknowledge`, 200, {});
    await onXaWhen(preservationId, "acknowledged");
    await duty.expect("POST", `/api/v1/requests/${copy.id}/actions/begin-review`, 200, {});
    const conditions = [{ type: "use-limitation", text: "Only for the proceedings in case XA-2026-0042." }];
    await duty.expect("POST", `/api/v1/requests/${copy.id}/actions/grant-with-conditions`, 200, {
      conditions,
      reason: "Subscriber and traffic data preserved.",
    });
    const granted = await onXaWhen(preservationId, "granted-with-conditions");
    expect(granted.decisions).toEqual([
      expect.objectContaining({
        outcome: "granted-with-conditions",
        conditions,
        reasons: "Subscriber and traffic data preserved.",
      }),
    ]);
    expect(granted.deadlines.map((d: { kind: string }) => d.kind)).toContain("preservation-expiry");
  });

  it("XA's MLA follow-up is refused in part with grounds; the decision and its grounds are on XA", async () => {
    const document = example("stored-data");
    const mlaId = await requestFromXa(caseId, document);
    const copy = await arrivedOnXb(central, String(document.reference));
    for (const action of ["acknowledge", "begin-review"]) {
      await central.expect("POST", `/api/v1/requests/${copy.id}/actions/${action}`, 200, {});
    }
    await central.expect("POST", `/api/v1/requests/${copy.id}/actions/grant-partially`, 200, {
      grounds: ["R-DATAPROT"],
      reason: "Content of third parties' messages withheld; subscriber and traffic data given.",
      consultationNotAppropriate: "The request can be executed in part at once.",
    });
    const decided = await onXaWhen(mlaId, "partially-granted");
    expect(decided.decisions.at(-1)).toMatchObject({
      outcome: "partially-granted",
      grounds: ["R-DATAPROT"],
      reasons: "Content of third parties' messages withheld; subscriber and traffic data given.",
    });
    const letters = await officer.expect("GET", `/api/v1/requests/${mlaId}/messages`, 200);
    expect(letters.sent).toEqual([expect.objectContaining({ kind: "request", status: "delivered" })]);
    expect(letters.received.map((m: { kind: string }) => m.kind)).toEqual([
      "acknowledgement",
      "status-update",
      "decision",
    ]);
    // Both decisions are on XA's side of the case, each with what XB said.
    const preservation = await officer.expect("GET", `/api/v1/requests/${preservationId}`, 200);
    expect(preservation.decisions.map((d: { outcome: string }) => d.outcome)).toEqual([
      "granted-with-conditions",
    ]);
  });

  it("both ledgers verify once the nodes are stopped", async () => {
    await nodes.stopAll();
    for (const node of [xa, xb]) {
      const verified = node.verifyLedger();
      expect([node.state, verified.code]).toEqual([node.state, 0]);
      expect(JSON.parse(verified.stdout)).toMatchObject({ intact: true });
    }
  });
});
