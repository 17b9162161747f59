import type { ReactNode } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useNotify, useTranslate } from 'react-admin';
import { SENTENCE_CASE } from '../dossiers/DocumentItem';

const MONOSPACE = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 14 } as const;

/** A secret in a box that can be selected whole, with a button that copies it. */
export function CopyableSecret({ value, testId }: { value: string; testId: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      notify('passerelle.integrations.copied', { type: 'success' });
    } catch {
      notify('passerelle.integrations.copy_failed', { type: 'warning' });
    }
  };
  return (
    <Stack direction="row" spacing={1} sx={{ my: 1, alignItems: 'center' }}>
      <Box
        component="code"
        data-testid={testId}
        sx={{ ...MONOSPACE, flex: 1, p: 1, bgcolor: 'action.hover', borderRadius: 1, wordBreak: 'break-all', userSelect: 'all' }}
      >
        {value}
      </Box>
      <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={() => void copy()} sx={{ ...SENTENCE_CASE, flexShrink: 0 }}>
        {translate('passerelle.integrations.copy')}
      </Button>
    </Stack>
  );
}

/** Code to read as written (an HTTP header), in a monospace box. */
export function CodeLine({ children }: { children: ReactNode }) {
  return (
    <Box component="pre" sx={{ ...MONOSPACE, m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {children}
    </Box>
  );
}

/**
 * A secret the API answers this once (a key, a signing secret): shown with a copy button, the
 * sentence that it will not be shown again, and how to use it. It closes only by its button, not
 * by a click beside it, so that it is not lost by mistake.
 */
export function ShownOnceDialog({
  title,
  warning,
  value,
  testId,
  done,
  onClose,
  children,
}: {
  title: string;
  warning: string;
  value: string;
  testId: string;
  done: string;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <Dialog open aria-labelledby="shown-once-title" fullWidth maxWidth="md" data-testid="shown-once">
      <DialogTitle id="shown-once-title">{title}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="shown-once-warning">
          {warning}
        </Alert>
        <CopyableSecret value={value} testId={testId} />
        {children ? (
          <Typography component="div" variant="body2" sx={{ mt: 2 }}>
            {children}
          </Typography>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose} data-testid="shown-once-done" sx={SENTENCE_CASE}>
          {done}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
