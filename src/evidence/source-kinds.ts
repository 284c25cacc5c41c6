/**
 * Where evidence was acquired from, as a manifest records it. Imports nothing, so the web UI's
 * upload form bundles this list without zod or the manifest's crypto.
 */
export const SOURCE_KINDS = ["custodian", "service-provider", "system", "other"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
