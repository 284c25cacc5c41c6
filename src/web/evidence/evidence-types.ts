/**
 * The shapes of the evidence answers, taken from the schemas the routes declare them with
 * (src/services/evidence/evidence-views.ts; types only, so nothing of the server reaches the
 * bundle), and what the upload form announces. A changed answer fails the UI's type check.
 */
import type { SourceKind } from "../../evidence/source-kinds.js";
import type { Purpose } from "../../evidence/use-limitation.js";
import type {
  ConsentView as Consent,
  CustodyEventView as CustodyEvent,
  EvidenceItemView as EvidenceItem,
  UploadView,
} from "../../services/evidence/evidence-views.js";

/** The kinds of source the upload form lists: a value, from a module that imports nothing (no zod, no crypto). */
export { SOURCE_KINDS } from "../../evidence/source-kinds.js";
export type { Consent, CustodyEvent, EvidenceItem, Purpose, SourceKind, UploadView };

/** What an upload announces besides the file (src/services/evidence/upload.ts, UploadStartSchema). */
export type AcquisitionDetails = {
  sourceKind: SourceKind;
  sourceName: string;
  system: string;
  method: string;
  /** `datetime-local` value in the officer's time zone, or "" for now. */
  acquiredAt: string;
};
