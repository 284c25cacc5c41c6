/**
 * Statistics through the real API on every backend: requests made through the services in several
 * kinds, States, months and outcomes (statistics-fixture.ts), then the exact counts, medians of odd
 * and even counts, deadlines overdue at different moments, periods, the CSV text, bad periods
 * refused with nothing changed, who may read the figures, and whose requests they count (a
 * supervisor's own unit's, the auditor's whole node).
 */
import { expect, it } from "vitest";
import { ROLES } from "../../src/cases/roles.js";
import { fakeClock } from "../../src/server/clock.js";
import { describeEachBackend } from "../support/backends.js";
import { tableRows } from "../support/db-snapshot.js";
import { startTestNode, type TestClient, type TestNode } from "../support/test-node.js";
import { buildFigures, fixtureSteps } from "./statistics-fixture.js";

const NOW = "2030-05-01T00:00:00.000Z";

const outgoing = (kind: string, counterpart: string, month: string, outcome: string, count = 1) => ({
  direction: "outgoing",
  kind,
  counterpart,
  month,
  outcome,
  count,
});
const incoming = (kind: string, counterpart: string, month: string, outcome: string, count = 1) => ({
  ...outgoing(kind, counterpart, month, outcome, count),
  direction: "incoming",
});
const turnaround = (direction: string, kind: string, decided: number, medianDays: number | null) => ({
  direction,
  kind,
  decided,
  medianDays,
});

