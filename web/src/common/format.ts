import { formatDay as writeDay } from '../../../src/common/people-format';

/** A calendar day as the e-mails write it ("2 janvier 2027"), in the interface's language. */
export function formatDay(value: string | null | undefined, locale: string): string {
  return value ? writeDay(value, locale === 'en' ? 'en' : 'fr') : '—';
}

/** Dates as the agent reads them, in the interface's language. */
export function formatDate(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium' }).format(date);
}

export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(date);
}

export interface LocalizedText {
  fr: string;
  en: string;
}

/** The text in the interface's language (French when the other is missing). */
export function localized(text: LocalizedText | null | undefined, locale: string): string {
  if (!text) return '';
  return (locale === 'en' ? text.en : text.fr) || text.fr || text.en || '';
}

export function studentName(student: { birthName: string; usageName?: string | null; firstNames: string } | null | undefined): string {
  if (!student) return '';
  return `${(student.usageName || student.birthName).toUpperCase()} ${student.firstNames}`;
}

/** Today in the office's time zone, YYYY-MM-DD. */
export function officeToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
