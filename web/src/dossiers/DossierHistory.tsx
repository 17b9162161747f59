import { useState } from 'react';
import { useLocale, useTranslate } from 'react-admin';
import { Box, Button, Card, CardContent, CardHeader, Chip, Divider, List, ListItem, ListItemText, Tab, Tabs, Typography } from '@mui/material';
import { formatDateTime } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { EmailLink } from './EmailDialog';
import { TimelineEntryItem } from './TimelineEntryItem';
import { useDossierChange } from './useDossierPage';
import type { Dossier, NotificationRow, TimelineEntry } from './types';

const EMAIL_COLORS: Record<string, 'success' | 'error' | 'warning' | 'default'> = {
  sent: 'success',
  failed: 'error',
  retrying: 'warning',
  pending: 'default',
  sending: 'default',
};

/** Each panel scrolls within the card, the tabs staying in sight. */
const PANEL = { maxHeight: 540, overflow: 'auto' } as const;

/** What happened to the dossier (every change, verdict, request, reminder, with who and when) and the e-mails it sent. */
export function DossierHistory({ timeline, notifications, dossier }: { timeline: TimelineEntry[]; notifications: NotificationRow[]; dossier: Dossier }) {
  const translate = useTranslate();
  const locale = useLocale();
  const [tab, setTab] = useState(0);
  const retry = useDossierChange(
    dossier.id,
    (dataProvider, n: NotificationRow) => dataProvider.retryNotification(dossier, n.id),
    translate('passerelle.emails.retried'),
  );
  return (
    <Card component="section" aria-label={translate('passerelle.timeline.title')}>
      <CardHeader sx={{ pb: 0 }} title={translate('passerelle.timeline.history')} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <Tabs value={tab} onChange={(_e, value: number) => setTab(value)} aria-label={translate('passerelle.timeline.history')}>
        <Tab label={`${translate('passerelle.timeline.title')} (${timeline.length})`} id="tab-timeline" aria-controls="panel-timeline" />
        <Tab
          label={`${translate('passerelle.emails.title')} (${notifications.length})`}
          id="tab-emails"
          aria-controls="panel-emails"
          data-testid="emails-tab"
        />
      </Tabs>
      <Divider />
      <CardContent sx={{ pt: 0 }}>
        <ProblemAlert error={retry.error} onClose={retry.reset} />
        {tab === 0 && (
          // the panel holds the list (a list given the role « tabpanel » is no list any more: axe « listitem »)
          // a panel taller than the room scrolls: it takes the focus, so that the keyboard scrolls it too (axe « scrollable-region-focusable »)
          <Box id="panel-timeline" role="tabpanel" aria-labelledby="tab-timeline" tabIndex={0} sx={PANEL}>
            <List dense data-testid="timeline">
              {[...timeline].reverse().map((entry) => (
                <TimelineEntryItem key={entry.id} entry={entry} />
              ))}
            </List>
          </Box>
        )}
        {tab === 1 && (
          <Box id="panel-emails" role="tabpanel" aria-labelledby="tab-emails" tabIndex={0} sx={PANEL}>
            {notifications.length === 0 && (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                {translate('passerelle.emails.none')}
              </Typography>
            )}
            <List dense data-testid="emails">
              {[...notifications].reverse().map((n) => (
                <ListItem key={n.id} alignItems="flex-start" disableGutters data-template={n.template} data-status={n.status}>
                  <ListItemText
                    primary={
                      <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                        <Chip
                          size="small"
                          color={EMAIL_COLORS[n.status] ?? 'default'}
                          label={translate(`passerelle.emails.status.${n.status}`, { _: n.status })}
                        />
                        <EmailLink dossierId={dossier.id} notification={n} />
                      </Box>
                    }
                    secondary={
                      <>
                        {n.recipient} · {formatDateTime(n.sentAt ?? n.createdAt, locale)} ·{' '}
                        {translate('passerelle.emails.attempts', { smart_count: n.attempts })}
                        {n.lastError && (
                          <Typography component="span" variant="caption" color="error" sx={{ display: 'block' }}>
                            {n.lastError}
                          </Typography>
                        )}
                        {n.status === 'failed' && (
                          <Button size="small" disabled={retry.isPending} onClick={() => retry.mutate(n)}>
                            {translate('passerelle.emails.retry')}
                          </Button>
                        )}
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
