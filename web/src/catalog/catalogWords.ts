/**
 * What a procedure of the catalog says, as plain functions (no React), in the agent's language:
 * a parameter by its label and its value with its unit (« Délai pour compléter le dossier :
 * 30 jours »), a condition in words, a rule by what it checks, a document by what is checked on
 * it. The catalog gives codes and names (src/catalog/catalog.model.ts); the words are the app's
 * messages (i18n, `passerelle.catalog`), the catalog's own names and its free texts (catalogTexts).
 */
import type { Condition, EligibilityRule, FactDefinition, ParameterValue, SlotItem } from '../../../src/catalog/catalog.model';
import { formatEuros } from '../../../src/common/people-format';
import { PERMIT_KINDS, STUDY_LEVELS } from '../api/enums';
import { formatBytes, localized, type LocalizedText } from '../common/format';
import { countryName, language } from '../common/labels';
import { fileTypesInWords } from '../dossiers/documentWords';
import type { ProcedureDefinition } from '../dossiers/types';
import { catalogText } from './catalogTexts';

/** react-admin's translate (polyglot): a key, its values, `_` when the key has no message. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** What the words are written for: the procedure they belong to, in the agent's language. */
export interface Reader {
  definition: ProcedureDefinition;
  translate: Translate;
  locale: string;
}

const intlLocale = (locale: string) => (language(locale) === 'en' ? 'en-GB' : 'fr-FR');
const K = 'passerelle.catalog';

/** « a, b et c » (`and`) or « a, b ou c » (`or`). */
export function listWords(items: string[], locale: string, type: 'and' | 'or' = 'and'): string {
  return new Intl.ListFormat(intlLocale(locale), { type: type === 'and' ? 'conjunction' : 'disjunction' }).format(items);
}

/** A text of the catalog (names, hints, messages) in the agent's language, with its typography. */
export function text(value: LocalizedText | null | undefined, locale: string): string {
  return catalogText(localized(value, locale), locale);
}

function count(value: number, unit: 'day' | 'month', locale: string): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** A parameter's value with its unit: « 30 jours », « 6 mois », « 180 € », « 7, 3 et 1 jours ». A number's unit is its name's (…Days, …Months, …Eur). */
export function valueWords(name: string, value: ParameterValue | undefined, { translate, locale }: Pick<Reader, 'translate' | 'locale'>): string {
  if (value === undefined) return '—';
  if (Array.isArray(value)) {
    const numbers = value.map((n) => new Intl.NumberFormat(intlLocale(locale)).format(n));
    return translate(`${K}.days_list`, { list: listWords(numbers, locale), smart_count: Math.max(...value) });
  }
  if (typeof value === 'object') return 'days' in value ? count(value.days, 'day', locale) : count(value.months, 'month', locale);
  if (/Eur$/.test(name)) return formatEuros(value, language(locale));
  if (/Days$/.test(name)) return count(value, 'day', locale);
  if (/Months$/.test(name)) return count(value, 'month', locale);
  return new Intl.NumberFormat(intlLocale(locale)).format(value);
}

/** A parameter as an office writes it: its label (the app's, else the catalog's description) and its value, with what it counts from. */
export function parameterWords(name: string, reader: Reader, value = reader.definition.parameters[name]?.value): { label: string; value: string } {
  const { translate, locale, definition } = reader;
  const described = text(definition.parameters[name]?.description, locale) || name;
  const amount = valueWords(name, value, reader);
  return {
    label: translate(`${K}.parameter.${name}.label`, { _: described }),
    value: translate(`${K}.parameter.${name}.value`, { _: amount, value: amount }),
  };
}

const quoted = (value: string, translate: Translate) => translate(`${K}.condition.quoted`, { value });

