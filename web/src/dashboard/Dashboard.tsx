import { Link as RouterLink } from 'react-router-dom';
import { Title, useGetOne, useLocale, useTranslate, useAuthenticated, type RaRecord } from 'react-admin';
import {
  Alert,
  Box,
  Card,
  CardActionArea,
  CardContent,
  CardHeader,
  CircularProgress,
  Grid,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { DOSSIER_STATUSES } from '../api/enums';
import { realRecord } from '../api/restContract';
import { formatDateTime, formatDay } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { StatusChip } from '../common/StatusChip';
import type { DashboardData, DashboardDossier } from './types';

function inboxLink(filter: Record<string, unknown>) {
  return `/dossiers?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}

function DossierTable({ rows, empty, testId }: { rows: DashboardDossier[]; empty: string; testId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  if (!rows.length)
    return (
      <Typography variant="body2" color="text.secondary">
        {empty}
      </Typography>
    );
  return (
    <Table size="small" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.dossiers.fields.reference')}</TableCell>
          <TableCell>{translate('resources.dossiers.fields.student')}</TableCell>
          <TableCell>{translate('resources.dossiers.fields.status')}</TableCell>
          <TableCell>{translate('passerelle.dashboard.due')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id} hover>
            <TableCell>
              <Link component={RouterLink} to={`/dossiers/${row.id}/show`}>
                {row.reference}
              </Link>
            </TableCell>
            <TableCell>{row.studentName}</TableCell>
            <TableCell>
              <StatusChip status={row.status} />
            </TableCell>
            <TableCell>
              {/* a day, as the dossier and the e-mails name it (the last day given, the implicit-rejection day): not an instant */}
              {formatDay(row.dueOn, locale)}
              <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                {translate(`passerelle.dashboard.kind.${row.kind}`)}
              </Typography>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * What students sent from their page that no agent has looked at yet — documents to check,
 * messages to read — by dossier, the latest first, with the way to all of them in the inbox.
 */
function StudentActivityCard({ activity }: { activity: DashboardData['studentActivity'] }) {
  const translate = useTranslate();
  const locale = useLocale();
  const count = activity?.count ?? 0;
  const rows = activity?.items ?? [];
  return (
    <Card component="section" aria-labelledby="student-activity-title" data-testid="student-activity-card">
      <CardHeader
        id="student-activity-title"
        title={`${translate('passerelle.dashboard.student_activity')} (${count})`}
        slotProps={{ title: { variant: 'h6', component: 'h2', color: count ? 'secondary' : undefined } }}
        action={
          count ? (
            <Link component={RouterLink} to={inboxLink({ studentActivity: true })} variant="body2" sx={{ display: 'inline-block', mt: 1, mr: 1 }}>
              {translate('passerelle.dashboard.student_activity_all')}
            </Link>
          ) : undefined
        }
      />
      <CardContent sx={{ pt: 0 }}>
        {rows.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate('passerelle.dashboard.no_student_activity')}
          </Typography>
        ) : (
          <Table size="small" data-testid="student-activity">
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.dossiers.fields.reference')}</TableCell>
                <TableCell>{translate('resources.dossiers.fields.student')}</TableCell>
                <TableCell>{translate('resources.dossiers.fields.status')}</TableCell>
                <TableCell align="right">{translate('passerelle.dashboard.new_documents')}</TableCell>
                <TableCell align="right">{translate('passerelle.dashboard.unread_messages')}</TableCell>
                <TableCell>{translate('passerelle.dashboard.last_activity')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.id} hover data-dossier={row.id}>
                  <TableCell>
                    <Link component={RouterLink} to={`/dossiers/${row.id}/show`}>
                      {row.reference}
                    </Link>
                  </TableCell>
                  <TableCell>{row.studentName}</TableCell>
                  <TableCell>
                    <StatusChip status={row.status} />
                  </TableCell>
                  <TableCell align="right" data-testid="new-documents">
                    {row.newDocuments || '—'}
                  </TableCell>
                  <TableCell align="right" data-testid="unread-messages">
                    {row.unreadMessages || '—'}
                  </TableCell>
                  <TableCell>{formatDateTime(row.lastActivityAt, locale)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** The day at a glance: dossiers by status, what students sent, this week's deadlines, what is overdue, e-mails that failed. */
export function Dashboard() {
  useAuthenticated();
  const translate = useTranslate();
  const locale = useLocale();
  const dashboard = useGetOne<DashboardData & RaRecord>('dashboard', { id: 'today' }, { refetchInterval: 60_000 });
  const data = realRecord(dashboard.data);
  const error = dashboard.error;
  return (
    <Box sx={{ mt: 1, mb: 4 }} data-testid="dashboard">
      <Title title={translate('passerelle.menu.dashboard')} />
      <ProblemAlert error={error} />
      {!data && !error && <CircularProgress />}
      {data && (
        <Grid container spacing={2}>
          {DOSSIER_STATUSES.map((status) => (
            <Grid size={{ xs: 6, sm: 4, md: 2 }} key={status}>
              <Card>
                {/* named by what it shows, « 16 Reçu » (axe: label-content-name-mismatch) */}
                <CardActionArea component={RouterLink} to={inboxLink({ status: [status] })}>
                  <CardContent>
                    <Typography variant="h4" component="p" data-testid={`count-${status}`}>
                      {data.countsByStatus[status] ?? 0}
                    </Typography>
                    <StatusChip status={status} />
                  </CardContent>
                </CardActionArea>
              </Card>
            </Grid>
          ))}
          <Grid size={{ xs: 12 }}>
            <StudentActivityCard activity={data.studentActivity} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <Card component="section">
              <CardHeader
                title={`${translate('passerelle.dashboard.this_week')} (${data.deadlinesThisWeek.count})`}
                slotProps={{ title: { variant: 'h6', component: 'h2' } }}
              />
              <CardContent sx={{ pt: 0 }}>
                <DossierTable rows={data.deadlinesThisWeek.items} empty={translate('passerelle.dashboard.nothing_this_week')} testId="deadlines-this-week" />
              </CardContent>
            </Card>
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <Card component="section">
              <CardHeader
                title={`${translate('passerelle.dashboard.overdue')} (${data.overdue.count})`}
                slotProps={{ title: { variant: 'h6', component: 'h2', color: data.overdue.count ? 'error' : undefined } }}
              />
              <CardContent sx={{ pt: 0 }}>
                <DossierTable rows={data.overdue.items} empty={translate('passerelle.dashboard.nothing_overdue')} testId="overdue" />
              </CardContent>
            </Card>
          </Grid>
          <Grid size={{ xs: 12 }}>
            <Card component="section">
              <CardHeader
                title={`${translate('passerelle.dashboard.failed_emails')} (${data.failedEmails.count})`}
                slotProps={{ title: { variant: 'h6', component: 'h2' } }}
              />
              <CardContent sx={{ pt: 0 }}>
                {data.failedEmails.items.length === 0 ? (
                  <Typography variant="body2" color="text.secondary">
                    {translate('passerelle.dashboard.no_failed_emails')}
                  </Typography>
                ) : (
                  <Table size="small" data-testid="failed-emails">
                    <TableHead>
                      <TableRow>
                        <TableCell>{translate('resources.dossiers.fields.reference')}</TableCell>
                        <TableCell>{translate('passerelle.emails.recipient')}</TableCell>
                        <TableCell>{translate('passerelle.emails.subject')}</TableCell>
                        <TableCell>{translate('passerelle.emails.error')}</TableCell>
                        <TableCell>{translate('passerelle.emails.date')}</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {data.failedEmails.items.map((mail) => (
                        <TableRow key={mail.id}>
                          <TableCell>
                            {mail.dossierId ? (
                              <Link component={RouterLink} to={`/dossiers/${mail.dossierId}/show`}>
                                {mail.reference}
                              </Link>
                            ) : (
                              '—'
                            )}
                          </TableCell>
                          <TableCell>{mail.recipient}</TableCell>
                          <TableCell>{mail.subject}</TableCell>
                          <TableCell>
                            <Typography variant="caption" color="error">
                              {mail.lastError}
                            </Typography>
                          </TableCell>
                          <TableCell>{formatDateTime(mail.createdAt, locale)}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </CardContent>
            </Card>
          </Grid>
          {data.overdue.count > 0 && (
            <Grid size={{ xs: 12 }}>
              <Alert severity="warning">{translate('passerelle.dashboard.overdue_help')}</Alert>
            </Grid>
          )}
        </Grid>
      )}
    </Box>
  );
}
