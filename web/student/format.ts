import { formatAppointment, formatDay } from '../../src/common/people-format';
import type { Language } from './i18n';
import type { Localized } from './types';

/** Where the office and the prefecture are: appointments and days are said in its time. */
const OFFICE_TIME_ZONE = 'Europe/Paris';

/** A day as people write it ("2 janvier 2027", "1er mars 2027" / "2 January 2027"), from a date or a date-time (the office's day). */
export function day(value: string, language: Language): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? value
    : new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(value));
  return formatDay(date, language);
}

/** An appointment at the prefecture: "vendredi 8 janvier 2027 à 9 h 30" (Paris time). */
export function appointment(at: string, language: Language): string {
  return formatAppointment(at, language, OFFICE_TIME_ZONE);
}

/** A time of day on the student's clock: "15 h 40" / "15:40". */
export function clock(at: string, language: Language): string {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = (parts.find((p) => p.type === 'minute')?.value ?? '00').padStart(2, '0');
  // no-break spaces: "15 h 40" stays on one line
  return language === 'fr' ? `${hour}\u00a0h${minute === '00' ? '' : `\u00a0${minute}`}` : `${hour}:${minute}`;
}

/** A message's moment: "2 janvier 2027, 15 h 40" (Paris time). */
export function moment(at: string, language: Language): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: OFFICE_TIME_ZONE, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(at),
  );
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = (parts.find((p) => p.type === 'minute')?.value ?? '00').padStart(2, '0');
  return `${day(at, language)}, ${language === 'fr' ? `${hour}\u00a0h\u00a0${minute}` : `${hour}:${minute}`}`;
}

/** A text in the language shown (a plain string is the same in both). */
export function inLanguage(text: Localized | string | null | undefined, language: Language): string {
  if (!text) return '';
  return typeof text === 'string' ? text : text[language] || text.fr;
}

/** The browser types of the catalog's file types (`pdf`, `jpg`…), for a file input's `accept`. */
const MIME: Record<string, string[]> = {
  pdf: ['application/pdf', '.pdf'],
  jpg: ['image/jpeg', '.jpg', '.jpeg'],
  png: ['image/png', '.png'],
  bmp: ['image/bmp', '.bmp'],
  tiff: ['image/tiff', '.tif', '.tiff'],
  webp: ['image/webp', '.webp'],
  heic: ['image/heic', 'image/heif', '.heic', '.heif'],
};

export function acceptOf(types: string[]): string {
  return types.flatMap((t) => MIME[t] ?? [`.${t}`]).join(',');
}

/** Whether the channel takes photos (then the page offers the camera). */
export function takesPhotos(types: string[]): boolean {
  return types.some((t) => t === 'jpg' || t === 'png' || t === 'heic' || t === 'webp');
}

/** "PDF, JPG, PNG" */
export function typeNames(types: string[]): string {
  return types.map((t) => t.toUpperCase()).join(', ');
}
