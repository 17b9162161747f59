import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { CreateButton, useGetList, useLocale, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import { Box, Card, CardHeader, CircularProgress, Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { formatDate } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { StatusChip } from '../common/StatusChip';
import { useProcedures } from '../common/useLabels';
import type { Dossier } from '../dossiers/types';

/** « Ouvrir un dossier » for this student: the dossier form, the student already chosen. */
export function OpenDossierButton({ variant = 'text' }: { variant?: 'text' | 'contained' }) {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <CreateButton
      resource="dossiers"
      label="passerelle.dossier.open"
      variant={variant}
      state={{ record: { studentId: record.id } }}
      data-testid="open-dossier-for-student"
    />
  );
}

/**
 * The student's dossiers (GET /api/dossiers?studentId=), newest first: reference (a link to the
 * dossier), procedure by name, status in words, the dates that matter; and « Ouvrir un dossier ».
 */
export function StudentDossiers() {
  const translate = useTranslate();
  const locale = useLocale();
  const navigate = useNavigate();
  const procedures = useProcedures();
  const record = useRecordContext();
  const { data, isPending, error } = useGetList<Dossier & RaRecord>(
    'dossiers',
    { filter: { studentId: record?.id }, sort: { field: 'receivedAt', order: 'DESC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: Boolean(record) },
  );
  const dossiers = data ?? [];
  return (
    <Card sx={{ mb: 2 }} data-testid="student-dossiers">
      <CardHeader
        title={translate('passerelle.students.dossiers', { smart_count: dossiers.length })}
        slotProps={{ title: { variant: 'h6', component: 'h2' } }}
        action={dossiers.length > 0 ? <OpenDossierButton /> : null}
      />
      <ProblemAlert error={error} />
      {isPending && !error && <CircularProgress sx={{ m: 2 }} size={24} />}
      {!isPending && !error && dossiers.length === 0 && (
        <Box sx={{ px: 2, pb: 2 }} data-testid="student-no-dossier">
          <Typography variant="body2" sx={{ mb: 1.5 }}>
            {translate('passerelle.students.no_dossier')}
          </Typography>
          <OpenDossierButton variant="contained" />
        </Box>
      )}
      {dossiers.length > 0 && (
        <Table size="small" sx={{ '& th': { whiteSpace: 'nowrap' } }} aria-label={translate('passerelle.students.dossiers', { smart_count: dossiers.length })}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.dossiers.fields.reference')}</TableCell>
              <TableCell>{translate('resources.dossiers.fields.procedureCode')}</TableCell>
              <TableCell>{translate('resources.dossiers.fields.status')}</TableCell>
              <TableCell>{translate('resources.dossiers.fields.receivedAt')}</TableCell>
              <TableCell>{translate('resources.dossiers.fields.deadlineAt')}</TableCell>
              <TableCell>{translate('resources.dossiers.fields.decidedOn')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {dossiers.map((dossier) => (
              <TableRow
                key={dossier.id}
                hover
                sx={{ cursor: 'pointer' }}
                onClick={() => void navigate(`/dossiers/${dossier.id}/show`)}
                data-reference={dossier.reference}
              >
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {/* the link is what the keyboard reaches (Tab, then Enter) */}
                  <Link component={RouterLink} to={`/dossiers/${dossier.id}/show`} onClick={(e) => e.stopPropagation()}>
                    {dossier.reference}
                  </Link>
                </TableCell>
                <TableCell>{procedures.name(dossier.procedureCode)}</TableCell>
                <TableCell>
                  <StatusChip status={dossier.status} decision={dossier.decision} />
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(dossier.receivedAt, locale)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(dossier.deadlineOn, locale)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(dossier.decidedOn, locale)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
