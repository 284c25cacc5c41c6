/**
 * Where the demo lives and what it is made of: three fictional States on loopback, their ports,
 * the logins, and the marker that says a demo folder was completely made.
 *
 * A demo is created in a sibling folder (`<dir>.partial`) and renamed into place only once its
 * marker is written, so `<dir>` is either absent or a finished demo; what an interrupted creation
 * leaves is the `.partial` folder, which the next start throws away and makes again.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Role } from "../../cases/roles.js";
import { writeFileDurably } from "../../store/node-files.js";

export const DEMO_STATES = ["XA", "XB", "XC"] as const;
export type DemoState = (typeof DEMO_STATES)[number];

/** Every demo user's password; the user name is the role. */
export const DEMO_PASSWORD = "rogatory-demo";

/** Incoming requests go to `cyber`, urgent ones to `24-7` (the demo's `units`). */
export const UNIT_OF: Readonly<Record<Role, string>> = {
  "case-officer": "cyber",
  supervisor: "cyber",
  "duty-officer": "24-7",
  "executing-officer": "cyber",
  auditor: "audit",
  administrator: "administration",
};

/** The node-to-node listeners sit this far above the officers' ports, so three nodes fit side by side. */
export const FEDERATION_PORT_OFFSET = 100;

export type DemoNodeSpec = { state: DemoState; port: number; federationPort: number };

export function demoNodes(basePort: number): DemoNodeSpec[] {
  return DEMO_STATES.map((state, index) => ({
    state,
    port: basePort + index,
    federationPort: basePort + index + FEDERATION_PORT_OFFSET,
  }));
}

/**
 * Demo only: no second factor, so the printed logins work at once, cookies over plain HTTP, and a
 * delivery tick and back-off short enough that an action on one node shows on the other within
 * a second. A real node keeps the defaults (docs/configuration.md).
 */
export function demoConfig(spec: DemoNodeSpec): object {
  return {
    state: spec.state,
    port: spec.port,
    federation: { port: spec.federationPort, deliveryTickMs: 500, retryBaseMs: 500, retryCapMs: 10_000 },
    security: { totpRequiredFor: [], secureCookies: false },
    units: { incoming: UNIT_OF.supervisor, urgent: UNIT_OF["duty-officer"] },
  };
}

const MARKER_FILE = "demo.json";
/** Raised when what the demo creates changes, so that an older demo folder is not run as if current. */
export const DEMO_FORMAT = "rogatory.demo/2";

export const partialDirOf = (dir: string) => `${dir}.partial`;
export const dataDirOf = (dir: string, state: DemoState) => join(dir, state);

/** Written last into the folder being created, just before it is renamed into place. */
export function writeMarker(dir: string, now: Date): void {
  const marker = { format: DEMO_FORMAT, created: now.toISOString(), states: DEMO_STATES };
  writeFileDurably(join(dir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`, 0o644);
}

export type DemoFolder =
  | { kind: "absent" }
  | { kind: "ready"; created: string }
  /** Something is there, but not a complete demo of this version: the demo does not touch it. */
  | { kind: "unusable"; why: string };

export function inspectDemoFolder(dir: string): DemoFolder {
  if (!existsSync(dir)) return { kind: "absent" };
  const markerPath = join(dir, MARKER_FILE);
  if (!existsSync(markerPath)) {
    return {
      kind: "unusable",
      why: `it has no ${MARKER_FILE}: it was made by an older version of the demo, or by hand`,
    };
  }
  let marker: { format?: unknown; created?: unknown };
  try {
    marker = JSON.parse(readFileSync(markerPath, "utf8")) as typeof marker;
  } catch {
    return { kind: "unusable", why: `its ${MARKER_FILE} cannot be read` };
  }
  if (marker.format !== DEMO_FORMAT) {
    return {
      kind: "unusable",
      why: `it is a demo of format ${String(marker.format)}, this version makes ${DEMO_FORMAT}`,
    };
  }
  const missing = DEMO_STATES.filter((state) => !existsSync(join(dir, state, "config.json")));
  if (missing.length > 0) return { kind: "unusable", why: `the node(s) ${missing.join(", ")} are missing` };
  return { kind: "ready", created: String(marker.created) };
}