/** A condition in words: « Situation de logement « Hébergé à l'hôtel » », « cas « Renouvellement » ou « … » ». */
export function conditionWords(condition: Condition, reader: Reader): string {
  const { definition, translate, locale } = reader;
  const nested = (c: Condition) => ('all' in c || 'any' in c ? `(${conditionWords(c, reader)})` : conditionWords(c, reader));
  if ('fact' in condition) {
    const fact = definition.facts.find((f) => f.code === condition.fact);
    const name = text(fact?.names, locale) || condition.fact;
    const choice = (value: string | boolean) => text(fact?.choices?.find((c) => c.code === value)?.names, locale) || String(value);
    if ('equals' in condition && typeof condition.equals === 'boolean') return condition.equals ? name : translate(`${K}.condition.fact_no`, { fact: name });
    const values = 'equals' in condition ? [condition.equals] : condition.in;
    return translate(`${K}.condition.fact_is`, {
      fact: name,
      values: listWords(
        values.map((v) => quoted(choice(v), translate)),
        locale,
        'or',
      ),
    });
  }
  if ('case' in condition) {
    const names = condition.case.map((code) => quoted(text(definition.cases?.find((c) => c.code === code)?.names, locale) || code, translate));
    return translate(`${K}.condition.case`, { values: listWords(names, locale, 'or') });
  }
  if ('channel' in condition) {
    const names = condition.channel.map((channel) => quoted(translate(`passerelle.channel.${channel}`), translate));
    return translate(`${K}.condition.channel`, { values: listWords(names, locale, 'or') });
  }
  if ('all' in condition) return listWords(condition.all.map(nested), locale, 'and');
  if ('any' in condition) return listWords(condition.any.map(nested), locale, 'or');
  return translate(`${K}.condition.not`, { condition: conditionWords(condition.not, reader) });
}

/** When a piece applies: « Seulement si : … », « Sauf si : … »; nothing when it always does. */
export function whenWords(condition: Condition | undefined, reader: Reader): string | null {
  if (!condition) return null;
  if ('not' in condition) return reader.translate(`${K}.unless`, { condition: conditionWords(condition.not, reader) });
  return reader.translate(`${K}.only_if`, { condition: conditionWords(condition, reader) });
}

/** A document of an option: its name (or its kinds, any of which will do), how many, and what is checked on it. */
export function itemWords(item: SlotItem, reader: Reader): { what: string; checks: string | null } {
  const { definition, translate, locale } = reader;
  const kinds = item.kinds.map((kind) => text(definition.documentKinds[kind]?.names, locale) || kind);
  const what = [
    item.names ? text(item.names, locale) : listWords(kinds, locale, 'or'),
    item.count ? translate(`${K}.copies`, { smart_count: item.count }) : null,
  ]
    .filter(Boolean)
    .join(', ');
  const age = item.maxAge
    ? 'parameter' in item.maxAge
      ? valueWords(item.maxAge.parameter, definition.parameters[item.maxAge.parameter]?.value, reader)
      : valueWords('', item.maxAge, reader)
    : null;
  const checks = [
    ...(item.requires ?? []).map((attribute) => translate(`${K}.requires.${attribute}`)),
    item.validOnFilingDate ? translate(`${K}.valid_on_filing_date`) : null,
    age ? translate(`${K}.max_age`, { age }) : null,
  ].filter((c): c is string => !!c);
  return { what, checks: checks.length ? translate(`${K}.checks`, { checks: listWords(checks, locale) }) : null };
}

/**
 * The values a rule accepts: a blocking rule lists them (what the agent compares with); a warning
 * says what it warns about, the other values when they are the fewer (« Avertissement pour :
 * Mastère spécialisé et MSc »).
 */
function acceptedWords(
  accepted: readonly string[],
  all: readonly string[],
  name: (code: string) => string,
  what: 'levels' | 'permits',
  rule: EligibilityRule,
  reader: Reader,
) {
  const others = all.filter((code) => !accepted.includes(code));
  const warning = rule.severity === 'warning';
  const shorter = warning && others.length > 0 && others.length < accepted.length;
  const key = `${what}${warning ? '_warning' : ''}${shorter ? '_except' : ''}`;
  return reader.translate(`${K}.rule_text.${key}`, { values: listWords((shorter ? others : [...accepted]).map(name), reader.locale, shorter ? 'and' : 'or') });
}

