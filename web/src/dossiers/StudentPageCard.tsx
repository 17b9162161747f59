import { useState } from 'react';
import { useDataProvider, useGetOne, useLocale, useNotify, useTranslate, type RaRecord } from 'react-admin';
import {
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import LinkIcon from '@mui/icons-material/Link';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import { formatDate, formatDateTime } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { SENTENCE_CASE } from './DocumentItem';
import type { StudentLinkState } from './types';

/** What sending or taking back the link changes on the page: the card, the e-mails and the timeline. */
const AFTER_LINK = ['dossierStudentLinks', 'dossierNotifications', 'dossierTimeline'];

type Action = 'resend' | 'revoke';

/** A new link's e-mail on its way: the last one sent before it, and until when to wait for it (a mail server down is retried for long). */
type Awaiting = { previous: string | null; until: number };
const SENDING_POLL_MS = 2_000;
const SENDING_POLL_FOR_MS = 120_000;

/** Whether the new link's e-mail has not reached the mail server yet (the last sent is still the one before it). */
function stillSending(awaiting: Awaiting | null, state: Pick<StudentLinkState, 'lastSentAt'> | undefined): awaiting is Awaiting {
  return !!awaiting && !!state && state.lastSentAt === awaiting.previous;
}

/**
 * The student's own page on their dossier, as the agents see it: when the personal link was last
 * sent and last opened, the sessions open on it, how long links stay valid; and the two things an
 * agent may do — e-mail a new link (every older one stops working), or take the access back.
 * Both are confirmed first, saying what they do.
 */
export function StudentPageCard({ dossierId }: { dossierId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  // after "send again", read again every few seconds until the mail server has taken the e-mail (the worker sends it)
  const [awaiting, setAwaiting] = useState<Awaiting | null>(null);
  const link = useGetOne<StudentLinkState & RaRecord>(
    'dossierStudentLinks',
    { id: dossierId },
    { refetchInterval: (query) => (stillSending(awaiting, query.state.data) && Date.now() < awaiting.until ? SENDING_POLL_MS : false) },
  );
  const state = realRecord(link.data);
  const sending = stillSending(awaiting, state);
  // the dossier ended long enough ago: its links open nothing any more (as of when the page opened)
  const [openedAt] = useState(Date.now);
  const ended = !!state?.validUntil && Date.parse(state.validUntil) < openedAt;
  const [asking, setAsking] = useState<Action | null>(null);
  return (
    <Card component="section" aria-labelledby="student-page-title" data-testid="student-page-card">
      <CardHeader
        id="student-page-title"
        title={translate('passerelle.student_page.title')}
        slotProps={{ title: { variant: 'h6', component: 'h2' } }}
        sx={{ pb: 0 }}
      />
      <CardContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {translate('passerelle.student_page.help')}
        </Typography>
        {link.error ? <ProblemAlert error={link.error} /> : null}
        {!state && !link.error && <CircularProgress size={20} />}
        {state && (
          <Box component="dl" sx={{ m: 0, '& dt': { typography: 'caption', color: 'text.secondary' }, '& dd': { typography: 'body2', m: 0, mb: 1 } }}>
            <dt>{translate('passerelle.student_page.last_sent')}</dt>
            <dd data-testid="link-last-sent">
              {sending
                ? translate('passerelle.student_page.sending', { email: state.email })
                : state.lastSentAt
                  ? translate('passerelle.student_page.sent_to', { at: formatDateTime(state.lastSentAt, locale), email: state.email })
                  : translate('passerelle.student_page.never_sent')}
            </dd>
            <dt>{translate('passerelle.student_page.last_used')}</dt>
            <dd data-testid="link-last-used">
              {state.lastUsedAt ? formatDateTime(state.lastUsedAt, locale) : translate('passerelle.student_page.never_used')}
            </dd>
            <dt>{translate('passerelle.student_page.sessions')}</dt>
            <dd data-testid="link-sessions">
              {state.activeSessions
                ? translate('passerelle.student_page.sessions_count', { smart_count: state.activeSessions })
                : translate('passerelle.student_page.no_session')}
            </dd>
            <dt>{translate('passerelle.student_page.valid')}</dt>
            <dd data-testid="link-valid-until">
              {state.validUntil
                ? translate(ended ? 'passerelle.student_page.valid_ended' : 'passerelle.student_page.valid_until', {
                    date: formatDate(state.validUntil, locale),
                  })
                : translate('passerelle.student_page.valid_open')}
            </dd>
          </Box>
        )}
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {/* past the window a new link would open nothing (the API refuses it) */}
          <Button
            size="small"
            variant="outlined"
            startIcon={<LinkIcon />}
            onClick={() => setAsking('resend')}
            disabled={ended}
            data-testid="resend-link"
            sx={SENTENCE_CASE}
          >
            {translate('passerelle.student_page.resend')}
          </Button>
          <Button
            size="small"
            variant="outlined"
            color="error"
            startIcon={<LinkOffIcon />}
            onClick={() => setAsking('revoke')}
            disabled={!!state && !state.activeSessions && !state.lastSentAt}
            data-testid="revoke-link"
            sx={SENTENCE_CASE}
          >
            {translate('passerelle.student_page.revoke')}
          </Button>
        </Stack>
      </CardContent>
      {asking && (
        <ConfirmLinkDialog
          dossierId={dossierId}
          action={asking}
          email={state?.email ?? null}
          onDone={() => setAwaiting(asking === 'resend' ? { previous: state?.lastSentAt ?? null, until: Date.now() + SENDING_POLL_FOR_MS } : null)}
          onClose={() => setAsking(null)}
        />
      )}
    </Card>
  );
}

/** "Send the link again?" or "Take the access back?", with what it does, then done. */
function ConfirmLinkDialog({
  dossierId,
  action,
  email,
  onDone,
  onClose,
}: {
  dossierId: string;
  action: Action;
  email: string | null;
  /** Done (a new link's e-mail is on its way). */
  onDone: () => void;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const run = useMutation({
    mutationFn: () => (action === 'resend' ? dataProvider.sendStudentLink(dossierId) : dataProvider.revokeStudentLink(dossierId)),
    onSuccess: async () => {
      onDone();
      notify(action === 'resend' ? 'passerelle.student_page.resent' : 'passerelle.student_page.revoked', { type: 'success' });
      onClose();
      await Promise.all(AFTER_LINK.map((resource) => queryClient.invalidateQueries({ queryKey: [resource] })));
    },
  });
  return (
    <Dialog open onClose={onClose} aria-labelledby="link-dialog-title" aria-describedby="link-dialog-help" fullWidth maxWidth="sm" data-testid="link-dialog">
      <DialogTitle id="link-dialog-title">{translate(`passerelle.student_page.${action}_title`)}</DialogTitle>
      <DialogContent>
        <ProblemAlert error={run.error} onClose={run.reset} />
        <DialogContentText id="link-dialog-help" variant="body2">
          {translate(`passerelle.student_page.${action}_help`, { email: email ?? '—' })}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} sx={SENTENCE_CASE}>
          {translate('ra.action.cancel')}
        </Button>
        <Button
          variant="contained"
          color={action === 'resend' ? 'primary' : 'error'}
          onClick={() => run.mutate()}
          disabled={run.isPending}
          startIcon={run.isPending ? <CircularProgress size={14} color="inherit" /> : undefined}
          data-testid="confirm-link"
          sx={SENTENCE_CASE}
        >
          {translate(`passerelle.student_page.${action}_confirm`)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
