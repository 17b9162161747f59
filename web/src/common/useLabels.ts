import { useMemo } from 'react';
import { useGetList, useLocale, useTranslate, type RaRecord } from 'react-admin';
import * as enums from '../api/enums';
import { departementName, prefectureName } from '../../../src/common/departements';
import { localized, type LocalizedText } from './format';
/** The labels of codes for the screens (common/labels.ts says which and how), in the agent's language. */
import { countryName, ENUM_LABELS, language, languageName, sourceTitle, type EnumName } from './labels';

type ProcedureRow = RaRecord & { code: string; names: LocalizedText };

/**
 * The catalog's procedures by name (GET /api/procedures, read once and shared by every screen
 * through react-query's cache): `name('rece')` is « Carte de séjour « recherche d’emploi… » »,
 * « … » while the catalog loads; `choices` for a select.
 */
export function useProcedures() {
  const locale = useLocale();
  // `meta` keeps these summaries out of react-admin's getOne cache, where a procedure's page expects its definition
  const { data } = useGetList<ProcedureRow>('procedures', { pagination: { page: 1, perPage: 100 }, meta: { summaries: true } }, { staleTime: 10 * 60_000 });
  return useMemo(() => {
    const byCode = new Map((data ?? []).map((p) => [p.code, localized(p.names, locale)]));
    return {
      /** A procedure's name; the code only for one the catalog does not know (it never deletes one). */
      name: (code: string | null | undefined) => (!code ? '—' : (byCode.get(code) ?? (data ? code : '…'))),
      choices: [...byCode].map(([id, name]) => ({ id, name })),
    };
  }, [data, locale]);
}

/** The labels of every code, in the agent's language. */
export function useLabels() {
  const translate = useTranslate();
  const locale = useLocale();
  return useMemo(() => {
    const of = (kind: EnumName, value: string | null | undefined) => (value ? translate(`passerelle.${ENUM_LABELS[kind]}.${value}`, { _: value }) : '—');
    return {
      /** A value of one of the API's enumerations: `of('STUDY_LEVELS', 'm2')` is « Master 2 ». */
      of,
      /** A select's choices: the enumeration's values, in the API's order, each named. */
      choices: (kind: EnumName) => (enums[kind] as readonly string[]).map((id) => ({ id, name: of(kind, id) })),
      country: (code: string | null | undefined) => countryName(code, locale),
      language: (code: string | null | undefined) => languageName(code, locale),
      /** « Préfecture d’Ille-et-Vilaine » for "35". */
      prefecture: (code: string | null | undefined) => (code ? prefectureName(code, language(locale)) : '—'),
      /** « Ille-et-Vilaine (35) » for "35". */
      departement: (code: string | null | undefined) => (code ? departementName(code) : '—'),
      source: (source: { id: string; title: string }) => sourceTitle(source, translate, locale),
    };
  }, [translate, locale]);
}