/** What a rule checks, in words, and the lines that go with it: its reason or notice, the message a dossier shows, when it applies. */
export function ruleWords(rule: EligibilityRule, reader: Reader): { checks: string; lines: string[] } {
  const { definition, translate, locale } = reader;
  const t = (key: string, values?: Record<string, unknown>) => translate(`${K}.rule_text.${key}`, values);
  const parameter = (name: string) => valueWords(name, definition.parameters[name]?.value, reader);
  const countries = (codes: string[]) =>
    t('countries', {
      values: listWords(
        codes.map((code) => countryName(code, locale)),
        locale,
      ),
    });
  const lines: string[] = [];
  let checks: string;
  switch (rule.kind) {
    case 'permit-recorded':
      checks = t('permit_recorded');
      break;
    case 'permit-valid-on-filing-date':
      checks = t('permit_valid');
      break;
    case 'permit-kind':
      checks = acceptedWords(rule.permitKinds, PERMIT_KINDS, (k) => translate(`passerelle.permit_kind.${k}`, { _: k }), 'permits', rule, reader);
      break;
    case 'study-level':
      checks = acceptedWords(rule.levels, STUDY_LEVELS, (l) => translate(`passerelle.level.${l}`, { _: l }), 'levels', rule, reader);
      break;
    case 'enrolled-current-year':
      checks = rule.graceDays ? t('enrolled_grace', { days: parameter(rule.graceDays) }) : t('enrolled');
      break;
    case 'member-institution':
      checks = t('member');
      break;
    case 'nationality-excluded':
      checks = countries(rule.nationalities);
      lines.push(text(rule.reason, locale));
      break;
    case 'nationality-notice':
      checks = countries(rule.nationalities);
      lines.push(text(rule.notice, locale));
      break;
    case 'filing-window':
      checks = t('window', { opens: parameter(rule.opensDaysBefore), closes: parameter(rule.closesDaysBefore) });
      if (rule.lateTaxEur) lines.push(t('window_tax', { tax: parameter(rule.lateTaxEur) }));
      break;
    case 'permit-ends-before-course-end':
      checks = t('course_end');
      break;
    case 'document-absent': {
      const kinds = rule.kinds.map((kind) => text(definition.documentKinds[kind]?.names, locale) || kind);
      checks = t(rule.severity === 'warning' ? 'absent_warning' : 'absent', { values: listWords(kinds, locale, 'or') });
      break;
    }
    case 'fact-minimum': {
      const fact = definition.facts.find((f) => f.code === rule.fact);
      checks = t('minimum', { fact: text(fact?.names, locale) || rule.fact, minimum: parameter(rule.minimum) });
      break;
    }
  }
  // what a dossier the rule fails shows, in place of the finding's standard sentence
  if (rule.message) lines.push(translate(`${K}.rule_says`, { message: text(rule.message, locale) }));
  const when = whenWords(rule.when, reader);
  if (when) lines.push(when);
  return { checks, lines: lines.filter(Boolean) };
}

/** What an agent can answer to a fact: its choices, or the kind of answer. */
export function factAnswers(fact: FactDefinition, reader: Reader): string {
  const { translate, locale } = reader;
  if (fact.type === 'choice')
    return listWords(
      (fact.choices ?? []).map((c) => text(c.names, locale)),
      locale,
      'or',
    );
  return translate(`${K}.fact_type.${fact.type === 'number' && fact.unit === 'eur' ? 'eur' : fact.type}`);
}

/** The file limits of each channel: the procedure's own channel first, then the default for the others. */
export function fileLimits(reader: Reader): { channel: string; limits: string }[] {
  const { definition, translate, locale } = reader;
  const entries = Object.entries(definition.fileConstraints ?? {}).filter(([, c]) => !!c);
  entries.sort(([a], [b]) => (a === definition.channel ? -1 : b === definition.channel ? 1 : a === 'default' ? 1 : b === 'default' ? -1 : 0));
  return entries.map(([channel, c]) => ({
    channel:
      channel === 'default'
        ? translate(entries.length > 1 ? `${K}.other_channels` : `${K}.all_channels`)
        : translate(`passerelle.channel.${channel}`, { _: channel }),
    limits: translate(`${K}.file_limits`, {
      types: fileTypesInWords(c.types, locale),
      size: formatBytes(c.maxFileBytes, language(locale)),
      smart_count: c.maxFilesPerDocument,
    }),
  }));
}
