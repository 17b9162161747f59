import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { Title, useGetList, useGetOne, useLocale, usePermissions, useTranslate, type RaRecord, useAuthenticated } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  CircularProgress,
  FormControl,
  Grid,
  InputLabel,
  Link,
  MenuItem,
  Select,
  Stack,
  Typography,
} from '@mui/material';
import { api } from '../api/http';
import type { SessionAgent } from '../api/session';
import { formatDate, formatDateTime, formatDay, localized, studentName } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { StatusChip } from '../common/StatusChip';
import { ChecklistPanel } from './Checklist';
import { DossierHistory } from './DossierHistory';
import { FactsCard } from './FactsCard';
import { WorkflowActions } from './WorkflowActions';
import { useDossierAction, useDossierPage } from './useDossierPage';
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
  const { run, stale, dismissStale, busy } = useDossierAction(page.refresh);
  const dossier = page.dossier.data;
  if (page.dossier.error) return <ProblemAlert error={page.dossier.error} />;
  if (!dossier) return <CircularProgress sx={{ m: 4 }} />;
  const definition = page.procedure.data?.definition;
  return (
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
            <DossierHeader dossier={dossier} definition={definition} run={run} busy={busy} />
            {page.checklist.data && page.documents.data ? (
              <ChecklistPanel dossier={dossier} checklist={page.checklist.data} documents={page.documents.data} definition={definition} run={run} busy={busy} />
            ) : (
              <CircularProgress />
            )}
            {definition?.facts?.length ? <FactsCard key={dossier.version} dossier={dossier} facts={definition.facts} run={run} busy={busy} /> : null}
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, lg: 4 }}>
          <Stack spacing={2}>
            <StudentCard studentId={dossier.studentId} />
            <AssigneeCard key={dossier.version} dossier={dossier} run={run} busy={busy} />
            <DossierHistory timeline={page.timeline.data ?? []} notifications={page.notifications.data ?? []} dossier={dossier} run={run} />
          </Stack>
        </Grid>
      </Grid>
    </Box>
  );
}

function DossierHeader({ dossier, definition, run, busy }: { dossier: Dossier; definition: ProcedureDefinition | undefined; run: Parameters<typeof WorkflowActions>[0]['run']; busy: boolean }) {
  const translate = useTranslate();
  const locale = useLocale();
  const caseName = definition?.cases?.find((c) => c.code === dossier.procedureCase);
  return (
    <Card component="section" aria-labelledby="dossier-title">
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center' }}>
          <Typography variant="h5" component="h1" id="dossier-title" data-testid="dossier-reference">
            {dossier.reference}
          </Typography>
          <StatusChip status={dossier.status} decision={dossier.decision} />
          {dossier.closeReason && <Typography variant="body2">{translate(`passerelle.close_reason.${dossier.closeReason}`)}</Typography>}
        </Stack>
        <Typography variant="subtitle1" sx={{ mb: 2 }}>
          <Link component={RouterLink} to={`/students/${dossier.studentId}/show`}>
            {studentName(dossier.student)}
          </Link>{' '}
          · {dossier.student.studentNumber} · {localized(definition?.names, locale) || dossier.procedureCode}
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
            <Field label={translate('resources.dossiers.fields.prefecture')}>{dossier.prefecture ?? '—'}</Field>
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
          <WorkflowActions dossier={dossier} run={run} busy={busy} />
        </Box>
      </CardContent>
    </Card>
  );
}

const PERMIT_KINDS = ['vls_ts_student', 'student', 'student_multi_year', 'rece', 'extension_attestation', 'receipt', 'talent_researcher', 'employee', 'other'];

