/** A language's name in the reader's language ("fr" → "French", « français » …), from the browser's own data. */
import { useMemo } from "react";
import { useI18n } from "../i18n/i18n.js";

export function useLanguageName(): (code: string) => string {
  const { language } = useI18n();
  return useMemo(() => {
    const names = new Intl.DisplayNames([language], { type: "language", fallback: "code" });
    return (code: string) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    };
  }, [language]);
}
