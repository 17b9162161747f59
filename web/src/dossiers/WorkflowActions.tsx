import { useState } from 'react';
import { DateInput, FormDataConsumer, RadioButtonGroupInput, SelectInput, TextInput, required, useLocale, usePermissions, useTranslate } from 'react-admin';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { CLOSE_REASONS, DECISIONS } from '../api/enums';
import type { SessionAgent } from '../api/session';
import { formatDay, officeToday } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { ComplementDialog } from './ComplementDialog';
import { filesWithPrefecture, needsReason, reasonRule, transitionBody, type MoveValues } from './dossierForms';
import { FormDialog } from './FormDialog';
import { PrefectureDialog } from './PrefectureDialogs';
import { decidedOnRule, prefectureSteps, type PrefectureStep } from './prefectureForms';
import { useDossierBusy, useDossierChange, useTransitionRules } from './useDossierPage';
import type { Dossier, TransitionRule } from './types';

/** `deadline_expired` is the deadline job's, not an agent's. */
const AGENT_CLOSE_REASONS = CLOSE_REASONS.filter((reason) => reason !== 'deadline_expired');

/** What the agent opened: a move of the workflow, or a step of the prefecture's leg. */
type Opened = { move: TransitionRule } | { step: PrefectureStep };

/**
 * What can be done next: the moves the dossier's status allows for the agent's role, each asking
 * only what it needs, and — once forwarded — what the prefecture does (a summons, the card ready,
 * the card handed over). Closing comes last.
 */
export function WorkflowActions({ dossier }: { dossier: Dossier }) {
  const translate = useTranslate();
  const { permissions } = usePermissions<SessionAgent | null>();
  const rules = useTransitionRules();
  const busy = useDossierBusy(dossier.id);
  const [open, setOpen] = useState<Opened | null>(null);
  const role = permissions?.role ?? 'agent';
  const moves = (rules.data ?? []).filter((t) => t.from.includes(dossier.status) && t.roles.includes(role));
  const steps = prefectureSteps(dossier);
  if (rules.error) return <ProblemAlert error={rules.error} />;
  if (!moves.length && !steps.length)
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('passerelle.workflow.no_move')}
      </Typography>
    );
  const moveButton = (move: TransitionRule) => (
    <Button
      key={move.event}
      variant={move.to === 'closed' ? 'outlined' : 'contained'}
      color={move.to === 'closed' ? 'error' : move.to === 'incomplete' ? 'warning' : 'primary'}
      disabled={busy}
      data-move={move.event}
      onClick={() => setOpen({ move })}
    >
      {translate(`passerelle.workflow.move.${move.event}`)}
    </Button>
  );
  return (
    <Box>
      <Stack direction="row" spacing={1} useFlexGap role="group" aria-label={translate('passerelle.workflow.actions')} sx={{ flexWrap: 'wrap' }}>
        {moves.filter((move) => move.to !== 'closed').map(moveButton)}
        {steps.map((step) => (
          <Button key={step} variant="outlined" disabled={busy} data-step={step} onClick={() => setOpen({ step })}>
            {translate(step === 'summons' ? 'passerelle.prefecture.summon' : `passerelle.prefecture.card_step.${step}`)}
          </Button>
        ))}
        {moves.filter((move) => move.to === 'closed').map(moveButton)}
      </Stack>
      {open &&
        ('step' in open ? (
          <PrefectureDialog dossier={dossier} step={open.step} onClose={() => setOpen(null)} />
        ) : open.move.via === 'complement-request' ? (
          <ComplementDialog dossier={dossier} onClose={() => setOpen(null)} />
        ) : (
          <TransitionDialog dossier={dossier} move={open.move} onClose={() => setOpen(null)} />
        ))}
    </Box>
  );
}

function TransitionDialog({ dossier, move, onClose }: { dossier: Dossier; move: TransitionRule; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const moved = useDossierChange(
    dossier.id,
    (dataProvider, values: MoveValues) => dataProvider.transition(dossier, transitionBody(move, dossier, values)),
    translate('passerelle.workflow.moved', { status: translate(`passerelle.status.${move.to}`) }),
  );
  const decisions = DECISIONS.map((id) => ({ id, name: translate(`passerelle.decision.${id}`) }));
  const closeReasons = AGENT_CLOSE_REASONS.map((id) => ({ id, name: translate(`passerelle.close_reason.${id}`) }));
  return (
    <FormDialog<MoveValues>
      titleId="move-title"
      title={`${translate(`passerelle.workflow.move.${move.event}`)} — ${dossier.reference}`}
      defaultValues={{ decidedOn: officeToday(), filedOn: officeToday() }}
      onSubmit={moved.mutateAsync}
      onClose={onClose}
      error={moved.error}
      onErrorClose={moved.reset}
      busy={moved.isPending}
      submitLabel={translate('ra.action.confirm')}
      submitProps={{ 'data-testid': 'confirm-move' }}
    >
      {move.emailsStudent && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {translate('passerelle.workflow.emails_student')}
        </Alert>
      )}
      {move.to === 'decided' && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
          <RadioButtonGroupInput
            id="move-decision"
            source="decision"
            label={translate('resources.dossiers.fields.decision')}
            choices={decisions}
            validate={required()}
            sx={{ flex: 1 }}
          />
          <DateInput
            id="move-decided-on"
            source="decidedOn"
            label={translate('resources.dossiers.fields.decidedOn')}
            validate={decidedOnRule(dossier, officeToday(), { writeDay: (day) => formatDay(day, locale) })}
            sx={{ flex: 1 }}
          />
        </Stack>
      )}
      {move.to === 'closed' && (
        <SelectInput
          id="move-close-reason"
          source="closeReason"
          label={translate('resources.dossiers.fields.closeReason')}
          choices={closeReasons}
          validate={required()}
          fullWidth
        />
      )}
      {filesWithPrefecture(move, dossier) && (
        <Stack direction="row" spacing={2}>
          <DateInput id="move-filed-on" source="filedOn" label={translate('resources.dossiers.fields.filedAt')} fullWidth />
          <TextInput id="move-prefecture-reference" source="prefectureReference" label={translate('resources.dossiers.fields.prefectureReference')} fullWidth />
        </Stack>
      )}
      {/* closing "for another reason" asks for one: the label says so as the close reason is chosen */}
      <FormDataConsumer<MoveValues>>
        {({ formData }) => (
          <TextInput
            id="move-reason"
            source="reason"
            label={translate('passerelle.workflow.reason') + (needsReason(move, formData) ? ' *' : '')}
            validate={reasonRule(move)}
            fullWidth
            multiline
            minRows={2}
          />
        )}
      </FormDataConsumer>
    </FormDialog>
  );
}