function StudentCard({ studentId }: { studentId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  const { data: student } = useGetOne('students', { id: studentId });
  const { data: institution } = useGetOne('institutions', { id: student?.institutionId }, { enabled: !!student });
  if (!student) return null;
  const permit = student.currentPermit as { kind: string; number: string | null; validFrom: string | null; validUntil: string } | null;
  return (
    <Card component="section" aria-labelledby="student-card-title">
      <CardHeader id="student-card-title" title={translate('passerelle.dossier.student_and_permit')} titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
      <CardContent sx={{ pt: 0 }}>
        <Field label={translate('resources.students.fields.name')}>{studentName(student as never)}</Field>
        <Field label={translate('resources.students.fields.institutionId')}>{institution?.name ?? '…'}</Field>
        <Field label={translate('resources.students.fields.email')}>
          {student.email} · {String(student.preferredLanguage).toUpperCase()}
        </Field>
        <Field label={translate('resources.students.fields.nationality')}>{student.nationality}</Field>
        <Field label={translate('resources.students.fields.level')}>{translate(`passerelle.level.${student.level}`, { _: student.level })}</Field>
        <Field label={translate('passerelle.dossier.current_permit')}>
          {permit ? (
            <span data-testid="current-permit">
              {translate(`passerelle.permit_kind.${permit.kind}`, { _: PERMIT_KINDS.includes(permit.kind) ? permit.kind : permit.kind })}
              {permit.number && ` n° ${permit.number}`} — {translate('passerelle.dossier.valid_until', { date: formatDate(permit.validUntil, locale) })}
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
function AssigneeCard({ dossier, run, busy }: { dossier: Dossier; run: Parameters<typeof WorkflowActions>[0]['run']; busy: boolean }) {
  const translate = useTranslate();
  const { permissions } = usePermissions<SessionAgent | null>();
  const { data: agents } = useGetList<RaRecord & { displayName: string; active: boolean }>('agents', { pagination: { page: 1, perPage: 500 } });
  const [error, setError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<string>(dossier.assigneeId ?? '');
  const supervisor = permissions?.role === 'supervisor' || permissions?.role === 'admin';
  const current = agents?.find((a) => a.id === dossier.assigneeId);
  const assign = async (agentId: string | null) => {
    setError(null);
    try {
      await run(() => api(`/api/dossiers/${dossier.id}/assignee`, { method: 'PUT', body: { agentId }, ifMatch: dossier.version }), translate('passerelle.dossier.assigned'));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card component="section" aria-labelledby="assignee-title">
      <CardHeader id="assignee-title" title={translate('resources.dossiers.fields.assigneeId')} titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
      <CardContent sx={{ pt: 0 }}>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Typography variant="body2" sx={{ mb: 1 }} data-testid="assignee">
          {current?.displayName ?? translate('passerelle.dossier.nobody')}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          {!dossier.assigneeId && permissions && (
            <Button size="small" variant="outlined" disabled={busy} onClick={() => void assign(permissions.id)}>
              {translate('passerelle.dossier.take')}
            </Button>
          )}
          {dossier.assigneeId && dossier.assigneeId === permissions?.id && (
            <Button size="small" variant="outlined" disabled={busy} onClick={() => void assign(null)}>
              {translate('passerelle.dossier.hand_back')}
            </Button>
          )}
        </Stack>
        {supervisor && (
          <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
            <FormControl size="small" sx={{ minWidth: 200 }}>
              <InputLabel id="reassign-label">{translate('passerelle.dossier.reassign_to')}</InputLabel>
              <Select labelId="reassign-label" id="reassign" label={translate('passerelle.dossier.reassign_to')} value={chosen} onChange={(e) => setChosen(e.target.value)}>
                <MenuItem value="">{translate('passerelle.dossier.nobody')}</MenuItem>
                {(agents ?? [])
                  .filter((a) => a.active)
                  .map((a) => (
                    <MenuItem key={a.id} value={String(a.id)}>
                      {a.displayName}
                    </MenuItem>
                  ))}
              </Select>
            </FormControl>
            <Button size="small" variant="contained" disabled={busy || chosen === (dossier.assigneeId ?? '')} onClick={() => void assign(chosen || null)}>
              {translate('passerelle.dossier.reassign')}
            </Button>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
