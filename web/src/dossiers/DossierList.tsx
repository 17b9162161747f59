import {
  AutocompleteInput,
  Create,
  CreateButton,
  DataTable,
  DateInput,
  FilterButton,
  List,
  ReferenceInput,
  SavedQueriesList,
  SearchInput,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TopToolbar,
  required,
  useGetList,
  useListContext,
  useLocale,
  usePermissions,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { Card, CardContent, List as MuiList, ListItemButton, ListItemText, ListSubheader, Typography } from '@mui/material';
import { StatusChip } from '../common/StatusChip';
import { addDays, formatDate, formatDay, localized, officeToday, studentName, type LocalizedText } from '../common/format';
import { CHANNELS, DOSSIER_STATUSES } from '../api/enums';
import type { SessionAgent } from '../api/session';

export function useStatusChoices() {
  const translate = useTranslate();
  return DOSSIER_STATUSES.map((id) => ({ id, name: translate(`passerelle.status.${id}`) }));
}

function useProcedureChoices() {
  const locale = useLocale();
  const { data } = useGetList<RaRecord & { code: string; names: LocalizedText }>('procedures', { pagination: { page: 1, perPage: 100 } });
  return (data ?? []).map((p) => ({ id: p.code, name: localized(p.names, locale) }));
}

function useAgentChoices(withNone: boolean) {
  const translate = useTranslate();
  const { data } = useGetList<RaRecord & { displayName: string; active: boolean }>('agents', { pagination: { page: 1, perPage: 500 } });
  const agents = (data ?? []).filter((a) => a.active).map((a) => ({ id: String(a.id), name: a.displayName }));
  return withNone ? [{ id: 'none', name: translate('passerelle.dossier.nobody') }, ...agents] : agents;
}

/** The views agents work from every day, one click each; their own views are saved below. */
function SavedViews() {
  const translate = useTranslate();
  const list = useListContext<DossierRow>();
  const { setFilters, setSort } = list;
  const filterValues = list.filterValues as Record<string, unknown>;
  const { permissions } = usePermissions<SessionAgent | null>();
  const today = officeToday();
  const views = [
    { key: 'mine', filter: permissions ? { assigneeId: permissions.id } : {}, sort: { field: 'deadlineAt', order: 'ASC' as const } },
    {
      key: 'incomplete_this_week',
      filter: { status: ['incomplete'], deadlineBefore: addDays(today, 8) },
      sort: { field: 'deadlineAt', order: 'ASC' as const },
    },
    { key: 'ready_to_forward', filter: { status: ['verified'] }, sort: { field: 'receivedAt', order: 'ASC' as const } },
    {
      key: 'near_implicit_rejection',
      filter: { status: ['forwarded'], deadlineBefore: addDays(today, 31) },
      sort: { field: 'deadlineAt', order: 'ASC' as const },
    },
    { key: 'all', filter: {}, sort: { field: 'receivedAt', order: 'DESC' as const } },
  ];
  const current = JSON.stringify(filterValues ?? {});
  return (
    <Card sx={{ order: -1, mr: 2, mt: 1, width: 220, flexShrink: 0, display: { xs: 'none', lg: 'block' } }}>
      <CardContent sx={{ p: 0, '&:last-child': { pb: 0 } }}>
        <MuiList dense aria-label={translate('passerelle.views.title')} subheader={<ListSubheader>{translate('passerelle.views.title')}</ListSubheader>}>
          {views.map((view) => (
            <ListItemButton
              key={view.key}
              selected={current === JSON.stringify(view.filter)}
              onClick={() => {
                setSort(view.sort);
                setFilters(view.filter, {});
              }}
            >
              <ListItemText primary={translate(`passerelle.views.${view.key}`)} />
            </ListItemButton>
          ))}
        </MuiList>
        <SavedQueriesList />
      </CardContent>
    </Card>
  );
}

function dossierFilters(
  statusChoices: { id: string; name: string }[],
  procedures: { id: string; name: string }[],
  agents: { id: string; name: string }[],
  translate: (k: string) => string,
) {
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('passerelle.dossier.search')} aria-label={translate('passerelle.dossier.search')} />,
    <SelectArrayInput key="status" source="status" choices={statusChoices} alwaysOn sx={{ minWidth: 180 }} label="resources.dossiers.fields.status" />,
    <SelectInput key="procedureCode" source="procedureCode" choices={procedures} label="resources.dossiers.fields.procedureCode" />,
    <ReferenceInput key="institutionId" source="institutionId" reference="institutions" label="resources.dossiers.fields.institutionId">
      <SelectInput optionText="name" label="resources.dossiers.fields.institutionId" />
    </ReferenceInput>,
    <SelectInput key="assigneeId" source="assigneeId" choices={agents} label="resources.dossiers.fields.assigneeId" />,
    <DateInput key="deadlineBefore" source="deadlineBefore" label="resources.dossiers.fields.deadlineBefore" />,
  ];
}

function ListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <CreateButton />
    </TopToolbar>
  );
}

type DossierRow = RaRecord & {
  reference: string;
  status: string;
  decision: string | null;
  procedureCode: string;
  receivedAt: string;
  deadlineAt: string | null;
  deadlineOn: string | null;
  assigneeId: string | null;
  student: { birthName: string; usageName: string | null; firstNames: string; studentNumber: string };
};

export function DossierList() {
  const translate = useTranslate();
  const locale = useLocale();
  const statusChoices = useStatusChoices();
  const procedures = useProcedureChoices();
  const agents = useAgentChoices(true);
  const agentName = (id: string | null) => (id ? (agents.find((a) => a.id === id)?.name ?? '…') : '—');
  return (
    <List
      filters={dossierFilters(statusChoices, procedures, agents, translate)}
      actions={<ListActions />}
      aside={<SavedViews />}
      sort={{ field: 'receivedAt', order: 'DESC' }}
      perPage={25}
      storeKey="dossiers.inbox"
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="reference" label="resources.dossiers.fields.reference" />
        <DataTable.Col
          label="resources.dossiers.fields.student"
          disableSort
          render={(r: DossierRow) => `${studentName(r.student)} (${r.student.studentNumber})`}
        />
        <DataTable.Col
          source="procedureCode"
          label="resources.dossiers.fields.procedureCode"
          disableSort
          render={(r: DossierRow) => <span title={procedures.find((p) => p.id === r.procedureCode)?.name}>{r.procedureCode}</span>}
        />
        <DataTable.Col
          source="status"
          label="resources.dossiers.fields.status"
          disableSort
          render={(r: DossierRow) => <StatusChip status={r.status} decision={r.decision} />}
        />
        <DataTable.Col source="receivedAt" label="resources.dossiers.fields.receivedAt" render={(r: DossierRow) => formatDate(r.receivedAt, locale)} />
        <DataTable.Col source="deadlineAt" label="resources.dossiers.fields.deadlineAt" render={(r: DossierRow) => formatDay(r.deadlineOn, locale)} />
        <DataTable.Col source="assigneeId" label="resources.dossiers.fields.assigneeId" disableSort render={(r: DossierRow) => agentName(r.assigneeId)} />
      </DataTable>
    </List>
  );
}

export function DossierCreate() {
  const translate = useTranslate();
  const procedures = useProcedureChoices();
  const channels = CHANNELS.map((id) => ({ id, name: translate(`passerelle.channel.${id}`) }));
  return (
    <Create redirect="show">
      <SimpleForm>
        <Typography variant="body2" color="text.secondary">
          {translate('passerelle.dossier.create_help')}
        </Typography>
        <ReferenceInput source="studentId" reference="students">
          <AutocompleteInput
            label="resources.dossiers.fields.student"
            optionText={(s: RaRecord) => `${studentName(s as never)} — ${s.studentNumber}`}
            filterToQuery={(q: string) => ({ q })}
            validate={required()}
            fullWidth
          />
        </ReferenceInput>
        <SelectInput source="procedureCode" choices={procedures} validate={required()} label="resources.dossiers.fields.procedureCode" />
        <DateInput source="receivedAt" label="resources.dossiers.fields.receivedAt" />
        <SelectInput source="channel" choices={channels} label="resources.dossiers.fields.channel" />
      </SimpleForm>
    </Create>
  );
}
