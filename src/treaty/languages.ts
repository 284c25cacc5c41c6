/**
 * The six official languages of the United Nations, in which every treaty finding is worded.
 * Arabic is written right to left; the UI needs that fact, so it lives with the list.
 */
import { z } from "zod";

export const UN_LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"] as const;
export type UnLanguage = (typeof UN_LANGUAGES)[number];
export const UnLanguageSchema = z.enum(UN_LANGUAGES);

export const RIGHT_TO_LEFT: ReadonlySet<UnLanguage> = new Set(["ar"]);

/** A text given in all six UN languages. Missing one is a data error, caught when packs load. */
export const LocalizedTextSchema = z.strictObject({
  ar: z.string().min(1),
  zh: z.string().min(1),
  en: z.string().min(1),
  fr: z.string().min(1),
  ru: z.string().min(1),
  es: z.string().min(1),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** Replaces `{name}` placeholders in every language at once. Unknown placeholders stay visible. */
export function fillTemplate(
  template: LocalizedText,
  values: Readonly<Record<string, string | number | LocalizedText>>,
): LocalizedText {
  const out = {} as Record<UnLanguage, string>;
  for (const lang of UN_LANGUAGES) {
    out[lang] = template[lang].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === "object" ? value[lang] : String(value);
    });
  }
  return out;
}
