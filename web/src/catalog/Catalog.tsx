import { useParams } from 'react-router-dom';
import { DataTable, List, Title, useAuthenticated, useGetOne, useLocale, useTranslate, type RaRecord } from 'react-admin';
import {
  Box,
  Card,
  CardContent,
  CardHeader,
  Chip,
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
import { realRecord } from '../api/restContract';
import { formatEuros } from '../../../src/common/people-format';
import { formatDate, formatDay, localized } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import type { ProcedureSummary, ProcedureVersion, Source as SourceReference } from '../dossiers/types';

type ProcedureRow = ProcedureSummary & RaRecord;

export function ProcedureList() {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <List pagination={false} title={translate('passerelle.menu.catalog')} perPage={100}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="code" label="resources.procedures.fields.code" disableSort />
        <DataTable.Col label="resources.procedures.fields.names" disableSort render={(r: ProcedureRow) => localized(r.names, locale)} />
        <DataTable.Col
          source="channel"
          label="resources.procedures.fields.channel"
          disableSort
          render={(r: ProcedureRow) => translate(`passerelle.channel.${r.channel}`)}
        />
        <DataTable.Col source="currentVersion" label="resources.procedures.fields.currentVersion" disableSort />
        <DataTable.Col
          source="effectiveFrom"
          label="resources.procedures.fields.effectiveFrom"
          disableSort
          render={(r: ProcedureRow) => formatDate(r.effectiveFrom, locale)}
        />
      </DataTable>
    </List>
  );
}

const Source = ({ id }: { id?: string }) => (id ? <Chip size="small" variant="outlined" label={id} sx={{ ml: 0.5 }} /> : null);

/** A source as a reader can open it: its title (a link to its URL), publisher, article, the day it was read, and why when it is the office's policy. */
function SourceLine({ source }: { source: SourceReference }) {
  const translate = useTranslate();
  const locale = useLocale();
  const details = [
    source.id === 'office-policy' ? translate('passerelle.catalog.office_policy') : null,
    source.publisher,
    source.article,
    source.readOn ? translate('passerelle.catalog.read_on', { date: formatDay(source.readOn, locale) }) : null,
  ].filter(Boolean);
  return (
    <Typography variant="body2">
      <code>{source.id}</code> —{' '}
      {source.url ? (
        <Link href={source.url} target="_blank" rel="noreferrer">
          {source.title}
        </Link>
      ) : (
        source.title
      )}
      {details.length > 0 && <Typography component="span" variant="body2" color="text.secondary">{` — ${details.join(', ')}`}</Typography>}
      {source.note && (
        <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {source.note}
        </Typography>
      )}
    </Typography>
  );
}

