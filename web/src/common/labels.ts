/**
 * What a code is called on screen, in the agent's language: the API's enumerations (named in the
 * i18n files, `passerelle.<path>.<value>`), procedures (by their name in the catalog), countries
 * and languages (Intl.DisplayNames), prefectures and départements (src/common/departements), and
 * the catalog's sources (by their title). No screen shows "rece", "m2", "MX" or "35". The words
 * without React live here; the screens read them through useLabels() and useProcedures().
 */
import type * as enums from '../api/enums';
import { catalogText } from '../catalog/catalogTexts';

/** Where each enumeration of the API (api/enums.ts) is named in the i18n files: `passerelle.<path>.<value>`. */
export const ENUM_LABELS = {
  AGENT_ROLES: 'role',
  CHANNELS: 'channel',
  CLOSE_REASONS: 'close_reason',
  DECISIONS: 'decision',
  DOCUMENT_STATUSES: 'document_status',
  DOSSIER_STATUSES: 'status',
  PERMIT_KINDS: 'permit_kind',
  REJECTION_REASONS: 'rejection',
  SEXES: 'sex',
  STUDY_LEVELS: 'level',
  SUMMONS_REASONS: 'prefecture.reasons',
  WEBHOOK_EVENTS: 'webhooks.event',
  WEBHOOK_STATUSES: 'webhooks.status',
  WEBHOOK_DELIVERY_STATUSES: 'webhooks.delivery_status',
} as const satisfies Record<keyof typeof enums, string>;

export type EnumName = keyof typeof ENUM_LABELS;

export const language = (locale: string) => (locale === 'en' ? 'en' : 'fr');

const displayNames = new Map<string, Intl.DisplayNames>();
function displayName(code: string, locale: string, type: 'region' | 'language'): string {
  const key = `${language(locale)}:${type}`;
  let names = displayNames.get(key);
  if (!names) {
    names = new Intl.DisplayNames([language(locale) === 'en' ? 'en-GB' : 'fr-FR'], { type, fallback: 'code' });
    displayNames.set(key, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    // not a well-formed code (RangeError): shown as recorded
    return code;
  }
}

/** A country (ISO 3166 alpha-2) by its name: « Mexique », « Côte d’Ivoire »; a nationality is named by its country. */
export function countryName(code: string | null | undefined, locale: string): string {
  return code ? displayName(code.trim().toUpperCase(), locale, 'region') : '—';
}

/** A language (ISO 639-1) by its name, as a label starts: « Français », "English". */
export function languageName(code: string | null | undefined, locale: string): string {
  if (!code) return '—';
  const name = displayName(code.trim().toLowerCase(), locale, 'language');
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/**
 * A source of the catalog as a reader names it: its title (French titles with French spacing on
 * a French screen); the office's own policy by what it is (its title is written for developers).
 */
export function sourceTitle(source: { id: string; title: string }, translate: (key: string) => string, locale: string): string {
  if (source.id === 'office-policy') return translate('passerelle.sources.office_policy');
  // French spacing, and the French of the few titles the catalog has in English only
  return catalogText(source.title, language(locale));
}

/** Region codes Intl names that are not countries a student is from or born in. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);
const countryLists = new Map<string, { id: string; name: string }[]>();

/**
 * Every country as a choice, by its name in the interface's language, in alphabetical order (« Maroc »,
 * « Mexique »…), for a country to be picked by name rather than typed as its ISO code. Written by hand
 * from Intl.DisplayNames (no country list ships with the browser): each two-letter code Intl can name.
 */
export function countryChoices(locale: string): { id: string; name: string }[] {
  const key = language(locale);
  let list = countryLists.get(key);
  if (!list) {
    const names = new Intl.DisplayNames([key === 'en' ? 'en-GB' : 'fr-FR'], { type: 'region', fallback: 'none' });
    const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));
    list = letters
      .flatMap((a) => letters.map((b) => a + b))
      .filter((code) => !NOT_COUNTRIES.has(code))
      .map((code) => ({ id: code, name: names.of(code) ?? '' }))
      .filter((choice) => choice.name !== '' && choice.name !== choice.id)
      .sort((a, b) => a.name.localeCompare(b.name, key));
    countryLists.set(key, list);
  }
  return list;
}
