import { Link as RouterLink, useParams } from 'react-router-dom';
import { Title, useGetList, useGetOne, useLocale, usePermissions, useTranslate, type RaRecord, useAuthenticated } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, CardHeader, CircularProgress, Grid, Link, Stack, Typography } from '@mui/material';
import { realRecord } from '../api/restContract';
import type { components } from '../api/schema';
import type { SessionAgent } from '../api/session';
import { formatDay, localized, studentName } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { StatusChip } from '../common/StatusChip';
import { useLabels, useProcedures } from '../common/useLabels';
import { ChecklistPanel } from './Checklist';
import { DossierHistory } from './DossierHistory';
import { FactsCard } from './FactsCard';
import { MessagesCard } from './MessagesCard';
import { NotesCard } from './NotesCard';
import { PrefectureCard } from './PrefectureCard';
import { ReassignForm } from './ReassignForm';
import { StudentPageCard } from './StudentPageCard';
import { WorkflowActions } from './WorkflowActions';
import { StaleVersionContext, useDossierBusy, useDossierChange, useDossierPage, useStaleVersionNotice } from './useDossierPage';
import type { Dossier, ProcedureDefinition } from './types';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box sx={{ mb: 1 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Box>
  );
}

/** The dossier page: who, what, where it stands, what is missing, what can be done next, and what happened. */
export function DossierShow() {
  useAuthenticated();
  const { id = '' } = useParams();
  const translate = useTranslate();
  const page = useDossierPage(id);
  const { stale, markStale, dismissStale } = useStaleVersionNotice();
  const dossier = realRecord(page.dossier.data);
  const checklist = realRecord(page.checklist.data);
  if (page.dossier.error) return <ProblemAlert error={page.dossier.error} />;
  if (!dossier) return <CircularProgress sx={{ m: 4 }} />;
  const definition = page.procedure.data?.definition;
  return (
    <StaleVersionContext.Provider value={markStale}>
      <Box sx={{ mt: 1, mb: 4 }} data-testid="dossier-page" data-version={dossier.version} data-status={dossier.status}>
        <Title title={`${translate('resources.dossiers.name', { smart_count: 1 })} ${dossier.reference}`} />
        {stale && (
          <Alert severity="warning" role="alert" onClose={dismissStale} sx={{ mb: 2 }} data-testid="stale-alert">
            {translate('passerelle.dossier.stale')}
          </Alert>
        )}
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, lg: 8 }}>
            <Stack spacing={2}>
              <DossierHeader dossier={dossier} definition={definition} />
              <PrefectureCard dossier={dossier} />
              {page.checklist.error || page.documents.error ? (
                <ProblemAlert error={page.checklist.error ?? page.documents.error} />
              ) : checklist && page.documents.data ? (
                <ChecklistPanel dossier={dossier} checklist={checklist} documents={page.documents.data} definition={definition} />
              ) : (
                <CircularProgress />
              )}
              <MessagesCard dossier={dossier} />
              {definition?.facts?.length ? <FactsCard key={dossier.version} dossier={dossier} facts={definition.facts} /> : null}
            </Stack>
          </Grid>
          <Grid size={{ xs: 12, lg: 4 }}>
            <Stack spacing={2}>
              <StudentCard studentId={dossier.studentId} />
              <StudentPageCard dossierId={dossier.id} />
              <AssigneeCard key={dossier.version} dossier={dossier} />
              <NotesCard dossierId={dossier.id} />
              <DossierHistory timeline={page.timeline.data ?? []} notifications={page.notifications.data ?? []} dossier={dossier} />
            </Stack>
          </Grid>
        </Grid>
      </Box>
    </StaleVersionContext.Provider>
  );
}

function DossierHeader({ dossier, definition }: { dossier: Dossier; definition: ProcedureDefinition | undefined }) {
  const translate = useTranslate();
  const locale = useLocale();
  const caseName = definition?.cases?.find((c) => c.code === dossier.procedureCase);
  const labels = useLabels();
  const procedures = useProcedures();
  return (
    <Card component="section" aria-labelledby="dossier-title">
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center' }}>
          {/* the page's own h1 besides the app bar's: that one slides away when the page scrolls */}
          <Typography variant="h5" component="h1" id="dossier-title" data-testid="dossier-reference">
            {dossier.reference}
          </Typography>
          <StatusChip status={dossier.status} decision={dossier.decision} />
          {dossier.closeReason && <Typography variant="body2">{labels.of('CLOSE_REASONS', dossier.closeReason)}</Typography>}
        </Stack>
        <Typography variant="subtitle1" component="p" sx={{ mb: 2 }}>
          <Link component={RouterLink} to={`/students/${dossier.studentId}/show`}>
            {studentName(dossier.student)}
          </Link>{' '}
          · {dossier.student.studentNumber} · {localized(definition?.names, locale) || procedures.name(dossier.procedureCode)}
          {caseName && ` · ${localized(caseName.names, locale)}`}
        </Typography>
        <Grid container spacing={1}>
          <Grid size={{ xs: 6, md: 3 }}>
            <Field label={translate('resources.dossiers.fields.receivedAt')}>{formatDay(dossier.receivedAt, locale)}</Field>
          </Grid>
          <Grid size={{ xs: 6, md: 3 }}>
            <Field label={translate('resources.dossiers.fields.channel')}>{translate(`passerelle.channel.${dossier.channel}`)}</Field>
          </Grid>
          <Grid size={{ xs: 6, md: 3 }}>
            <Field label={translate('resources.dossiers.fields.deadlineAt')}>{formatDay(dossier.deadlineOn, locale)}</Field>
          </Grid>
          <Grid size={{ xs: 6, md: 3 }}>
            <Field label={translate('resources.dossiers.fields.prefecture')}>{labels.prefecture(dossier.prefecture)}</Field>
          </Grid>
          {dossier.filedAt && (
            <Grid size={{ xs: 6, md: 3 }}>
              <Field label={translate('resources.dossiers.fields.filedAt')}>{formatDay(dossier.filedAt, locale)}</Field>
            </Grid>
          )}
          {dossier.prefectureReference && (
            <Grid size={{ xs: 6, md: 3 }}>
              <Field label={translate('resources.dossiers.fields.prefectureReference')}>{dossier.prefectureReference}</Field>
            </Grid>
          )}
          {dossier.implicitRejectionOn && (
            <Grid size={{ xs: 6, md: 3 }}>
              <Field label={translate('resources.dossiers.fields.implicitRejectionOn')}>{formatDay(dossier.implicitRejectionOn, locale)}</Field>
            </Grid>
          )}
          {dossier.decidedOn && (
            <Grid size={{ xs: 6, md: 3 }}>
              <Field label={translate('resources.dossiers.fields.decidedOn')}>{formatDay(dossier.decidedOn, locale)}</Field>
            </Grid>
          )}
        </Grid>
        <Box sx={{ mt: 1 }}>
          <WorkflowActions dossier={dossier} />
        </Box>
      </CardContent>
    </Card>
  );
}

