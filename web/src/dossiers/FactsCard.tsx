import { useState } from 'react';
import { useLocale, useTranslate } from 'react-admin';
import { Button, Card, CardContent, CardHeader, Checkbox, FormControl, FormControlLabel, Grid, InputLabel, MenuItem, Select, TextField } from '@mui/material';
import { api } from '../api/http';
import { localized } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import type { WorkflowActions } from './WorkflowActions';
import type { Dossier, FactDefinition } from './types';

/** The facts the procedure asks about (housing, diploma...), which decide what the checklist needs. */
export function FactsCard({ dossier, facts, run, busy }: { dossier: Dossier; facts: FactDefinition[]; run: Parameters<typeof WorkflowActions>[0]['run']; busy: boolean }) {
  const translate = useTranslate();
  const locale = useLocale();
  const [values, setValues] = useState<Record<string, string | boolean | number>>(dossier.facts ?? {});
  const [error, setError] = useState<unknown>(null);
  const editable = !['decided', 'closed'].includes(dossier.status);
  const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => dossier.facts?.[k] !== v && v !== ''));
  const save = async () => {
    setError(null);
    try {
      await run(() => api(`/api/dossiers/${dossier.id}`, { method: 'PATCH', body: { facts: changed }, ifMatch: dossier.version }), translate('passerelle.dossier.facts_saved'));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card component="section" aria-labelledby="facts-title">
      <CardHeader id="facts-title" title={translate('passerelle.dossier.facts')} titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
      <CardContent sx={{ pt: 0 }}>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Grid container spacing={2}>
          {facts.map((fact) => {
            const label = localized(fact.names, locale);
            const id = `fact-${fact.code}`;
            const value = values[fact.code];
            return (
              <Grid size={{ xs: 12, md: 6 }} key={fact.code}>
                {fact.type === 'boolean' ? (
                  <FormControlLabel control={<Checkbox id={id} checked={value === true} disabled={!editable} onChange={(e) => setValues({ ...values, [fact.code]: e.target.checked })} />} label={label} />
                ) : fact.type === 'choice' ? (
                  <FormControl fullWidth size="small">
                    <InputLabel id={`${id}-label`}>{label}</InputLabel>
                    <Select labelId={`${id}-label`} id={id} label={label} value={typeof value === 'string' ? value : ''} disabled={!editable} onChange={(e) => setValues({ ...values, [fact.code]: e.target.value })}>
                      {(fact.choices ?? []).map((c) => (
                        <MenuItem key={c.code} value={c.code}>
                          {localized(c.names, locale)}
                        </MenuItem>
                      ))}
                    </Select>
                  </FormControl>
                ) : fact.type === 'number' ? (
                  <TextField
                    id={id}
                    label={fact.unit === 'eur' ? `${label} (€)` : label}
                    type="number"
                    value={typeof value === 'number' ? value : ''}
                    disabled={!editable}
                    onChange={(e) => setValues({ ...values, [fact.code]: e.target.value === '' || Number.isNaN(Number(e.target.value)) ? '' : Number(e.target.value) })}
                    fullWidth
                    slotProps={{ htmlInput: { min: 0, step: fact.unit === 'eur' ? 0.01 : 'any' } }}
                  />
                ) : (
                  <TextField
                    id={id}
                    label={label}
                    type={fact.type === 'date' ? 'date' : 'text'}
                    value={typeof value === 'string' ? value : ''}
                    disabled={!editable}
                    onChange={(e) => setValues({ ...values, [fact.code]: e.target.value })}
                    fullWidth
                    slotProps={fact.type === 'date' ? { inputLabel: { shrink: true } } : undefined}
                  />
                )}
              </Grid>
            );
          })}
        </Grid>
        {editable && (
          <Button sx={{ mt: 2 }} variant="outlined" disabled={busy || Object.keys(changed).length === 0} onClick={() => void save()}>
            {translate('ra.action.save')}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
