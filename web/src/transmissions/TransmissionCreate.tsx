import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Title, useAuthenticated, useDataProvider, useGetList, useLocale, useTranslate, type RaRecord } from 'react-admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Checkbox,
  CircularProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { DEPARTEMENT_CODES, departementName } from '../../../src/common/departements';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import { formatDay, officeToday, studentName } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { useProcedures } from '../common/useLabels';
import type { Dossier, Transmission } from '../dossiers/types';
import { ConfirmTransmission } from './ConfirmTransmission';
import { batchPrefecture, transmissionData, type TransmissionDraft } from './transmissionDraft';

/**
 * A new batch: tick verified dossiers, name the prefecture contact, look at it all once more in
 * the confirmation, send. The dossiers become "forwarded".
 */
export function TransmissionCreate() {
  useAuthenticated();
  const translate = useTranslate();
  const locale = useLocale();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const client = useQueryClient();
  const procedureName = useProcedures().name;
  // ticked already when the agent comes from the inbox's « Préparer une transmission » (dossiers/InboxBulkActions)
  const preselected = (useLocation().state as { dossierIds?: string[] } | null)?.dossierIds;
  const [selected, setSelected] = useState<string[]>(preselected ?? []);
  const [contact, setContact] = useState('');
  const [prefecture, setPrefecture] = useState('');
  const [sentOn, setSentOn] = useState(officeToday());
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const verified = useGetList<Dossier & RaRecord>('dossiers', {
    filter: { status: 'verified' },
    sort: { field: 'receivedAt', order: 'ASC' },
    pagination: { page: 1, perPage: 200 },
  });
  const rows = verified.data ?? [];
  const draft: TransmissionDraft = { dossiers: rows.filter((r) => selected.includes(r.id)), contact, prefecture, sentOn, note };
  const toggle = (id: string) => setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  // what is left empty is not sent (createBody): the API then takes the dossiers' prefecture, and today
  const forward = useMutation({
    mutationFn: async () => (await dataProvider.create<Transmission & RaRecord>('transmissions', { data: transmissionData(draft) })).data,
    onSuccess: async (created) => {
      // no record: the call ended the login, and the app is going to the login page
      if (!realRecord(created)) return;
      // the dossiers forwarded have left every list of verified ones, the dashboard's too
      await client.invalidateQueries();
      void navigate(`/transmissions/${created.id}/show`);
    },
  });
  const busy = forward.isPending;
  const severalPrefectures = draft.dossiers.length > 0 && batchPrefecture(draft) === null;
  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('passerelle.transmissions.new')} />
      <Card>
        <CardHeader
          title={translate('passerelle.transmissions.new')}
          slotProps={{ title: { variant: 'h5', component: 'h2' } }}
          subheader={translate('passerelle.transmissions.new_help')}
        />
        <CardContent>
          <ProblemAlert error={verified.error} />
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
            <TextField
              id="transmission-contact"
              label={translate('resources.transmissions.fields.contact') + ' *'}
              value={contact}
              onChange={(e) => setContact(e.target.value)}
              fullWidth
            />
            <Autocomplete
              id="transmission-prefecture"
              options={DEPARTEMENT_CODES}
              getOptionLabel={departementName}
              value={prefecture || null}
              onChange={(_, code) => setPrefecture(code ?? '')}
              sx={{ minWidth: 280 }}
              renderInput={(params) => (
                <TextField
                  {...params}
                  label={translate('resources.transmissions.fields.prefecture')}
                  placeholder={translate('passerelle.transmissions.prefecture_any')}
                  helperText={translate('passerelle.transmissions.prefecture_help')}
                  slotProps={{ inputLabel: { shrink: true } }}
                />
              )}
            />
            <TextField
              id="transmission-sent-on"
              label={translate('resources.transmissions.fields.sentOn')}
              type="date"
              value={sentOn}
              onChange={(e) => setSentOn(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
              sx={{ minWidth: 180 }}
            />
          </Stack>
          <TextField
            id="transmission-note"
            label={translate('resources.transmissions.fields.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            fullWidth
            sx={{ mb: 2 }}
          />
          {verified.isLoading && <CircularProgress />}
          {!verified.isLoading && rows.length === 0 && <Typography color="text.secondary">{translate('passerelle.transmissions.none_verified')}</Typography>}
          {rows.length > 0 && (
            <Table size="small" aria-label={translate('passerelle.transmissions.pick')} data-testid="verified-dossiers">
              <TableHead>
                <TableRow>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={selected.length === rows.length}
                      indeterminate={selected.length > 0 && selected.length < rows.length}
                      onChange={(e) => setSelected(e.target.checked ? rows.map((r) => r.id) : [])}
                      slotProps={{ input: { 'aria-label': translate('passerelle.transmissions.select_all') } }}
                    />
                  </TableCell>
                  <TableCell>{translate('resources.dossiers.fields.reference')}</TableCell>
                  <TableCell>{translate('resources.dossiers.fields.student')}</TableCell>
                  <TableCell>{translate('resources.dossiers.fields.procedureCode')}</TableCell>
                  <TableCell>{translate('resources.dossiers.fields.prefecture')}</TableCell>
                  <TableCell>{translate('resources.dossiers.fields.receivedAt')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((row) => (
                  <TableRow key={row.id} hover onClick={() => toggle(row.id)} sx={{ cursor: 'pointer' }} data-reference={row.reference}>
                    <TableCell padding="checkbox">
                      <Checkbox
                        checked={selected.includes(row.id)}
                        onChange={() => toggle(row.id)}
                        onClick={(e) => e.stopPropagation()}
                        slotProps={{ input: { 'aria-label': row.reference } }}
                      />
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.reference}</TableCell>
                    <TableCell>{studentName(row.student)}</TableCell>
                    <TableCell>{procedureName(row.procedureCode)}</TableCell>
                    <TableCell>{departementName(row.prefecture) || '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(row.receivedAt, locale)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {severalPrefectures && (
            <Alert severity="warning" sx={{ mt: 2 }} data-testid="several-prefectures">
              {translate('passerelle.transmissions.several_prefectures')}
            </Alert>
          )}
          <Button
            sx={{ mt: 2 }}
            variant="contained"
            disabled={busy || selected.length === 0 || !contact.trim() || severalPrefectures}
            onClick={() => {
              forward.reset();
              setConfirming(true);
            }}
            data-testid="create-transmission"
          >
            {translate('passerelle.transmissions.forward', { smart_count: selected.length })}
          </Button>
        </CardContent>
      </Card>
      {confirming && (
        <ConfirmTransmission draft={draft} busy={busy} error={forward.error} onConfirm={() => forward.mutate()} onClose={() => setConfirming(false)} />
      )}
    </Box>
  );
}
