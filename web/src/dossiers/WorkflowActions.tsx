import { useEffect, useState } from 'react';
import {
  DateInput,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  TextInput,
  maxValue,
  minValue,
  required,
  useDataProvider,
  useLocale,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Box, Button, CircularProgress, Paper, Stack, Typography } from '@mui/material';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { CLOSE_REASONS, DECISIONS } from '../api/enums';
import { realRecord } from '../api/restContract';
import type { SessionAgent } from '../api/session';
import { localized, officeToday } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { complementBody, filesWithPrefecture, needsReason, reasonRule, transitionBody, type ComplementValues, type MoveValues } from './dossierForms';
import { FormDialog } from './FormDialog';
import { useDossierBusy, useDossierChange, useTransitionRules } from './useDossierPage';
import type { Dossier, TransitionRule } from './types';

/** `deadline_expired` is the deadline job's, not an agent's. */
const AGENT_CLOSE_REASONS = CLOSE_REASONS.filter((reason) => reason !== 'deadline_expired');

/** The moves the dossier's status allows for the agent's role, each asking only what it needs. */
export function WorkflowActions({ dossier }: { dossier: Dossier }) {
  const translate = useTranslate();
  const { permissions } = usePermissions<SessionAgent | null>();
  const rules = useTransitionRules();
  const busy = useDossierBusy(dossier.id);
  const [open, setOpen] = useState<TransitionRule | null>(null);
  const role = permissions?.role ?? 'agent';
  const moves = (rules.data ?? []).filter((t) => t.from.includes(dossier.status) && t.roles.includes(role));
  if (rules.error) return <ProblemAlert error={rules.error} />;
  if (!moves.length)
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('passerelle.workflow.no_move')}
      </Typography>
    );
  return (
    <Box>
      <Stack direction="row" spacing={1} useFlexGap role="group" aria-label={translate('passerelle.workflow.actions')} sx={{ flexWrap: 'wrap' }}>
        {moves.map((move) => (
          <Button
            key={move.event}
            variant={move.to === 'closed' ? 'outlined' : 'contained'}
            color={move.to === 'closed' ? 'error' : move.to === 'incomplete' ? 'warning' : 'primary'}
            disabled={busy}
            data-move={move.event}
            onClick={() => setOpen(move)}
          >
            {translate(`passerelle.workflow.move.${move.event}`)}
          </Button>
        ))}
      </Stack>
      {open &&
        (open.via === 'complement-request' ? (
          <ComplementDialog dossier={dossier} onClose={() => setOpen(null)} />
        ) : (
          <TransitionDialog dossier={dossier} move={open} onClose={() => setOpen(null)} />
        ))}
    </Box>
  );
}

function TransitionDialog({ dossier, move, onClose }: { dossier: Dossier; move: TransitionRule; onClose: () => void }) {
  const translate = useTranslate();
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
        <Stack direction="row" spacing={2}>
          <SelectInput
            id="move-decision"
            source="decision"
            label={translate('resources.dossiers.fields.decision')}
            choices={decisions}
            validate={required()}
            fullWidth
          />
          <DateInput id="move-decided-on" source="decidedOn" label={translate('resources.dossiers.fields.decidedOn')} fullWidth />
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

/**
 * The complement request: what is missing (from the checklist), the delay, a word for the
 * student — and the e-mail exactly as the student will get it, before it is sent.
 */
function ComplementDialog({ dossier, onClose }: { dossier: Dossier; onClose: () => void }) {
  const translate = useTranslate();
  const [previewed, setPreviewed] = useState(false);
  const requested = useDossierChange(
    dossier.id,
    (dataProvider, values: ComplementValues) => dataProvider.requestComplement(dossier, complementBody(values)),
    translate('passerelle.complement.sent'),
  );
  return (
    <FormDialog<ComplementValues>
      titleId="complement-title"
      title={translate('passerelle.complement.title', { reference: dossier.reference })}
      defaultValues={{ message: '', dueInDays: null }}
      onSubmit={requested.mutateAsync}
      onClose={onClose}
      error={requested.error}
      onErrorClose={requested.reset}
      busy={requested.isPending}
      submitLabel={translate('passerelle.complement.send')}
      submitProps={{ color: 'warning', disabled: !previewed, 'data-testid': 'send-complement' }}
      maxWidth="md"
    >
      <Stack direction="row" spacing={2}>
        <TextInput id="complement-message" source="message" label={translate('passerelle.complement.message')} fullWidth multiline minRows={2} />
        <NumberInput
          id="complement-days"
          source="dueInDays"
          label={translate('passerelle.complement.due_in_days')}
          helperText={translate('passerelle.complement.due_in_days_help')}
          placeholder="30"
          min={1}
          max={180}
          step={1}
          validate={[minValue(1), maxValue(180)]}
          sx={{ width: 240, flexShrink: 0 }}
        />
      </Stack>
      <FormDataConsumer<ComplementValues>>
        {({ formData }) => <ComplementPreview dossierId={dossier.id} values={formData} onPreviewed={setPreviewed} />}
      </FormDataConsumer>
    </FormDialog>
  );
}

/** The e-mail the request would send, read again (through the data provider) a moment after the agent stops typing. */
function ComplementPreview({ dossierId, values, onPreviewed }: { dossierId: string; values: ComplementValues; onPreviewed: (previewed: boolean) => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const body = useSettled(complementBody(values), 300);
  const preview = useQuery({
    queryKey: ['dossierComplementPreview', dossierId, body],
    queryFn: async () => (await dataProvider.previewComplement(dossierId, body)).data,
    // the e-mail shown stays until the next one comes, so the dialog does not flicker as the agent types
    placeholderData: keepPreviousData,
  });
  const data = realRecord(preview.data);
  useEffect(() => onPreviewed(data !== undefined), [data, onPreviewed]);
  return (
    <>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        {translate('passerelle.complement.preview')}
      </Typography>
      <ProblemAlert error={preview.error} />
      {!data && !preview.error && <CircularProgress size={24} />}
      {data && (
        <Paper variant="outlined" sx={{ p: 2, mt: 1 }} data-testid="complement-preview">
          <Typography variant="body2" color="text.secondary">
            {translate('passerelle.complement.to')}: {data.email.to} · {translate('passerelle.complement.language')}: {data.email.language.toUpperCase()}
          </Typography>
          <Typography variant="body2" sx={{ mb: 1, fontWeight: 600 }} data-testid="preview-subject">
            {data.email.subject}
          </Typography>
          <Box component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', fontSize: 14, m: 0 }} data-testid="preview-text">
            {data.email.text}
          </Box>
          <Typography variant="caption" color="text.secondary" sx={{ mt: 1, display: 'block' }}>
            {translate('passerelle.complement.items_count', { smart_count: data.items.length })}: {data.items.map((i) => localized(i.what, locale)).join(' · ')}
          </Typography>
        </Paper>
      )}
    </>
  );
}

/** The value once it has stopped changing for `ms` (compared as JSON). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const json = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(json) as T), ms);
    return () => clearTimeout(timer);
  }, [json, ms]);
  return settled;
}