describeEachBackend("statistics", (backend) => {
  const start = async () => {
    const clock = fakeClock("2030-01-01T00:00:00.000Z");
    const node = await startTestNode({ backend, clock });
    return { node, clock, steps: await fixtureSteps(node) };
  };
  /** Signed in at the clock's present: sessions are made after the fixture has moved the clock. */
  const signIn = async (
    node: TestNode,
    role: (typeof ROLES)[number],
    unit = role === "supervisor" ? "cyber" : "audit",
  ): Promise<TestClient> => {
    const user = await node.createUser(role, unit);
    return node.login(user.username, user.password, user.totpSecret);
  };

  it("counts requests sent and received by kind, State, month and outcome, with median turnaround and overdue deadlines", async () => {
    const { node, clock, steps } = await start();
    try {
      await buildFigures(steps);
      clock.set(NOW);
      const auditor = await signIn(node, "auditor");
      const response = await auditor.get("/api/v1/statistics");
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        state: "XA",
        unit: null,
        generatedAt: NOW,
        from: null,
        to: null,
        requests: [
          outgoing("general-mla", "XB", "2030-03", "pending"),
          outgoing("interception", "XC", "2030-02", "refused"),
          outgoing("interception", "XC", "2030-02", "withdrawn"),
          outgoing("preservation", "XB", "2030-01", "granted", 2),
          outgoing("preservation", "XB", "2030-01", "granted-with-conditions"),
          outgoing("preservation", "XB", "2030-02", "granted"),
          incoming("stored-data", "XB", "2030-02", "granted", 2),
          incoming("stored-data", "XB", "2030-02", "refused"),
          incoming("stored-data", "XB", "2030-04", "pending"),
          incoming("stored-data", "XC", "2030-03", "granted"),
          incoming("stored-data", "XC", "2030-03", "partially-granted"),
          incoming("urgent-contact", "XB", "2030-03", "pending"),
          incoming("urgent-contact", "XC", "2030-03", "withdrawn"),
        ],
        turnaround: [
          turnaround("outgoing", "general-mla", 0, null),
          turnaround("outgoing", "interception", 1, 10),
          // 2, 7, 5 and 4 days: an even count, the mean of 4 and 5.
          turnaround("outgoing", "preservation", 4, 4.5),
          // 3, 1, 5, 2 and 6 days (the postponement before the last grant does not end it): the middle, 3.
          turnaround("incoming", "stored-data", 5, 3),
          turnaround("incoming", "urgent-contact", 0, null),
        ],
        // Three preservations granted over 90 days ago, and an urgent contact nobody acknowledged.
        overdue: {
          total: 4,
          byKind: [
            { direction: "outgoing", kind: "preservation", count: 3 },
            { direction: "incoming", kind: "urgent-contact", count: 1 },
          ],
        },
      });
    } finally {
      await node.close();
    }
  });

  it("gives a supervisor the figures of their own unit's requests only, and the auditor every unit's", async () => {
    const { node, clock, steps } = await start();
    try {
      await buildFigures(steps);
      clock.set(NOW);
      const { incoming: incomingUnit, urgent: urgentUnit } = node.context.config.units;
      const figures = async (unit: string) =>
        (await (await signIn(node, "supervisor", unit)).get("/api/v1/statistics")).json();

      // The fixture's outgoing requests are the "cyber" unit's; received ones are filed in the
      // incoming and urgent units. A cyber supervisor sees theirs, and the deadlines of theirs only.
      const cyber = await figures("cyber");
      expect(cyber).toMatchObject({ state: "XA", unit: "cyber", from: null, to: null });
      expect(cyber.requests).toEqual([
        outgoing("general-mla", "XB", "2030-03", "pending"),
        outgoing("interception", "XC", "2030-02", "refused"),
        outgoing("interception", "XC", "2030-02", "withdrawn"),
        outgoing("preservation", "XB", "2030-01", "granted", 2),
        outgoing("preservation", "XB", "2030-01", "granted-with-conditions"),
        outgoing("preservation", "XB", "2030-02", "granted"),
      ]);
      expect(cyber.turnaround).toEqual([
        turnaround("outgoing", "general-mla", 0, null),
        turnaround("outgoing", "interception", 1, 10),
        turnaround("outgoing", "preservation", 4, 4.5),
      ]);
      expect(cyber.overdue).toEqual({
        total: 3,
        byKind: [{ direction: "outgoing", kind: "preservation", count: 3 }],
      });

      // Supervisors of other units see none of cyber's requests: not a row, not a deadline.
      const received = await figures(incomingUnit);
      expect(received.unit).toBe(incomingUnit);
      expect(received.requests.length).toBeGreaterThan(0);
      expect(received.requests.every((r: { direction: string }) => r.direction === "incoming")).toBe(true);
      expect(received.turnaround.every((t: { direction: string }) => t.direction === "incoming")).toBe(true);
      const urgent = await figures(urgentUnit);
      expect(urgent.requests).toEqual([
        incoming("urgent-contact", "XB", "2030-03", "pending"),
        incoming("urgent-contact", "XC", "2030-03", "withdrawn"),
      ]);
      expect(urgent.overdue).toEqual({
        total: 1,
        byKind: [{ direction: "incoming", kind: "urgent-contact", count: 1 }],
      });
      const fraud = await figures("fraud");
      expect(fraud).toMatchObject({
        unit: "fraud",
        requests: [],
        turnaround: [],
        overdue: { total: 0, byKind: [] },
      });
      const fraudCsv = await (await signIn(node, "supervisor", "fraud")).get("/api/v1/statistics.csv");
      expect(fraudCsv.headers["content-disposition"]).toBe(
        "attachment; filename=rogatory-statistics-XA-all-all.csv",
      );
      expect(fraudCsv.body).toBe(
        "section,direction,kind,counterpart,month,outcome,value\r\noverdue,,,,,,0\r\n",
      );

      // The auditor's figures are the whole node: every unit's requests and overdue deadlines.
      const all = (await (await signIn(node, "auditor")).get("/api/v1/statistics")).json();
      expect(all.unit).toBeNull();
      const sum = (rows: { count: number }[]) => rows.reduce((total, row) => total + row.count, 0);
      expect(sum(all.requests)).toBe(sum(cyber.requests) + sum(received.requests) + sum(urgent.requests));
      expect(sum(all.requests)).toBe(15);
      expect(all.overdue.total).toBe(cyber.overdue.total + received.overdue.total + urgent.overdue.total);
    } finally {
      await node.close();
    }
  });

  it("keeps to the months asked for, both included, and counts overdue deadlines at the present moment", async () => {
    const { node, clock, steps } = await start();
    try {
      await buildFigures(steps);
      clock.set(NOW);
      // The auditor reads every unit's requests: both directions are in these figures.
      const auditor = await signIn(node, "auditor");
      const spring = (await auditor.get("/api/v1/statistics?from=2030-02&to=2030-03")).json();
      expect(spring).toMatchObject({ from: "2030-02", to: "2030-03" });
      expect(spring.requests).toEqual([
        outgoing("general-mla", "XB", "2030-03", "pending"),
        outgoing("interception", "XC", "2030-02", "refused"),
        outgoing("interception", "XC", "2030-02", "withdrawn"),
        outgoing("preservation", "XB", "2030-02", "granted"),
        incoming("stored-data", "XB", "2030-02", "granted", 2),
        incoming("stored-data", "XB", "2030-02", "refused"),
        incoming("stored-data", "XC", "2030-03", "granted"),
        incoming("stored-data", "XC", "2030-03", "partially-granted"),
        incoming("urgent-contact", "XB", "2030-03", "pending"),
        incoming("urgent-contact", "XC", "2030-03", "withdrawn"),
      ]);
      expect(spring.turnaround).toEqual([
        turnaround("outgoing", "general-mla", 0, null),
        turnaround("outgoing", "interception", 1, 10),
        turnaround("outgoing", "preservation", 1, 4),
        turnaround("incoming", "stored-data", 5, 3),
        turnaround("incoming", "urgent-contact", 0, null),
      ]);

      const january = (await auditor.get("/api/v1/statistics?to=2030-01")).json();
      expect(january.requests).toEqual([
        outgoing("preservation", "XB", "2030-01", "granted", 2),
        outgoing("preservation", "XB", "2030-01", "granted-with-conditions"),
      ]);
      expect(january.turnaround).toEqual([turnaround("outgoing", "preservation", 3, 5)]);

      // The period selects requests; overdue deadlines are those of now, whatever the period.
      const april = (await auditor.get("/api/v1/statistics?from=2030-04")).json();
      expect(april.requests).toEqual([incoming("stored-data", "XB", "2030-04", "pending")]);
      expect(april.turnaround).toEqual([turnaround("incoming", "stored-data", 0, null)]);
      expect(april.overdue.total).toBe(4);
      expect((await auditor.get("/api/v1/statistics?from=2030-06")).json()).toMatchObject({
        requests: [],
        turnaround: [],
      });

      // Before any preservation ran out only the urgent contact was late; after 30 September the
      // stored-data requests' own deadline (the requesting State's, with reasons) has passed too.
      clock.set("2030-03-12T00:00:00.000Z");
      const march = await signIn(node, "auditor");
      expect((await march.get("/api/v1/statistics")).json().overdue).toEqual({
        total: 1,
        byKind: [{ direction: "incoming", kind: "urgent-contact", count: 1 }],
      });
      clock.set("2030-10-01T00:00:00.000Z");
      const october = await signIn(node, "auditor");
      expect((await october.get("/api/v1/statistics")).json().overdue).toEqual({
        total: 10,
        byKind: [
          { direction: "outgoing", kind: "preservation", count: 4 },
          { direction: "incoming", kind: "stored-data", count: 5 },
          { direction: "incoming", kind: "urgent-contact", count: 1 },
        ],
      });
    } finally {
      await node.close();
    }
  });

  it("gives the figures as one CSV table with a header, a section per figure and a named attachment", async () => {
    const { node, clock, steps } = await start();
    try {
      const sent = await steps.send("preservation", "2030-01-10");
      await steps.act(sent, "2030-01-12", ["record-acknowledgement", "record-review", "record-grant"]);
      await steps.receive("urgent-contact", "XB", "2030-01-20");
      clock.set(NOW);
      const auditor = await signIn(node, "auditor");
      const response = await auditor.get("/api/v1/statistics.csv?from=2030-01&to=2030-03");
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(response.headers["content-disposition"]).toBe(
        "attachment; filename=rogatory-statistics-XA-2030-01-2030-03.csv",
      );
      expect(response.body).toBe(
        [
          "section,direction,kind,counterpart,month,outcome,value",
          "requests,outgoing,preservation,XB,2030-01,granted,1",
          "requests,incoming,urgent-contact,XB,2030-01,pending,1",
          "median_turnaround_days,outgoing,preservation,,,,2",
          "median_turnaround_days,incoming,urgent-contact,,,,",
          "decided,outgoing,preservation,,,,1",
          "decided,incoming,urgent-contact,,,,0",
          "overdue,,,,,,2",
          "overdue,outgoing,preservation,,,,1",
          "overdue,incoming,urgent-contact,,,,1",
          "",
        ].join("\r\n"),
      );
      const all = await auditor.get("/api/v1/statistics.csv");
      expect(all.headers["content-disposition"]).toBe(
        "attachment; filename=rogatory-statistics-XA-all-all.csv",
      );
      const empty = await auditor.get("/api/v1/statistics.csv?from=2031-01");
      expect(empty.body).toBe(
        "section,direction,kind,counterpart,month,outcome,value\r\noverdue,,,,,,2\r\n" +
          "overdue,outgoing,preservation,,,,1\r\noverdue,incoming,urgent-contact,,,,1\r\n",
      );
    } finally {
      await node.close();
    }
  });

  it("refuses a malformed period with a clear problem and changes nothing", async () => {
    const { node, clock, steps } = await start();
    try {
      await steps.receive("stored-data", "XB", "2030-01-05");
      clock.set(NOW);
      const auditor = await signIn(node, "auditor");
      // Signing in and each call touch the session's last-seen time; everything else must stay.
      const rows = async () => {
        const { sessions: _touched, ...rest } = await tableRows(node.context);
        return rest;
      };
      const before = await rows();
      for (const [query, says] of [
        ["from=2030-13", "must be a month written YYYY-MM"],
        ["from=november", "must be a month written YYYY-MM"],
        ["to=2030-1", "must be a month written YYYY-MM"],
        ["from=2030-05-01", "must be a month written YYYY-MM"],
        ["from=2030-05&to=2030-04", "querystring/to must not be before `from`"],
      ] as const) {
        for (const path of ["/api/v1/statistics", "/api/v1/statistics.csv"]) {
          const response = await auditor.get(`${path}?${query}`);
          expect([path, query, response.statusCode]).toEqual([path, query, 400]);
          expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
          expect(response.json()).toMatchObject({ code: "BAD_REQUEST" });
          expect(response.json().detail).toContain(says);
        }
      }
      expect(await rows()).toEqual(before);
    } finally {
      await node.close();
    }
  });

  it("lets auditors and supervisors read the figures, and refuses every other role and anyone signed out", async () => {
    const { node, clock } = await start();
    try {
      clock.set(NOW);
      for (const role of ROLES) {
        const client = await signIn(node, role);
        for (const path of ["/api/v1/statistics", "/api/v1/statistics.csv"]) {
          const response = await client.get(path);
          const allowed = role === "auditor" || role === "supervisor";
          expect([role, path, response.statusCode]).toEqual([role, path, allowed ? 200 : 403]);
          if (!allowed) expect(response.json()).toMatchObject({ code: "FORBIDDEN" });
        }
      }
      for (const path of ["/api/v1/statistics", "/api/v1/statistics.csv"]) {
        const response = await node.app.inject({ method: "GET", url: path });
        expect(response.statusCode).toBe(401);
      }
    } finally {
      await node.close();
    }
  });
});
