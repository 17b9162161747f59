import { FormDataConsumer, TextInput, required, useTranslate } from 'react-admin';
import { useLabels } from '../common/useLabels';

type Countries = { birthCountry?: string | null; nationality?: string | null };

/**
 * A country as the API takes it (ISO 3166 alpha-2, « MA »), with its name under the field as the
 * agent types (« Maroc »): the agent checks the country, not the code.
 */
export function CountryInput({ source }: { source: keyof Countries }) {
  const translate = useTranslate();
  const labels = useLabels();
  return (
    <FormDataConsumer<Countries>>
      {({ formData }) => {
        const code = formData[source]?.trim().toUpperCase() ?? '';
        const named = /^[A-Z]{2}$/.test(code) ? labels.country(code) : '';
        return (
          <TextInput
            source={source}
            validate={required()}
            fullWidth
            parse={(typed: string) => typed.toUpperCase()}
            slotProps={{ htmlInput: { maxLength: 2 } }}
            helperText={named && named !== code ? named : translate('passerelle.students.country_help')}
          />
        );
      }}
    </FormDataConsumer>
  );
}
