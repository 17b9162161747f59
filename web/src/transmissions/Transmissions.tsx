import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import {
  CreateButton,
  DataTable,
  List,
  Title,
  TopToolbar,
  useAuthenticated,
  useDataProvider,
  useGetOne,
  useLocale,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import {
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  CircularProgress,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import DownloadIcon from '@mui/icons-material/Download';
import { departementName } from '../../../src/common/departements';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import { formatDay } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { useProcedures } from '../common/useLabels';
import type { Transmission } from '../dossiers/types';
import { downloadCsv, openSlip } from './transmissionFiles';

export { TransmissionCreate } from './TransmissionCreate';

/** The batches sent to the prefecture, newest first; the counts under the list are the data provider's (known on its last page). */
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
        <DataTable.Col source="sentOn" label="resources.transmissions.fields.sentOn" disableSort render={(r: Transmission) => formatDay(r.sentOn, locale)} />
        <DataTable.Col
          source="prefecture"
          label="resources.transmissions.fields.prefecture"
          disableSort
          render={(r: Transmission) => departementName(r.prefecture)}
        />
        <DataTable.Col source="contact" label="resources.transmissions.fields.contact" disableSort />
        <DataTable.Col label="resources.transmissions.fields.items" disableSort render={(r: Transmission) => r.items.length} />
      </DataTable>
    </List>
  );
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
  const procedureName = useProcedures().name;
  if (loadError) return <ProblemAlert error={loadError} />;
  if (!data) return <CircularProgress sx={{ m: 4 }} />;
  return (
    <Box sx={{ mt: 1 }} data-testid="transmission-page">
      <Title title={`${translate('resources.transmissions.name', { smart_count: 1 })} ${data.reference}`} />
      <Card>
        <CardHeader
          title={data.reference}
          slotProps={{ title: { variant: 'h5', component: 'h2' } }}
          subheader={`${formatDay(data.sentOn, locale)} · ${departementName(data.prefecture)} · ${data.contact}`}
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
                  <TableCell>{procedureName(item.procedureCode)}</TableCell>
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
