/**
 * The six UN languages the UI speaks, with each one's own name for itself. The same list as the
 * treaty packs' (src/treaty/languages.ts; test/web/messages.test.ts keeps the two equal); the UI
 * keeps its own copy so the bundle does not carry the server's validation code.
 */
export const LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  ar: "العربية",
  zh: "中文",
  en: "English",
  fr: "Français",
  ru: "Русский",
  es: "Español",
};

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

export const directionOf = (language: Language): "rtl" | "ltr" => (language === "ar" ? "rtl" : "ltr");

/** A text in all six languages, as treaty packs and findings carry them. */
export type Localized = Readonly<Record<Language, string>>;

/** A message catalogue: the same keys in every language, so a missing translation fails `tsc`. */
export type Catalogue<Key extends string> = Readonly<Record<Language, Readonly<Record<Key, string>>>>;
