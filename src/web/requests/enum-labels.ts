/** The words for the document's closed lists, and the options of a select built from one. */
import { useI18n } from "../i18n/i18n.js";
import type { Option } from "./controls.js";
import type { EnumValue } from "./enum-values.js";

export function useValueLabel(): (value: EnumValue) => string {
  const { t } = useI18n();
  return (value) => t(`requests.value.${value}`);
}

export function useOptions(values: readonly EnumValue[]): Option[] {
  const label = useValueLabel();
  return values.map((value) => ({ value, label: label(value) }));
}
