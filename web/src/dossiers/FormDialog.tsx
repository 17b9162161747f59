import type { ReactNode } from 'react';
import { Form, useTranslate } from 'react-admin';
import { Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, styled, type ButtonProps } from '@mui/material';
import { ProblemAlert } from '../common/ProblemAlert';

/** The form fills the dialog's paper, so that only its content scrolls, between the title and the buttons. */
const DialogForm = styled(Form)({ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 });

interface Props<TValues> {
  titleId: string;
  title: ReactNode;
  defaultValues: TValues;
  /** Sends the form (a mutation's mutateAsync): the dialog closes once it resolves; a refusal leaves it open. */
  onSubmit: (values: TValues) => Promise<unknown>;
  onClose: () => void;
  /** The refusal to show (the mutation's error). */
  error: unknown;
  onErrorClose?: () => void;
  /** While the change is on its way: the submit button waits. */
  busy: boolean;
  submitLabel: string;
  submitProps?: Omit<ButtonProps, 'type' | 'children'> & { 'data-testid'?: string };
  maxWidth?: 'sm' | 'md';
  children: ReactNode;
}

/** A dialog holding a react-admin form: its inputs, the refusal if any, Cancel and the submit button. */
export function FormDialog<TValues extends object>({
  titleId,
  title,
  defaultValues,
  onSubmit,
  onClose,
  error,
  onErrorClose,
  busy,
  submitLabel,
  submitProps,
  maxWidth = 'sm',
  children,
}: Props<TValues>) {
  const translate = useTranslate();
  const submit = async (values: Record<string, unknown>) => {
    try {
      await onSubmit(values as TValues);
    } catch {
      // the refusal is the mutation's error, shown in the dialog, which stays open to correct it
      return;
    }
    onClose();
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth maxWidth={maxWidth}>
      <DialogForm defaultValues={defaultValues} onSubmit={submit}>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        {/* room above the first input, whose label sits on its border (MUI removes the padding under a title) */}
        <DialogContent sx={{ '&&': { pt: 1 } }}>
          <ProblemAlert error={error} onClose={onErrorClose} />
          {children}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            {...submitProps}
            disabled={busy || submitProps?.disabled}
            startIcon={busy ? <CircularProgress size={14} color="inherit" /> : undefined}
          >
            {submitLabel}
          </Button>
        </DialogActions>
      </DialogForm>
    </Dialog>
  );
}
