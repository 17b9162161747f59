import { BooleanInput, DateInput, Form, NumberInput, SaveButton, SelectInput, TextInput, useLocale, useTranslate } from 'react-admin';
import { Card, CardContent, CardHeader, Grid } from '@mui/material';
import { localized } from '../common/format';
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
      <CardHeader id="facts-title" title={translate('passerelle.dossier.facts')} titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
      <CardContent sx={{ pt: 0 }}>
        <ProblemAlert error={save.error} onClose={save.reset} />
        {/* a refusal is shown above, from the mutation: the form only waits for it */}
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
                <FactInput fact={fact} disabled={!editable} />
              </Grid>
            ))}
          </Grid>
          {editable && <SaveButton variant="outlined" icon={null} disabled={busy} sx={{ mt: 2 }} />}
        </Form>
      </CardContent>
    </Card>
  );
}

/** The input a fact's type calls for, at `facts.<code>`. */
function FactInput({ fact, disabled }: { fact: FactDefinition; disabled: boolean }) {
  const locale = useLocale();
  const label = localized(fact.names, locale);
  const common = { id: `fact-${fact.code}`, source: `facts.${fact.code}`, label, disabled, helperText: false as const, fullWidth: true };
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
