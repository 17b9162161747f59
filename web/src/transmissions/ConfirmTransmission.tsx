import { useLocale, useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { departementName } from '../../../src/common/departements';
import { formatDay, studentName } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { useProcedures } from '../common/useLabels';
import { batchPrefecture, type TransmissionDraft } from './transmissionDraft';

/**
 * The last look before a batch leaves: the dossiers, the contact, the prefecture and the day.
 * Nothing is sent until the agent confirms; a refusal is shown here, and the batch stays as it was.
 */
export function ConfirmTransmission({
  draft,
  onConfirm,
  onClose,
  busy,
  error,
}: {
  draft: TransmissionDraft;
  onConfirm: () => void;
  onClose: () => void;
  busy: boolean;
  error: unknown;
}) {
  const translate = useTranslate();
  const locale = useLocale();
  const procedureName = useProcedures().name;
  const prefecture = batchPrefecture(draft);
  const facts: [string, string][] = [
    [translate('resources.transmissions.fields.contact'), draft.contact.trim()],
    [translate('resources.transmissions.fields.prefecture'), prefecture ? departementName(prefecture) : translate('passerelle.transmissions.prefecture_any')],
    [translate('resources.transmissions.fields.sentOn'), formatDay(draft.sentOn, locale)],
    ...(draft.note.trim() ? ([[translate('resources.transmissions.fields.note'), draft.note.trim()]] as [string, string][]) : []),
  ];
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="confirm-transmission-title"
      fullWidth
      maxWidth="md"
      data-testid="confirm-transmission-dialog"
    >
      <DialogTitle id="confirm-transmission-title">{translate('passerelle.transmissions.confirm_title')}</DialogTitle>
      <DialogContent>
        <ProblemAlert error={error} />
        <Box
          component="dl"
          sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0, mb: 2 }}
          data-testid="confirm-facts"
        >
          {facts.map(([label, value]) => (
            <Box key={label} sx={{ display: 'contents' }}>
              <Typography component="dt" variant="body2" color="text.secondary">
                {label}
              </Typography>
              <Typography component="dd" variant="body2" sx={{ m: 0, fontWeight: 600 }}>
                {value}
              </Typography>
            </Box>
          ))}
        </Box>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {translate('passerelle.transmissions.confirm_intro', { smart_count: draft.dossiers.length })}
        </Typography>
        <Table size="small" aria-label={translate('resources.transmissions.fields.items')} data-testid="confirm-dossiers">
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.dossiers.fields.reference')}</TableCell>
              <TableCell>{translate('resources.dossiers.fields.student')}</TableCell>
              <TableCell>{translate('resources.dossiers.fields.procedureCode')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {draft.dossiers.map((dossier) => (
              <TableRow key={dossier.id} data-reference={dossier.reference}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{dossier.reference}</TableCell>
                <TableCell>{studentName(dossier.student)}</TableCell>
                <TableCell>{procedureName(dossier.procedureCode)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Alert severity="info" sx={{ mt: 2 }}>
          {translate('passerelle.transmissions.confirm_effect')}
        </Alert>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {translate('ra.action.cancel')}
        </Button>
        <Button
          variant="contained"
          onClick={onConfirm}
          disabled={busy}
          startIcon={busy ? <CircularProgress size={14} color="inherit" /> : undefined}
          data-testid="confirm-transmission"
        >
          {translate('passerelle.transmissions.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
