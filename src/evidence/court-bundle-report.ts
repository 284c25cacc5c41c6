/**
 * The court bundle report as people read it: what the bundle is, the fingerprints of the node keys
 * (to be compared with those the States published out of band: a bundle can only prove that its
 * parts agree with the keys it carries), then one line per check, ✓ or ✗, and the verdict.
 */
import type { CourtBundleReport } from "./court-bundle-verify.js";

export function formatCourtBundleReport(report: CourtBundleReport, path: string): string {
  const lines = [`Court bundle ${path}${report.format ? ` (${report.format})` : ""}`];
  const { request } = report;
  if (request !== undefined) {
    lines.push(
      `Request ${request.reference} (${request.id}): ${request.kind} under ${request.treaty}, ${request.requestingState} → ${request.requestedState}`,
    );
  }
  if (report.export !== undefined) {
    const { at, by, state, purpose } = report.export;
    lines.push(`Exported ${at} by ${by} (${state}) for: ${purpose}`);
  }
  if (report.nodes.length > 0) {
    lines.push("", "Node signing keys — compare these fingerprints with those the States published:");
    for (const node of report.nodes) {
      for (const key of node.keys)
        lines.push(`  ${node.state}  ${key.kid}  ${key.fingerprint}  (${key.current})`);
    }
  }
  lines.push("", "Checks:");
  for (const check of report.checks)
    lines.push(`  ${check.ok ? "✓" : "✗"} ${check.subject}: ${check.message}`);
  const failed = report.failures.length;
  lines.push(
    "",
    report.ok
      ? `VALID: all ${report.checks.length} checks passed`
      : `INVALID: ${failed} check${failed === 1 ? "" : "s"} failed — ${report.failures[0]}`,
  );
  return `${lines.join("\n")}\n`;
}
