import { useTranslate } from 'react-admin';
import { PERMIT_KINDS, SEXES, STUDY_LEVELS } from '../api/enums';

/** A select's choices: the API's values, in its order, each named in the agent's language (`<prefix>.<value>`). */
function useChoices(prefix: string, values: readonly string[]) {
  const translate = useTranslate();
  return values.map((id) => ({ id, name: translate(`${prefix}.${id}`, { _: id }) }));
}

/** The study levels, permit kinds and sexes the student forms offer: the API's enumerations (api/enums.ts). */
export const useLevelChoices = () => useChoices('passerelle.level', STUDY_LEVELS);
export const usePermitKindChoices = () => useChoices('passerelle.permit_kind', PERMIT_KINDS);
export const useSexChoices = () => useChoices('passerelle.sex', SEXES);
