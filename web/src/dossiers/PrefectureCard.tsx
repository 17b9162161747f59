import type { ReactNode } from 'react';
import { useGetManyReference, useLocale, useTranslate, type RaRecord } from 'react-admin';
import { Box, Card, CardContent, CardHeader, CircularProgress, Grid, List, ListItem, ListItemText, Typography } from '@mui/material';
import { departementName } from '../../../src/common/departements';
import { formatAppointment } from '../../../src/common/people-format';
import { formatDay } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { browserZone } from './prefectureForms';
import type { Dossier, Summons } from './types';

function Line({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Box sx={{ mb: 1 }} data-testid={testId}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Box>
  );
}

/**
 * The prefecture's side of a forwarded dossier, as the office follows it: which prefecture, the
 * decision in words, each summons (the day and time in words, the place), and the card ready and
 * handed over. Shown once the dossier has been filed with the prefecture.
 */
export function PrefectureCard({ dossier }: { dossier: Dossier }) {
  const translate = useTranslate();
  const locale = useLocale();
  const language = locale === 'en' ? 'en' : 'fr';
  const summonses = useGetManyReference<Summons & RaRecord>(
    'dossierSummonses',
    { target: 'dossierId', id: dossier.id, pagination: { page: 1, perPage: 10_000 } },
    { enabled: !!dossier.filedAt },
  );
  if (!dossier.filedAt) return null;
  const granted = dossier.status === 'decided' && dossier.decision === 'favourable';
  return (
    <Card component="section" aria-labelledby="prefecture-title" data-testid="prefecture-card">
      <CardHeader id="prefecture-title" title={translate('passerelle.prefecture.title')} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <CardContent sx={{ pt: 0 }}>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 4 }}>
            <Line label={translate('resources.dossiers.fields.prefecture')}>{departementName(dossier.prefecture) || '—'}</Line>
          </Grid>
          <Grid size={{ xs: 12, md: 4 }}>
            <Line label={translate('passerelle.prefecture.decision')} testId="prefecture-decision">
              {dossier.status === 'decided' && dossier.decision ? (
                <span data-decision={dossier.decision}>
                  {translate('passerelle.prefecture.decided', {
                    decision: translate(`passerelle.decision.${dossier.decision}`),
                    date: formatDay(dossier.decidedOn, locale),
                  })}
                </span>
              ) : (
                translate('passerelle.prefecture.pending')
              )}
            </Line>
          </Grid>
          {granted && (
            <Grid size={{ xs: 12, md: 4 }}>
              <Line label={translate('passerelle.prefecture.card')} testId="card-events">
                <div data-step="ready">
                  {dossier.cardReadyOn
                    ? translate('passerelle.prefecture.card_ready_on', { date: formatDay(dossier.cardReadyOn, locale) })
                    : translate('passerelle.prefecture.card_not_ready')}
                </div>
                {dossier.cardHandedOverOn && (
                  <div data-step="handed_over">
                    {translate('passerelle.prefecture.card_handed_over_on', { date: formatDay(dossier.cardHandedOverOn, locale) })}
                  </div>
                )}
              </Line>
            </Grid>
          )}
        </Grid>
        <Typography variant="caption" color="text.secondary" component="h3">
          {translate('passerelle.prefecture.summonses')}
        </Typography>
        <ProblemAlert error={summonses.error} />
        {summonses.isPending ? (
          <CircularProgress size={20} />
        ) : summonses.data?.length ? (
          <List dense disablePadding data-testid="summonses">
            {summonses.data.map((summons) => (
              <ListItem key={summons.id} disableGutters data-summons={summons.id}>
                <ListItemText
                  primary={formatAppointment(summons.appointmentAt, language, browserZone())}
                  secondary={[translate(`passerelle.prefecture.reasons.${summons.reason}`), summons.place, summons.note].filter(Boolean).join(' · ')}
                />
              </ListItem>
            ))}
          </List>
        ) : (
          <Typography variant="body2" sx={{ mb: 1 }}>
            {translate('passerelle.prefecture.no_summons')}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}
