import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import {
  CreateButton,
  DataTable,
  List,
  Title,
  TopToolbar,
  useAuthenticated,
  useDataProvider,
  useGetList,
  useGetOne,
  useLocale,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Checkbox,
  CircularProgress,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import DownloadIcon from '@mui/icons-material/Download';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import { formatDate, officeToday, studentName } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import type { Dossier, Transmission } from '../dossiers/types';

export function TransmissionList() {
  const locale = useLocale();
  return (
    <List
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
      perPage={25}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="reference" label="resources.transmissions.fields.reference" disableSort />
        <DataTable.Col source="sentOn" label="resources.transmissions.fields.sentOn" disableSort render={(r: Transmission) => formatDate(r.sentOn, locale)} />
        <DataTable.Col source="prefecture" label="resources.transmissions.fields.prefecture" disableSort />
        <DataTable.Col source="contact" label="resources.transmissions.fields.contact" disableSort />
        <DataTable.Col label="resources.transmissions.fields.items" disableSort render={(r: Transmission) => r.items.length} />
      </DataTable>
    </List>
  );
}

/**
 * Opens the printable slip in a window of its own, from a one-time link: the page holds no
 * token, runs no script and shares nothing with the app (its policy gives it an opaque origin).
 */
async function openSlip(dataProvider: PasserelleDataProvider, transmission: Transmission) {
  // opened at the click (browsers block a window opened after an await), cut from this page, then sent to the link
  const popup = window.open('', '_blank');
  if (popup) popup.opener = null;
  try {
    const link = realRecord((await dataProvider.slipLink(transmission.id)).data);
    // no link: react-admin's answer to a call that ended the login (the app is going to the login page)
    if (!link) popup?.close();
    else if (popup) popup.location.href = link.url;
    else window.open(link.url, '_blank', 'noopener,noreferrer');
  } catch (error) {
    popup?.close();
    throw error;
  }
}

async function downloadCsv(dataProvider: PasserelleDataProvider, transmission: Transmission) {
  const { data: blob } = await dataProvider.getFile(transmission.slip.csv);
  // not a file: react-admin's answer to a call that ended the login
  if (!(blob instanceof Blob)) return;
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = `${transmission.reference}.csv`;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function TransmissionShow() {
  useAuthenticated();
  const { id = '' } = useParams();
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const [error, setError] = useState<unknown>(null);
  const { data: read, error: loadError } = useGetOne<Transmission & RaRecord>('transmissions', { id });
  const data = realRecord(read);
  if (loadError) return <ProblemAlert error={loadError} />;
  if (!data) return <CircularProgress sx={{ m: 4 }} />;
  return (
    <Box sx={{ mt: 1 }} data-testid="transmission-page">
      <Title title={`${translate('resources.transmissions.name', { smart_count: 1 })} ${data.reference}`} />
      <Card>
        <CardHeader
          title={data.reference}
          titleTypographyProps={{ variant: 'h5', component: 'h1' }}
          subheader={`${formatDate(data.sentOn, locale)} · ${translate('resources.transmissions.fields.prefecture')} ${data.prefecture} · ${data.contact}`}
        />
        <CardContent>
          <ProblemAlert error={error} onClose={() => setError(null)} />
          <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
            <Button variant="contained" startIcon={<PrintIcon />} onClick={() => openSlip(dataProvider, data).catch(setError)} data-testid="open-slip">
              {translate('passerelle.transmissions.print_slip')}
            </Button>
            <Button variant="outlined" startIcon={<DownloadIcon />} onClick={() => downloadCsv(dataProvider, data).catch(setError)}>
              {translate('passerelle.transmissions.download_csv')}
            </Button>
          </Stack>
          {data.note && (
            <Typography variant="body2" sx={{ mb: 2 }}>
              {data.note}
            </Typography>
          )}
          <Table size="small" aria-label={translate('resources.transmissions.fields.items')}>
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                <TableCell>{translate('resources.dossiers.fields.reference')}</TableCell>
                <TableCell>{translate('resources.dossiers.fields.student')}</TableCell>
                <TableCell>{translate('resources.dossiers.fields.procedureCode')}</TableCell>
                <TableCell>{translate('passerelle.transmissions.documents')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.items.map((item) => (
                <TableRow key={item.dossierId}>
                  <TableCell>{item.position}</TableCell>
                  <TableCell>
                    <Link component={RouterLink} to={`/dossiers/${item.dossierId}/show`}>
                      {item.reference}
                    </Link>
                  </TableCell>
                  <TableCell>{item.studentName}</TableCell>
                  <TableCell>{item.procedureCode}</TableCell>
                  <TableCell>{item.documentCount}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </Box>
  );
}

/** A new batch: tick verified dossiers, name the prefecture contact, send. The dossiers become "forwarded". */
export function TransmissionCreate() {
  useAuthenticated();
  const translate = useTranslate();
  const locale = useLocale();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const client = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [contact, setContact] = useState('');
  const [prefecture, setPrefecture] = useState('');
  const [sentOn, setSentOn] = useState(officeToday());
  const [note, setNote] = useState('');
  const verified = useGetList<Dossier & RaRecord>('dossiers', {
    filter: { status: 'verified' },
    sort: { field: 'receivedAt', order: 'ASC' },
    pagination: { page: 1, perPage: 200 },
  });
  const rows = verified.data ?? [];
  const toggle = (id: string) => setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  // what is left empty is not sent (createBody): the API then takes the dossiers' prefecture, and today
  const forward = useMutation({
    mutationFn: async () =>
      (
        await dataProvider.create<Transmission & RaRecord>('transmissions', {
          data: { dossierIds: selected, contact: contact.trim(), sentOn, prefecture: prefecture.trim(), note: note.trim() },
        })
      ).data,
    onSuccess: async (created) => {
      // no record: the call ended the login, and the app is going to the login page
      if (!realRecord(created)) return;
      // the dossiers forwarded have left every list of verified ones, the dashboard's too
      await client.invalidateQueries();
      void navigate(`/transmissions/${created.id}/show`);
    },
  });
  const busy = forward.isPending;
  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('passerelle.transmissions.new')} />
      <Card>
        <CardHeader
          title={translate('passerelle.transmissions.new')}
          titleTypographyProps={{ variant: 'h5', component: 'h1' }}
          subheader={translate('passerelle.transmissions.new_help')}
        />
        <CardContent>
          <ProblemAlert error={forward.error} onClose={() => forward.reset()} />
          <ProblemAlert error={verified.error} />
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
            <TextField
              id="transmission-contact"
              label={translate('resources.transmissions.fields.contact') + ' *'}
              value={contact}
              onChange={(e) => setContact(e.target.value)}
              fullWidth
            />
            <TextField
              id="transmission-prefecture"
              label={translate('resources.transmissions.fields.prefecture')}
              value={prefecture}
              onChange={(e) => setPrefecture(e.target.value)}
              helperText={translate('passerelle.transmissions.prefecture_help')}
              sx={{ minWidth: 180 }}
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
                    <TableCell>{row.reference}</TableCell>
                    <TableCell>{studentName(row.student)}</TableCell>
                    <TableCell>{row.procedureCode}</TableCell>
                    <TableCell>{row.prefecture}</TableCell>
                    <TableCell>{formatDate(row.receivedAt, locale)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <Button
            sx={{ mt: 2 }}
            variant="contained"
            disabled={busy || selected.length === 0 || !contact.trim()}
            onClick={() => forward.mutate()}
            data-testid="create-transmission"
          >
            {translate('passerelle.transmissions.forward', { smart_count: selected.length })}
          </Button>
        </CardContent>
      </Card>
    </Box>
  );
}
