import { BooleanInput, DateInput, Form, NumberInput, SaveButton, SelectInput, TextInput, useLocale, useTranslate } from 'react-admin';
import { Card, CardContent, CardHeader, Grid, Typography } from '@mui/material';
import { formatEuros } from '../../../src/common/people-format';
import { formatDay, localized } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { changedFacts, type FactValues } from './dossierForms';
import { useDossierBusy, useDossierChange } from './useDossierPage';
import type { Dossier, FactDefinition } from './types';

/** The facts the procedure asks about (housing, diploma...), which decide what the checklist needs. */
export function FactsCard({ dossier, facts }: { dossier: Dossier; facts: FactDefinition[] }) {
  const translate = useTranslate();
  const busy = useDossierBusy(dossier.id);
  const save = useDossierChange(
    dossier.id,
    (dataProvider, values: FactValues) => {
      const changed = changedFacts(dossier.facts, values.facts);
      // the API merges the facts sent into the dossier's: only what changed goes
      if (!Object.keys(changed).length) return Promise.resolve({ data: dossier });
      return dataProvider.update('dossiers', { id: dossier.id, data: { facts: changed }, previousData: dossier });
    },
    translate('passerelle.dossier.facts_saved'),
  );
  const editable = !['decided', 'closed'].includes(dossier.status);
  return (
    <Card component="section" aria-labelledby="facts-title">
      <CardHeader id="facts-title" title={translate('passerelle.dossier.facts')} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <CardContent sx={{ pt: 0 }}>
        <ProblemAlert error={save.error} onClose={save.reset} />
        {/* a decided or closed dossier's facts are read, not edited: each with its value in words */}
        {!editable && (
          <Grid container spacing={2} component="dl" sx={{ m: 0 }} data-testid="facts-read">
            {facts.map((fact) => (
              <FactValue key={fact.code} fact={fact} value={dossier.facts?.[fact.code]} />
            ))}
          </Grid>
        )}
        {/* a refusal is shown above, from the mutation: the form only waits for it */}
        {editable && (
          <Form
            defaultValues={{ facts: dossier.facts ?? {} }}
            onSubmit={(values: FactValues) =>
              save.mutateAsync(values).then(
                () => undefined,
                () => undefined,
              )
            }
          >
            <Grid container spacing={2}>
              {facts.map((fact) => (
                <Grid size={{ xs: 12, md: 6 }} key={fact.code}>
                  <FactInput fact={fact} />
                </Grid>
              ))}
            </Grid>
            <SaveButton variant="outlined" icon={null} disabled={busy} sx={{ mt: 2 }} />
          </Form>
        )}
      </CardContent>
    </Card>
  );
}

/** The input a fact's type calls for, at `facts.<code>`. */
function FactInput({ fact }: { fact: FactDefinition }) {
  const locale = useLocale();
  const label = localized(fact.names, locale);
  const common = { id: `fact-${fact.code}`, source: `facts.${fact.code}`, label, helperText: false as const, fullWidth: true };
  switch (fact.type) {
    case 'boolean':
      return <BooleanInput {...common} />;
    case 'choice':
      return <SelectInput {...common} choices={(fact.choices ?? []).map((c) => ({ id: c.code, name: localized(c.names, locale) }))} />;
    case 'number':
      return <NumberInput {...common} label={fact.unit === 'eur' ? `${label} (€)` : label} min={0} step={fact.unit === 'eur' ? 0.01 : 'any'} />;
    case 'date':
      return <DateInput {...common} />;
    default:
      return <TextInput {...common} />;
  }
}

/** A fact as the agent reads it: its name, and its value in words (« Oui », « Hébergé chez un particulier », « 2 janvier 2027 », « 1 200 € »). */
function FactValue({ fact, value }: { fact: FactDefinition; value: string | number | boolean | undefined }) {
  const translate = useTranslate();
  const locale = useLocale();
  const language = locale === 'en' ? 'en' : 'fr';
  const unset = value === undefined || value === '';
  let text: string;
  if (unset) text = translate('passerelle.dossier.fact_unset');
  else if (fact.type === 'boolean') text = translate(value ? 'passerelle.dossier.fact_yes' : 'passerelle.dossier.fact_no');
  else if (fact.type === 'choice') text = localized(fact.choices?.find((c) => c.code === value)?.names, locale) || String(value);
  else if (fact.type === 'date') text = formatDay(String(value), locale);
  else if (fact.type === 'number' && typeof value === 'number')
    text = fact.unit === 'eur' ? formatEuros(value, language) : new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR').format(value);
  else text = String(value);
  return (
    <Grid size={{ xs: 12, md: 6 }} data-fact={fact.code}>
      <Typography component="dt" variant="caption" color="text.secondary">
        {localized(fact.names, locale)}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0 }} color={unset ? 'text.secondary' : undefined}>
        {text}
      </Typography>
    </Grid>
  );
}
