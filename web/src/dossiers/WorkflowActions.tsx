import { useEffect, useState } from 'react';
import { useLocale, usePermissions, useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { api } from '../api/http';
import type { SessionAgent } from '../api/session';
import { localized, officeToday } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { useTransitionRules } from './useDossierPage';
import type { ComplementPreview, Dossier, TransitionRule } from './types';

const CLOSE_REASONS = ['withdrawn', 'not_eligible', 'duplicate', 'other'] as const;

interface Props {
  dossier: Dossier;
  run: <T>(task: () => Promise<T>, success?: string) => Promise<T | undefined>;
  busy: boolean;
}

/** The moves the dossier's status allows for the agent's role, each asking only what it needs. */
export function WorkflowActions({ dossier, run, busy }: Props) {
  const translate = useTranslate();
  const { permissions } = usePermissions<SessionAgent | null>();
  const rules = useTransitionRules();
  const [open, setOpen] = useState<TransitionRule | null>(null);
  const [complement, setComplement] = useState(false);
  const role = permissions?.role ?? 'agent';
  const moves = (rules.data ?? []).filter((t) => t.from.includes(dossier.status) && t.roles.includes(role));
  if (!moves.length) return <Typography variant="body2" color="text.secondary">{translate('passerelle.workflow.no_move')}</Typography>;
  return (
    <Box>
      <Stack direction="row" spacing={1} useFlexGap role="group" aria-label={translate('passerelle.workflow.actions')} sx={{ flexWrap: 'wrap' }}>
        {moves.map((move) => (
          <Button
            key={`${move.event}`}
            variant={move.to === 'closed' ? 'outlined' : 'contained'}
            color={move.to === 'closed' ? 'error' : move.to === 'incomplete' ? 'warning' : 'primary'}
            disabled={busy}
            data-move={move.event}
            onClick={() => (move.via === 'complement-request' ? setComplement(true) : setOpen(move))}
          >
            {translate(`passerelle.workflow.move.${move.event}`)}
          </Button>
        ))}
      </Stack>
      {open && <TransitionDialog dossier={dossier} move={open} run={run} onClose={() => setOpen(null)} />}
      {complement && <ComplementDialog dossier={dossier} run={run} onClose={() => setComplement(false)} />}
    </Box>
  );
}

function TransitionDialog({ dossier, move, run, onClose }: { dossier: Dossier; move: TransitionRule; run: Props['run']; onClose: () => void }) {
  const translate = useTranslate();
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState('');
  const [decidedOn, setDecidedOn] = useState(officeToday());
  const [closeReason, setCloseReason] = useState('');
  const [filedOn, setFiledOn] = useState(officeToday());
  const [prefectureReference, setPrefectureReference] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needsReason = move.requires.includes('reason') || (move.to === 'closed' && closeReason === 'other');
  const body: Record<string, unknown> = { to: move.to };
  if (reason.trim()) body.reason = reason.trim();
  if (move.to === 'decided') Object.assign(body, { decision: decision || undefined, decidedOn });
  if (move.to === 'closed') body.closeReason = closeReason || undefined;
  if (move.to === 'forwarded' && dossier.status === 'verified') Object.assign(body, { filedOn, ...(prefectureReference.trim() ? { prefectureReference: prefectureReference.trim() } : {}) });
  const ready = (!needsReason || reason.trim()) && (move.to !== 'decided' || decision) && (move.to !== 'closed' || closeReason);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await run(() => api(`/api/dossiers/${dossier.id}/transitions`, { method: 'POST', body, ifMatch: dossier.version }), translate('passerelle.workflow.moved', { status: translate(`passerelle.status.${move.to}`) }));
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="move-title" fullWidth maxWidth="sm">
      <DialogTitle id="move-title">{translate(`passerelle.workflow.move.${move.event}`)} — {dossier.reference}</DialogTitle>
      <DialogContent>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        {move.emailsStudent && <Alert severity="info" sx={{ mb: 1 }}>{translate('passerelle.workflow.emails_student')}</Alert>}
        {move.to === 'decided' && (
          <Stack direction="row" spacing={2}>
            <FormControl fullWidth margin="normal">
              <InputLabel id="move-decision-label">{translate('resources.dossiers.fields.decision')}</InputLabel>
              <Select labelId="move-decision-label" id="move-decision" label={translate('resources.dossiers.fields.decision')} value={decision} onChange={(e) => setDecision(e.target.value)}>
                <MenuItem value="favourable">{translate('passerelle.decision.favourable')}</MenuItem>
                <MenuItem value="refused">{translate('passerelle.decision.refused')}</MenuItem>
              </Select>
            </FormControl>
            <TextField id="move-decided-on" label={translate('resources.dossiers.fields.decidedOn')} type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} margin="normal" slotProps={{ inputLabel: { shrink: true } }} fullWidth />
          </Stack>
        )}
        {move.to === 'closed' && (
          <FormControl fullWidth margin="normal">
            <InputLabel id="move-close-reason-label">{translate('resources.dossiers.fields.closeReason')}</InputLabel>
            <Select labelId="move-close-reason-label" id="move-close-reason" label={translate('resources.dossiers.fields.closeReason')} value={closeReason} onChange={(e) => setCloseReason(e.target.value)}>
              {CLOSE_REASONS.map((r) => (
                <MenuItem key={r} value={r}>
                  {translate(`passerelle.close_reason.${r}`)}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        )}
        {move.to === 'forwarded' && dossier.status === 'verified' && (
          <Stack direction="row" spacing={2}>
            <TextField id="move-filed-on" label={translate('resources.dossiers.fields.filedAt')} type="date" value={filedOn} onChange={(e) => setFiledOn(e.target.value)} margin="normal" slotProps={{ inputLabel: { shrink: true } }} fullWidth />
            <TextField id="move-prefecture-reference" label={translate('resources.dossiers.fields.prefectureReference')} value={prefectureReference} onChange={(e) => setPrefectureReference(e.target.value)} margin="normal" fullWidth />
          </Stack>
        )}
        <TextField
          id="move-reason"
          label={translate('passerelle.workflow.reason') + (needsReason ? ' *' : '')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          fullWidth
          multiline
          minRows={2}
          margin="normal"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={busy || !ready} data-testid="confirm-move">
          {translate('ra.action.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The complement request: what is missing (from the checklist), the delay, a word for the
 * student — and the e-mail exactly as the student will get it, before it is sent.
 */
function ComplementDialog({ dossier, run, onClose }: { dossier: Dossier; run: Props['run']; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const [message, setMessage] = useState('');
  const [dueInDays, setDueInDays] = useState<string>('');
  const [preview, setPreview] = useState<ComplementPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const body = { ...(message.trim() ? { message: message.trim() } : {}), ...(dueInDays ? { dueInDays: Number(dueInDays) } : {}) };
  const bodyKey = JSON.stringify(body);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      api<ComplementPreview>(`/api/dossiers/${dossier.id}/complement-requests/preview`, { method: 'POST', body: JSON.parse(bodyKey) })
        .then(({ json }) => {
          if (!cancelled) {
            setPreview(json);
            setPreviewError(null);
          }
        })
        .catch((failure) => !cancelled && (setPreviewError(failure), setPreview(null)));
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [dossier.id, bodyKey]);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await run(() => api(`/api/dossiers/${dossier.id}/complement-requests`, { method: 'POST', body, ifMatch: dossier.version }), translate('passerelle.complement.sent'));
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="complement-title" fullWidth maxWidth="md">
      <DialogTitle id="complement-title">{translate('passerelle.complement.title', { reference: dossier.reference })}</DialogTitle>
      <DialogContent>
        <ProblemAlert error={error ?? previewError} />
        <Stack direction="row" spacing={2}>
          <TextField id="complement-message" label={translate('passerelle.complement.message')} value={message} onChange={(e) => setMessage(e.target.value)} fullWidth multiline minRows={2} margin="normal" />
          <TextField
            id="complement-days"
            label={translate('passerelle.complement.due_in_days')}
            type="number"
            value={dueInDays}
            placeholder="30"
            onChange={(e) => setDueInDays(e.target.value)}
            margin="normal"
            sx={{ width: 180 }}
            slotProps={{ htmlInput: { min: 1, max: 180 } }}
          />
        </Stack>
        <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
          {translate('passerelle.complement.preview')}
        </Typography>
        {!preview && !previewError && <CircularProgress size={24} />}
        {preview && (
          <Paper variant="outlined" sx={{ p: 2, mt: 1 }} data-testid="complement-preview">
            <Typography variant="body2" color="text.secondary">
              {translate('passerelle.complement.to')}: {preview.email.to} · {translate('passerelle.complement.language')}: {preview.email.language.toUpperCase()}
            </Typography>
            <Typography variant="body2" sx={{mb: 1, fontWeight: 600}} data-testid="preview-subject">
              {preview.email.subject}
            </Typography>
            <Box component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', fontSize: 14, m: 0 }} data-testid="preview-text">
              {preview.email.text}
            </Box>
            <Typography variant="caption" color="text.secondary" sx={{mt: 1, display: 'block'}}>
              {translate('passerelle.complement.items_count', { smart_count: preview.items.length })}: {preview.items.map((i) => localized(i.what, locale)).join(' · ')}
            </Typography>
          </Paper>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="warning" onClick={() => void send()} disabled={busy || !preview} data-testid="send-complement">
          {translate('passerelle.complement.send')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
