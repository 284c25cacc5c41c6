/**
 * The language the person reads in, switchable at any moment: `t` looks a key up, fills `{name}`
 * placeholders, and the formatters write dates and numbers the way that language does. The choice
 * is kept in the browser and sets `<html lang dir>`, so Arabic lays out right to left.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { directionOf, isLanguage, LANGUAGES, type Language, type Localized } from "./languages.js";
import { type MessageKey, messagesFor } from "./messages/index.js";

const STORAGE_KEY = "rogatory.language";

export type I18n = {
  language: Language;
  direction: "rtl" | "ltr";
  setLanguage(language: Language): void;
  t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string;
  /** The text in the reader's language, from a six-language value (pack titles, findings). */
  pick(text: Localized | Readonly<Record<string, string>>): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
};

const I18nContext = createContext<I18n | undefined>(undefined);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const fromBrowser = navigator.languages.map((tag) => tag.slice(0, 2)).find(isLanguage);
  return fromBrowser ?? "en";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = directionOf(language);
  }, [language]);

  const value = useMemo<I18n>(() => {
    const messages = messagesFor(language);
    const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
    const dateTimeFormat = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
    return {
      language,
      direction: directionOf(language),
      setLanguage(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLanguageState(next);
      },
      t(key, values = {}) {
        // A key built at run time (`state.${state}`) can miss: show the key, never a blank screen.
        const message: string | undefined = messages[key];
        return (message ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
          name in values ? String(values[name]) : whole,
        );
      },
      pick(text) {
        return text[language] ?? text.en ?? Object.values(text)[0] ?? "";
      },
      date: (iso) => dateFormat.format(new Date(iso)),
      dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
      number: (n, options) => new Intl.NumberFormat(language, options).format(n),
    };
  }, [language]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === undefined) throw new Error("useI18n outside I18nProvider");
  return value;
}

export { LANGUAGES };
