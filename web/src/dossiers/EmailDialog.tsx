import { useState } from 'react';
import { useDataProvider, useLocale, useTranslate } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Link, Tab, Tabs, Typography } from '@mui/material';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import { formatDateTime } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import type { NotificationRow } from './types';

/** The subject of an e-mail in the dossier's list, which opens it as its recipient received it. */
export function EmailLink({ dossierId, notification }: { dossierId: string; notification: NotificationRow }) {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const subject = notification.subject ?? notification.template;
  return (
    <>
      <Link
        component="button"
        variant="body2"
        onClick={() => setOpen(true)}
        aria-label={translate('passerelle.emails.open', { subject })}
        data-testid="open-email"
        sx={{ textAlign: 'left' }}
      >
        {subject}
      </Link>
      {open && <EmailDialog dossierId={dossierId} notification={notification} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * One e-mail as its recipient received it: subject, recipient, date, and the HTML body in a
 * sandboxed frame (sandbox="": no scripts, no forms, an origin of its own) — or its text version.
 */
export function EmailDialog({ dossierId, notification, onClose }: { dossierId: string; notification: NotificationRow; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const [tab, setTab] = useState<'html' | 'text'>('html');
  const email = useQuery({
    queryKey: ['dossierEmail', notification.id],
    queryFn: async () => (await dataProvider.getEmail(dossierId, notification.id)).data,
  });
  const message = realRecord(email.data);
  const sent = notification.sentAt !== null;
  return (
    <Dialog open onClose={onClose} aria-labelledby="email-title" fullWidth maxWidth="md" data-testid="email-dialog">
      <DialogTitle id="email-title">{message?.subject ?? notification.subject ?? notification.template}</DialogTitle>
      <DialogContent sx={{ '&&': { pt: 0 } }}>
        <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0, mb: 1 }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {translate('passerelle.emails.recipient')}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0 }} data-testid="email-recipient">
            {notification.recipient}
          </Typography>
          <Typography component="dt" variant="body2" color="text.secondary">
            {translate(sent ? 'passerelle.emails.sent_on' : 'passerelle.emails.drafted_on')}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0 }} data-testid="email-date">
            {formatDateTime(notification.sentAt ?? notification.createdAt, locale)}
          </Typography>
        </Box>
        <ProblemAlert error={email.error} />
        {!message && !email.error && <CircularProgress size={24} />}
        {message && (
          <>
            <Tabs value={tab} onChange={(_e, value: 'html' | 'text') => setTab(value)} aria-label={translate('passerelle.emails.title')}>
              <Tab value="html" label={translate('passerelle.emails.as_received')} id="email-tab-html" aria-controls="email-panel-html" />
              <Tab value="text" label={translate('passerelle.emails.text_only')} id="email-tab-text" aria-controls="email-panel-text" />
            </Tabs>
            {tab === 'html' ? (
              <Box role="tabpanel" id="email-panel-html" aria-labelledby="email-tab-html" sx={{ border: 1, borderColor: 'divider', mt: 1 }}>
                <Box
                  component="iframe"
                  // no scripts, no forms, no same origin: the e-mail is shown, it cannot act
                  sandbox=""
                  srcDoc={message.htmlBody}
                  title={translate('passerelle.emails.frame_title', { recipient: message.recipient })}
                  data-testid="email-html"
                  sx={{ display: 'block', width: '100%', height: '55vh', border: 0, bgcolor: 'white' }}
                />
              </Box>
            ) : (
              <Box
                role="tabpanel"
                id="email-panel-text"
                aria-labelledby="email-tab-text"
                component="pre"
                data-testid="email-text"
                sx={{
                  whiteSpace: 'pre-wrap',
                  fontFamily: 'inherit',
                  fontSize: '0.875rem',
                  m: 0,
                  mt: 1,
                  p: 2,
                  border: 1,
                  borderColor: 'divider',
                  height: '55vh',
                  overflow: 'auto',
                }}
              >
                {message.textBody}
              </Box>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
