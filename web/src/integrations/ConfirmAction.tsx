import { Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { ProblemAlert } from '../common/ProblemAlert';
import { SENTENCE_CASE } from '../dossiers/DocumentItem';

/**
 * "Revoke the key?", "Change the secret?": what the move does, then the move; a refusal of the
 * API stays in the dialog (ProblemAlert). `onDone` gets the API's answer.
 */
export function ConfirmAction<T>({
  title,
  help,
  confirm,
  color = 'primary',
  run,
  onDone,
  onClose,
}: {
  title: string;
  help: string;
  confirm: string;
  color?: 'primary' | 'error';
  run: () => Promise<T>;
  onDone: (answer: T) => void;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const move = useMutation({ mutationFn: run, onSuccess: onDone });
  return (
    <Dialog open onClose={onClose} aria-labelledby="confirm-title" aria-describedby="confirm-help" fullWidth maxWidth="sm" data-testid="confirm-dialog">
      <DialogTitle id="confirm-title">{title}</DialogTitle>
      <DialogContent>
        <ProblemAlert error={move.error} onClose={move.reset} />
        <DialogContentText id="confirm-help" variant="body2">
          {help}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} sx={SENTENCE_CASE}>
          {translate('ra.action.cancel')}
        </Button>
        <Button
          variant="contained"
          color={color}
          onClick={() => move.mutate()}
          disabled={move.isPending}
          startIcon={move.isPending ? <CircularProgress size={14} color="inherit" /> : undefined}
          data-testid="confirm-action"
          sx={SENTENCE_CASE}
        >
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
