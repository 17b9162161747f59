import { DateInput, DateTimeInput, SelectInput, TextInput, maxLength, required, useLocale, useTranslate } from 'react-admin';
import { Alert, Stack } from '@mui/material';
import { SUMMONS_REASONS } from '../api/enums';
import { formatDay, officeToday } from '../common/format';
import { FormDialog } from './FormDialog';
import {
  appointmentRule,
  browserZone,
  cardDayRule,
  cardEventBody,
  summonsBody,
  type CardStep,
  type PrefectureStep,
  type SummonsValues,
} from './prefectureForms';
import { useDossierChange } from './useDossierPage';
import type { Dossier } from './types';

/** The dialog of a step of the prefecture's leg. */
export function PrefectureDialog({ dossier, step, onClose }: { dossier: Dossier; step: PrefectureStep; onClose: () => void }) {
  return step === 'summons' ? <SummonsDialog dossier={dossier} onClose={onClose} /> : <CardDialog dossier={dossier} step={step} onClose={onClose} />;
}

/** A summons of the student: why, when (on the agent's clock), where; the student is e-mailed. */
function SummonsDialog({ dossier, onClose }: { dossier: Dossier; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const summoned = useDossierChange(
    dossier.id,
    (dataProvider, values: SummonsValues) => dataProvider.summon(dossier, summonsBody(values)),
    translate('passerelle.prefecture.summoned'),
  );
  const reasons = SUMMONS_REASONS.map((id) => ({ id, name: translate(`passerelle.prefecture.reasons.${id}`) }));
  // once granted, the prefecture summons the student to collect the card
  const reason = dossier.status === 'decided' ? 'card_collection' : 'fingerprints';
  return (
    <FormDialog<SummonsValues>
      titleId="summons-title"
      title={translate('passerelle.prefecture.summons_title', { reference: dossier.reference })}
      defaultValues={{ reason, appointmentAt: '', place: '', note: '' }}
      onSubmit={summoned.mutateAsync}
      onClose={onClose}
      error={summoned.error}
      onErrorClose={summoned.reset}
      busy={summoned.isPending}
      submitLabel={translate('ra.action.save')}
      submitProps={{ 'data-testid': 'save-summons' }}
    >
      <Alert severity="info" sx={{ mb: 1 }}>
        {translate('passerelle.workflow.emails_student')}
      </Alert>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <SelectInput
          id="summons-reason"
          source="reason"
          label={translate('passerelle.prefecture.reason')}
          choices={reasons}
          validate={required()}
          sx={{ flex: 1 }}
        />
        <DateTimeInput
          id="summons-at"
          source="appointmentAt"
          label={translate('passerelle.prefecture.appointment_at')}
          helperText={translate('passerelle.prefecture.appointment_help', { zone: browserZone() })}
          validate={appointmentRule(dossier, officeToday(), { writeDay: (day) => formatDay(day, locale) })}
          sx={{ flex: 1 }}
        />
      </Stack>
      <TextInput id="summons-place" source="place" label={translate('passerelle.prefecture.place')} validate={[required(), maxLength(300)]} fullWidth />
      <TextInput id="summons-note" source="note" label={translate('passerelle.prefecture.note')} validate={maxLength(1000)} fullWidth multiline minRows={2} />
    </FormDialog>
  );
}

/** The card ready at the prefecture (the student is e-mailed), or handed over: on which day. */
function CardDialog({ dossier, step, onClose }: { dossier: Dossier; step: CardStep; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const recorded = useDossierChange(
    dossier.id,
    (dataProvider, values: { on?: string | null }) => dataProvider.cardEvent(dossier, cardEventBody(step, values)),
    translate(`passerelle.prefecture.card_saved.${step}`),
  );
  return (
    <FormDialog<{ on?: string | null }>
      titleId="card-title"
      title={translate(`passerelle.prefecture.card_title.${step}`, { reference: dossier.reference })}
      defaultValues={{ on: officeToday() }}
      onSubmit={recorded.mutateAsync}
      onClose={onClose}
      error={recorded.error}
      onErrorClose={recorded.reset}
      busy={recorded.isPending}
      submitLabel={translate('ra.action.save')}
      submitProps={{ 'data-testid': 'save-card-event' }}
    >
      {step === 'ready' && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {translate('passerelle.workflow.emails_student')}
        </Alert>
      )}
      <DateInput
        id="card-on"
        source="on"
        label={translate(`passerelle.prefecture.card_on.${step}`)}
        validate={cardDayRule(step, dossier, officeToday(), { writeDay: (day) => formatDay(day, locale) })}
        fullWidth
      />
    </FormDialog>
  );
}
