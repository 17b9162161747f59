import {
  AutocompleteInput,
  Create,
  CreateButton,
  DataTable,
  DateInput,
  FilterButton,
  List,
  ReferenceInput,
  SearchInput,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TopToolbar,
  required,
  useGetList,
  useListContext,
  useLocale,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { useState } from 'react';
import { Box, Button, Stack, Typography } from '@mui/material';
import { useSaveProblem } from '../common/ProblemAlert';
import { StatusChip } from '../common/StatusChip';
import { formatDate, studentName } from '../common/format';
import { useProcedures } from '../common/useLabels';
import { CHANNELS, DOSSIER_STATUSES } from '../api/enums';
import { KeyboardRowsBody } from '../layout/KeyboardRows';
import { InboxViews } from './InboxViews';
import { StudentActivityBadge } from './StudentActivityBadge';
import type { StudentActivity } from './types';
import { BulkOutcomeAlert, InboxBulkActions, type BulkOutcome } from './InboxBulkActions';

export function useStatusChoices() {
  const translate = useTranslate();
  return DOSSIER_STATUSES.map((id) => ({ id, name: translate(`passerelle.status.${id}`) }));
}

function useAgentChoices(withNone: boolean) {
  const translate = useTranslate();
  const { data } = useGetList<RaRecord & { displayName: string; active: boolean }>('agents', { pagination: { page: 1, perPage: 500 } });
  const agents = (data ?? []).filter((a) => a.active).map((a) => ({ id: String(a.id), name: a.displayName }));
  return withNone ? [{ id: 'none', name: translate('passerelle.dossier.nobody') }, ...agents] : agents;
}

function dossierFilters(
  statusChoices: { id: string; name: string }[],
  procedures: { id: string; name: string }[],
  agents: { id: string; name: string }[],
  translate: (k: string) => string,
) {
  return [
    <SearchInput
      key="q"
      source="q"
      alwaysOn
      placeholder={translate('passerelle.dossier.search')}
      aria-label={translate('passerelle.dossier.search')}
      sx={{ width: 360 }}
    />,
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
      <CreateButton label="passerelle.dossier.open" />
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
  studentActivity: StudentActivity;
};

/** Cells that never wrap (references, dates, headers), a name cut rather than wrapped, long names on two lines at most. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;
const ONE_LINE = { display: 'block', maxWidth: 190, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
const TWO_LINES = { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', minWidth: 140 } as const;

/** Columns as wide as their content, so that the names (student, procedure) get the rest. */
const HUGGING = ['reference', 'status', 'receivedAt', 'deadlineAt', 'assigneeId'].map((c) => `& .column-${c}`).join(', ');

/** No dossier to show: with filters, say so and offer to clear them; always offer to open one. */
function InboxEmpty() {
  const translate = useTranslate();
  const { setFilters, ...list } = useListContext();
  const filtered = Object.keys((list.filterValues as Record<string, unknown> | undefined) ?? {}).length > 0;
  return (
    <Box sx={{ p: 3 }} data-testid="inbox-empty">
      <Typography variant="body1" sx={{ mb: 1.5 }}>
        {translate(filtered ? 'passerelle.inbox.empty_filtered' : 'passerelle.inbox.empty')}
      </Typography>
      <Stack direction="row" spacing={1}>
        {filtered && (
          <Button variant="outlined" onClick={() => setFilters({}, {})}>
            {translate('passerelle.inbox.clear_filters')}
          </Button>
        )}
        <CreateButton variant="contained" label="passerelle.dossier.open" resource="dossiers" />
      </Stack>
    </Box>
  );
}

/**
 * The inbox: every dossier the agent may see, by view or filter. Rows are reached with Tab or
 * ↑ ↓ and opened with Enter (layout/KeyboardRows); ticked ones are assigned or gathered into a
 * transmission (InboxBulkActions).
 */
export function DossierList() {
  const translate = useTranslate();
  const locale = useLocale();
  const statusChoices = useStatusChoices();
  const procedures = useProcedures();
  const agents = useAgentChoices(true);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const agentName = (id: string | null) => (id ? (agents.find((a) => a.id === id)?.name ?? '…') : '—');
  return (
    <List
      filters={dossierFilters(statusChoices, procedures.choices, agents, translate)}
      actions={<ListActions />}
      sort={{ field: 'receivedAt', order: 'DESC' }}
      perPage={25}
      storeKey="dossiers.inbox"
      empty={<InboxEmpty />}
    >
      <InboxViews />
      <BulkOutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />
      <DataTable
        rowClick="show"
        body={KeyboardRowsBody}
        bulkActionButtons={<InboxBulkActions onDone={setOutcome} />}
        empty={<InboxEmpty />}
        sx={{ '& thead th': NO_WRAP, '& td, & th': { px: 1 }, [HUGGING]: { width: '1%' } }}
      >
        <DataTable.Col
          source="reference"
          label="resources.dossiers.fields.reference"
          cellSx={() => NO_WRAP}
          render={(r: DossierRow) => (
            <>
              <Box component="span" sx={{ display: 'block' }}>
                {r.reference}
              </Box>
              {/* what the student sent from their page, not looked at yet */}
              <StudentActivityBadge activity={r.studentActivity} />
            </>
          )}
        />
        <DataTable.Col
          source="student"
          label="resources.dossiers.fields.student"
          disableSort
          render={(r: DossierRow) => (
            <>
              <Box component="span" sx={ONE_LINE} title={studentName(r.student)} data-testid="student-name">
                {studentName(r.student)}
              </Box>
              <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                {r.student.studentNumber}
              </Typography>
            </>
          )}
        />
        <DataTable.Col
          source="procedureCode"
          label="resources.dossiers.fields.procedureCode"
          disableSort
          render={(r: DossierRow) => (
            <Box component="span" sx={TWO_LINES} title={procedures.name(r.procedureCode)}>
              {procedures.name(r.procedureCode)}
            </Box>
          )}
        />
        <DataTable.Col
          source="status"
          label="resources.dossiers.fields.status"
          disableSort
          render={(r: DossierRow) => <StatusChip status={r.status} decision={r.decision} />}
        />
        <DataTable.Col
          source="receivedAt"
          label="resources.dossiers.fields.receivedAt"
          cellSx={() => NO_WRAP}
          render={(r: DossierRow) => formatDate(r.receivedAt, locale)}
        />
        <DataTable.Col
          source="deadlineAt"
          label="resources.dossiers.fields.deadlineAt"
          cellSx={() => NO_WRAP}
          render={(r: DossierRow) => formatDate(r.deadlineOn, locale)}
        />
        <DataTable.Col
          source="assigneeId"
          label="resources.dossiers.fields.assigneeId"
          disableSort
          render={(r: DossierRow) => (
            <Box component="span" sx={{ ...ONE_LINE, maxWidth: 150 }} title={agentName(r.assigneeId)}>
              {agentName(r.assigneeId)}
            </Box>
          )}
        />
      </DataTable>
    </List>
  );
}

export function DossierCreate() {
  const translate = useTranslate();
  const procedures = useProcedures().choices;
  const channels = CHANNELS.map((id) => ({ id, name: translate(`passerelle.channel.${id}`) }));
  // a refusal stays in the form: the 409 names the dossier already open, with a link to it
  const refusal = useSaveProblem();
  return (
    <Create redirect="show" mutationOptions={refusal.mutationOptions}>
      <SimpleForm>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('passerelle.dossier.create_help')}
        </Typography>
        {refusal.alert}
        <ReferenceInput source="studentId" reference="students">
          <AutocompleteInput
            label="resources.dossiers.fields.student"
            optionText={(s: RaRecord) => `${studentName(s as never)} — ${s.studentNumber}`}
            filterToQuery={(q: string) => ({ q })}
            validate={required()}
            fullWidth
          />
        </ReferenceInput>
        <SelectInput source="procedureCode" choices={procedures} validate={required()} label="resources.dossiers.fields.procedureCode" fullWidth />
        <DateInput source="receivedAt" label="resources.dossiers.fields.receivedAt" />
        <SelectInput source="channel" choices={channels} label="resources.dossiers.fields.channel" sx={{ minWidth: 240 }} />
      </SimpleForm>
    </Create>
  );
}
