/**
 * The shapes of the evidence answers (src/server/routes/evidence.ts: EvidenceItemSchema,
 * UploadViewSchema, ConsentSchema). Written out here because those schemas are not exported and the
 * services that build them reach node-only code; keep them in step with the route file.
 */
export type CustodyEvent = {
  event: string;
  actor: string;
  at: string;
  purpose: string | null;
  ledgerIndex: number;
};

export type EvidenceItem = {
  id: string;
  requestId: string;
  /** `held` (acquired here) or `received` (from another State). */
  direction: string;
  state: string;
  fileName: string;
  mediaType: string;
  size: number | null;
  sha256: string | null;
  manifestSha256: string | null;
  originState: string;
  createdAt: string;
  updatedAt: string;
  chunks: { present: number; total: number };
  lastFetchError: string | null;
  custody: CustodyEvent[];
  senderCustody: { state: string; events: CustodyEvent[] } | null;
};

export type UploadView = {
  itemId: string;
  requestId: string;
  fileName: string;
  state: string;
  /** Bytes taken so far: the next piece starts here. */
  offset: number;
  size: number | null;
  sha256: string | null;
};

export type Consent = {
  id: string;
  requestId: string;
  /** `asked` (by this node) or `received-request` (from another State). */
  direction: string;
  purpose: string;
  status: string;
  reasons: string | null;
  createdAt: string;
  answeredAt: string | null;
};

/** What opening or exporting states (src/evidence/use-limitation.ts, PurposeSchema). */
export type Purpose = { use: "stated-proceedings" | "other-proceedings"; text: string };

export const SOURCE_KINDS = ["custodian", "service-provider", "system", "other"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What an upload announces besides the file (src/services/evidence/upload.ts, UploadStartSchema). */
export type AcquisitionDetails = {
  sourceKind: SourceKind;
  sourceName: string;
  system: string;
  method: string;
  /** `datetime-local` value in the officer's time zone, or "" for now. */
  acquiredAt: string;
};
