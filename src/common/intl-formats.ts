/**
 * Intl formatters, each built once under its key: building an Intl.DateTimeFormat costs tens of
 * microseconds, using one a fraction of that (the nightly sweep computes a date per dossier,
 * e-mails write dates by the thousand). Pure: the web app's bundle uses it through people-format.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function cachedFormat(key: string, build: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key);
  if (!format) formats.set(key, (format = build()));
  return format;
}