function StudentCard({ studentId }: { studentId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  const student = realRecord(useGetOne<components['schemas']['StudentResponse'] & RaRecord>('students', { id: studentId }).data);
  const { data: institution } = useGetOne<components['schemas']['InstitutionResponse'] & RaRecord>(
    'institutions',
    { id: student?.institutionId },
    { enabled: !!student },
  );
  const labels = useLabels();
  if (!student) return null;
  const permit = student.currentPermit;
  return (
    <Card component="section" aria-labelledby="student-card-title">
      <CardHeader
        id="student-card-title"
        title={translate('passerelle.dossier.student_and_permit')}
        slotProps={{ title: { variant: 'h6', component: 'h2' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        <Field label={translate('resources.students.fields.name')}>{studentName(student)}</Field>
        <Field label={translate('resources.students.fields.institutionId')}>{institution?.name ?? '…'}</Field>
        <Field label={translate('resources.students.fields.email')}>{student.email}</Field>
        <Field label={translate('resources.students.fields.preferredLanguage')}>{labels.language(student.preferredLanguage)}</Field>
        <Field label={translate('resources.students.fields.nationality')}>{labels.country(student.nationality)}</Field>
        <Field label={translate('resources.students.fields.level')}>{labels.of('STUDY_LEVELS', student.level)}</Field>
        <Field label={translate('passerelle.dossier.current_permit')}>
          {permit ? (
            <span data-testid="current-permit">
              {labels.of('PERMIT_KINDS', permit.kind)}
              {permit.number && ` n°\u00a0${permit.number}`} — {translate('passerelle.dossier.valid_until', { date: formatDay(permit.validUntil, locale) })}
            </span>
          ) : (
            translate('passerelle.dossier.no_permit')
          )}
        </Field>
      </CardContent>
    </Card>
  );
}

/** Who has the dossier: an agent takes a free one or hands theirs back; a supervisor gives it to anyone. */
function AssigneeCard({ dossier }: { dossier: Dossier }) {
  const translate = useTranslate();
  const { permissions } = usePermissions<SessionAgent | null>();
  const { data: agents } = useGetList<RaRecord & { displayName: string; active: boolean }>('agents', { pagination: { page: 1, perPage: 500 } });
  const busy = useDossierBusy(dossier.id);
  const assign = useDossierChange(
    dossier.id,
    (dataProvider, agentId: string | null) => dataProvider.assign(dossier, agentId),
    translate('passerelle.dossier.assigned'),
  );
  const supervisor = permissions?.role === 'supervisor' || permissions?.role === 'admin';
  const current = agents?.find((a) => a.id === dossier.assigneeId);
  const choices = (agents ?? []).filter((a) => a.active).map((a) => ({ id: String(a.id), name: a.displayName }));
  return (
    <Card component="section" aria-labelledby="assignee-title">
      <CardHeader id="assignee-title" title={translate('resources.dossiers.fields.assigneeId')} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <CardContent sx={{ pt: 0 }}>
        <ProblemAlert error={assign.error} onClose={assign.reset} />
        <Typography variant="body2" sx={{ mb: 1 }} data-testid="assignee">
          {current?.displayName ?? translate('passerelle.dossier.nobody')}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          {!dossier.assigneeId && permissions && (
            <Button size="small" variant="outlined" disabled={busy} onClick={() => assign.mutate(permissions.id)}>
              {translate('passerelle.dossier.take')}
            </Button>
          )}
          {dossier.assigneeId && dossier.assigneeId === permissions?.id && (
            <Button size="small" variant="outlined" disabled={busy} onClick={() => assign.mutate(null)}>
              {translate('passerelle.dossier.hand_back')}
            </Button>
          )}
        </Stack>
        {supervisor && (
          // a failure is shown above, from the mutation
          <ReassignForm
            key={dossier.assigneeId ?? ''}
            assigneeId={dossier.assigneeId}
            choices={choices}
            busy={busy}
            onAssign={(agentId) => assign.mutate(agentId)}
          />
        )}
      </CardContent>
    </Card>
  );
}
