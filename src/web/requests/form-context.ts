/**
 * What every field editor of the request form reaches: the document and how to change it, the
 * treaty data, and — for the field it sits in — that field's findings, so a control can mark itself
 * invalid and point at them.
 */
import { createContext, useContext } from "react";
import type { Finding } from "../app/api-types.js";
import type { DraftDocument } from "./document-model.js";
import type { Declarations, Pack } from "./treaty-data.js";

export type DraftContextValue = {
  document: DraftDocument;
  set(path: string, value: unknown): void;
  pack: Pack;
  declarations: readonly Declarations[];
  /** The findings that belong to a field (see `ownerOf`). */
  findingsOf(field: string): readonly Finding[];
};

export const DraftContext = createContext<DraftContextValue | undefined>(undefined);

export function useDraft(): DraftContextValue {
  const value = useContext(DraftContext);
  if (value === undefined) throw new Error("useDraft outside the request form");
  return value;
}

export type ShellValue = {
  field: string;
  findingsId: string;
  findings: readonly Finding[];
  /** One control makes the whole field: every finding of the field is about it. */
  single: boolean;
};

export const ShellContext = createContext<ShellValue | undefined>(undefined);

export const useShell = (): ShellValue | undefined => useContext(ShellContext);

/** The props every editor of a pack field receives: where it writes, and what the pack calls it. */
export type EditorProps = { path: string; label: string; required: boolean };
