import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { DataTable, List, Title, useAuthenticated, useGetOne, useLocale, usePermissions, useTranslate, type RaRecord } from 'react-admin';
import { Box, Card, CardContent, CardHeader, CircularProgress, Stack, Typography } from '@mui/material';
import { realRecord } from '../api/restContract';
import type { SessionAgent } from '../api/session';
import { formatEuros } from '../../../src/common/people-format';
import { colon, formatDate, localized } from '../common/format';
import { SourceLink } from '../common/SourceLink';
import { ProblemAlert } from '../common/ProblemAlert';
import type { ProcedureSummary, ProcedureVersion } from '../dossiers/types';
import { fileLimits, listWords, text, type Reader } from './catalogWords';
import { DocumentsSection, FactsSection, ParametersSection, RulesSection, TechnicalId } from './ProcedureSections';
import { SourcesSection } from './ProcedureSources';

type ProcedureRow = ProcedureSummary & RaRecord;

/** The catalog: its procedures by name, channel, version in effect and since when (never by code). */
export function ProcedureList() {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <List pagination={false} title={translate('passerelle.menu.catalog')} perPage={100}>
      <DataTable rowClick="show" bulkActionButtons={false}>
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

/** A labelled line of the procedure's summary: « Résultat : … (source) ». */
function Line({ label, children }: { label: string; children: ReactNode }) {
  const locale = useLocale();
  return (
    <Typography variant="body2" sx={{ mt: 1 }}>
      <strong>{`${label}${colon(locale)}`}</strong> {children}
    </Typography>
  );
}

/** One procedure of the catalog as published: what it gives, its documents, what the agent records, its rules, parameters and sources. */
export function ProcedureShow() {
  useAuthenticated();
  const { id = '' } = useParams();
  const translate = useTranslate();
  const locale = useLocale();
  const { permissions } = usePermissions<SessionAgent | null>();
  // the version in effect today (a dossier's page asks for its own version)
  const { data: read, error } = useGetOne<ProcedureVersion & RaRecord>('procedures', { id });
  const data = realRecord(read);
  if (error) return <ProblemAlert error={error} />;
  // a row of the catalog's list, which react-admin puts in this cache, has no definition: wait for the version itself
  if (!data?.definition) return <CircularProgress sx={{ m: 4 }} />;
  const d = data.definition;
  const reader: Reader = { definition: d, translate, locale };
  // the catalog's identifiers are for those who edit it as data
  const admin = permissions?.role === 'admin';
  const source = (sourceId: string) => {
    const found = d.sources.find((s) => s.id === sourceId);
    return found ? (
      <Typography component="span" variant="caption" color="text.secondary">
        (<SourceLink source={found} />)
      </Typography>
    ) : null;
  };
  const limits = fileLimits(reader);
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4 }} data-testid="procedure-page">
      <Title title={localized(d.names, locale)} />
      <Card>
        <CardHeader
          title={text(d.names, locale)}
          slotProps={{ title: { variant: 'h5', component: 'h2' } }}
          subheader={[
            `${translate('resources.procedures.fields.currentVersion')} ${data.version}`,
            `${translate('resources.procedures.fields.effectiveFrom')} ${formatDate(data.effectiveFrom, locale)}`,
            translate(`passerelle.channel.${d.channel}`),
          ].join(' · ')}
          action={admin ? <TechnicalId id={data.code} what="procedure" /> : undefined}
          sx={{ '& .MuiCardHeader-action': { alignSelf: 'center', m: 0 } }}
        />
        <CardContent sx={{ pt: 0 }}>
          <Typography variant="body2">{text(d.summary, locale)}</Typography>
          {d.result && (
            <Line label={translate('passerelle.catalog.result')}>
              {text(d.result.description, locale)} {source(d.result.source)}
            </Line>
          )}
          {d.fee && (
            <Line label={translate('passerelle.catalog.fee')}>
              {formatEuros(d.fee.amountEur, locale === 'en' ? 'en' : 'fr')} — {text(d.fee.means, locale)} {source(d.fee.source)}
            </Line>
          )}
          {d.cases?.length ? (
            <Line label={translate('passerelle.catalog.cases')}>
              {listWords(
                d.cases.map((c) => text(c.names, locale)),
                locale,
              )}
            </Line>
          ) : null}
          {limits.length > 0 && (
            <Box sx={{ mt: 1 }} data-testid="procedure-file-limits">
              <Typography variant="body2" sx={{ fontWeight: 700 }}>
                {translate('passerelle.catalog.files')}
              </Typography>
              {limits.map(({ channel, limits: words }) => (
                <Typography variant="body2" key={channel}>
                  {`${channel}${colon(locale)} ${words}`}
                </Typography>
              ))}
            </Box>
          )}
        </CardContent>
      </Card>
      <DocumentsSection reader={reader} />
      <FactsSection reader={reader} />
      <RulesSection reader={reader} admin={admin} />
      <ParametersSection reader={reader} admin={admin} />
      <SourcesSection reader={reader} />
    </Stack>
  );
}
