import { AutocompleteInput, required, useLocale } from 'react-admin';
import { countryChoices } from '../common/labels';

type Countries = { birthCountry?: string | null; nationality?: string | null };

/**
 * A country picked by its name (« Maroc »), kept as the API takes it (ISO 3166 alpha-2, « MA »):
 * the agent chooses a country, never types a code.
 */
export function CountryInput({ source }: { source: keyof Countries }) {
  const locale = useLocale();
  return <AutocompleteInput source={source} choices={countryChoices(locale)} optionText="name" validate={required()} fullWidth />;
}