function describeValue(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value)
      .map(([k, v]) => `${v} ${k}`)
      .join(' ');
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** One procedure of the catalog as published: its documents, rules, parameters and the sources behind each. */
export function ProcedureShow() {
  useAuthenticated();
  const { id = '' } = useParams();
  const translate = useTranslate();
  const locale = useLocale();
  // the version in effect today (a dossier's page asks for its own version)
  const { data: read, error } = useGetOne<ProcedureVersion & RaRecord>('procedures', { id });
  const data = realRecord(read);
  if (error) return <ProblemAlert error={error} />;
  if (!data) return <CircularProgress sx={{ m: 4 }} />;
  const d = data.definition;
  const kind = (k: string) => localized(d.documentKinds[k]?.names, locale) || k;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4 }} data-testid="procedure-page">
      <Title title={localized(d.names, locale)} />
      <Card>
        <CardHeader
          title={localized(d.names, locale)}
          titleTypographyProps={{ variant: 'h5', component: 'h1' }}
          subheader={`${data.code} · ${translate('resources.procedures.fields.currentVersion')} ${data.version} · ${translate('resources.procedures.fields.effectiveFrom')} ${formatDate(data.effectiveFrom, locale)} · ${translate(`passerelle.channel.${d.channel}`)}`}
        />
        <CardContent sx={{ pt: 0 }}>
          <Typography variant="body2">{localized(d.summary, locale)}</Typography>
          {d.result && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              <strong>{translate('passerelle.catalog.result')}:</strong> {localized(d.result.description, locale)} <Source id={d.result.source} />
            </Typography>
          )}
          {d.fee && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              <strong>{translate('passerelle.catalog.fee')}:</strong> {formatEuros(d.fee.amountEur, locale === 'en' ? 'en' : 'fr')} —{' '}
              {localized(d.fee.means, locale)} <Source id={d.fee.source} />
            </Typography>
          )}
          {d.cases?.length ? (
            <Typography variant="body2" sx={{ mt: 1 }}>
              <strong>{translate('passerelle.catalog.cases')}:</strong> {d.cases.map((c) => localized(c.names, locale)).join(' · ')}
            </Typography>
          ) : null}
        </CardContent>
      </Card>
      <Card component="section">
        <CardHeader title={translate('passerelle.catalog.documents')} titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
        <CardContent sx={{ pt: 0 }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('passerelle.checklist.slot')}</TableCell>
                <TableCell>{translate('passerelle.catalog.options')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {d.slots.map((slot) => (
                <TableRow key={slot.code} sx={{ verticalAlign: 'top' }}>
                  <TableCell sx={{ width: '35%' }}>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {localized(slot.names, locale)} <Source id={slot.source} />
                    </Typography>
                    {slot.hint && (
                      <Typography variant="caption" color="text.secondary">
                        {localized(slot.hint, locale)}
                      </Typography>
                    )}
                    {slot.ask && (
                      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 0.5 }}>
                        <strong>{translate('passerelle.catalog.ask')}:</strong> {localized(slot.ask, locale)}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    {slot.options.map((option, index) => (
                      <Box key={option.code} sx={{ mb: 0.5 }}>
                        {index > 0 && (
                          <Typography variant="caption" color="text.secondary">
                            {translate('passerelle.catalog.or')}{' '}
                          </Typography>
                        )}
                        <Typography variant="body2" component="span" sx={{ fontWeight: 500 }}>
                          {localized(option.names, locale)}:
                        </Typography>{' '}
                        <Typography variant="body2" component="span">
                          {option.items
                            .map(
                              (item) =>
                                `${item.kinds.map(kind).join(` ${translate('passerelle.catalog.or')} `)}${item.count ? ` ×${item.count}` : ''}${item.requires?.length ? ` (${item.requires.map((r) => translate(`passerelle.catalog.requires.${r}`, { _: r })).join(', ')})` : ''}${item.maxAge ? ` — ${translate('passerelle.catalog.max_age')} ${'parameter' in item.maxAge ? describeValue(d.parameters?.[item.maxAge.parameter]?.value) : describeValue(item.maxAge)}` : ''}`,
                            )
                            .join(' + ')}
                        </Typography>
                      </Box>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Card component="section">
        <CardHeader title={translate('passerelle.catalog.rules')} titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
        <CardContent sx={{ pt: 0 }}>
          <Table size="small">
            <TableBody>
              {(d.eligibility ?? []).map((rule) => (
                <TableRow key={rule.code}>
                  <TableCell>
                    <code>{rule.code}</code>
                  </TableCell>
                  <TableCell>{translate(`passerelle.catalog.rule_kind.${rule.kind}`, { _: rule.kind })}</TableCell>
                  <TableCell>
                    <Source id={rule.source} />
                  </TableCell>
                </TableRow>
              ))}
              {Object.entries(d.parameters ?? {}).map(([code, parameter]) => (
                <TableRow key={code}>
                  <TableCell>
                    <code>{code}</code>
                  </TableCell>
                  <TableCell>
                    {localized(parameter.description, locale)}: <strong>{describeValue(parameter.value)}</strong>
                    {parameter.note && (
                      <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                        {parameter.note}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <Source id={parameter.source} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Card component="section">
        <CardHeader title={translate('passerelle.catalog.sources')} titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
        <CardContent sx={{ pt: 0 }}>
          <Box component="ul" sx={{ m: 0 }}>
            {(d.sources ?? []).map((source) => (
              <li key={source.id}>
                <SourceLine source={source} />
              </li>
            ))}
          </Box>
        </CardContent>
      </Card>
    </Stack>
  );
}
