import { useLocale, useTranslate } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Typography } from '@mui/material';
import { localized } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { SENTENCE_CASE } from './DocumentItem';
import type { Acceptance } from './documentWords';
import { useDossierChange } from './useDossierPage';
import type { Dossier } from './types';

interface Props {
  dossier: Dossier;
  acceptance: Acceptance;
  kindName: (kind: string) => string;
  onClose: () => void;
}

/**
 * "Accept all the documents left", confirmed: the dialog lists what will be accepted, and what
 * is not (a document the checklist blames is looked at alone), then accepts them in one go.
 * A refusal part-way leaves those accepted accepted: the page is read again, the dialog stays
 * open on what is left, with the refusal.
 */
export function AcceptAllDialog({ dossier, acceptance, kindName, onClose }: Props) {
  const translate = useTranslate();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const count = acceptance.accept.length;
  const acceptAll = useDossierChange(
    dossier.id,
    (dataProvider, ids: string[]) => dataProvider.acceptDocuments(dossier, ids),
    translate('passerelle.documents.accepted_all', { smart_count: count }),
  );
  const confirm = () =>
    acceptAll.mutate(
      acceptance.accept.map((d) => d.id),
      { onSuccess: onClose, onError: () => void queryClient.invalidateQueries() },
    );
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="accept-all-title"
      aria-describedby="accept-all-help"
      fullWidth
      maxWidth="sm"
      data-testid="accept-all-dialog"
    >
      <DialogTitle id="accept-all-title">{translate('passerelle.documents.accept_all_title', { smart_count: count })}</DialogTitle>
      <DialogContent>
        <ProblemAlert error={acceptAll.error} onClose={acceptAll.reset} />
        <DialogContentText id="accept-all-help" variant="body2" sx={{ mb: 1 }}>
          {translate('passerelle.documents.accept_all_help')}
        </DialogContentText>
        <Box component="ul" sx={{ m: 0, pl: 2.5 }} data-testid="accept-all-list">
          {acceptance.accept.map((d) => (
            <Typography component="li" variant="body2" key={d.id} data-document={d.id}>
              {kindName(d.kind)}
              {d.files.length > 0 && (
                <Typography component="span" variant="caption" color="text.secondary">
                  {' '}
                  — {d.files.map((f) => f.originalName).join(', ')}
                </Typography>
              )}
            </Typography>
          ))}
        </Box>
        {acceptance.heldBack.length > 0 && (
          <Alert severity="warning" sx={{ mt: 2 }} data-testid="accept-all-held-back">
            {translate('passerelle.documents.held_back', { smart_count: acceptance.heldBack.length })}
            <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
              {acceptance.heldBack.map(({ document, findings }) => (
                <li key={document.id} data-document={document.id}>
                  {findings.map((f) => localized(f.message, locale)).join(' ')}
                </li>
              ))}
            </Box>
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} sx={SENTENCE_CASE}>
          {translate('ra.action.cancel')}
        </Button>
        <Button
          variant="contained"
          color="success"
          onClick={confirm}
          disabled={acceptAll.isPending || count === 0}
          startIcon={acceptAll.isPending ? <CircularProgress size={14} color="inherit" /> : undefined}
          data-testid="confirm-accept-all"
          sx={SENTENCE_CASE}
        >
          {translate('passerelle.documents.accept_all_confirm', { smart_count: count })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
