import {
  Create,
  CreateButton,
  DataTable,
  DateField,
  DateInput,
  Edit,
  EditButton,
  EmailField,
  FunctionField,
  Labeled,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  TabbedShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  email,
  required,
  useListContext,
  useRecordContext,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { Box, Button, Card, Grid, Stack, Typography } from '@mui/material';
import { studentName } from '../common/format';
import { useLabels } from '../common/useLabels';
import { KeyboardRowsBody } from '../layout/KeyboardRows';
import { useLevelChoices, usePermitKindChoices, useSexChoices } from './choices';
import { CountryInput } from './CountryInput';
import { StudentDossiers } from './StudentDossiers';

const studentFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="institutionId" source="institutionId" reference="institutions" alwaysOn>
    <SelectInput optionText="name" label="resources.students.fields.institutionId" />
  </ReferenceInput>,
];

/** No student to show: with a search or a filter, say so and offer to clear it; always offer to register one. */
function StudentsEmpty() {
  const translate = useTranslate();
  const { setFilters, ...list } = useListContext();
  const filtered = Object.keys((list.filterValues as Record<string, unknown> | undefined) ?? {}).length > 0;
  return (
    <Box sx={{ p: 3 }} data-testid="students-empty">
      <Typography variant="body1" sx={{ mb: 1.5 }}>
        {translate(filtered ? 'passerelle.students.empty_filtered' : 'resources.students.empty')}
      </Typography>
      <Stack direction="row" spacing={1}>
        {filtered && (
          <Button variant="outlined" onClick={() => setFilters({}, {})}>
            {translate('ra.navigation.clear_filters')}
          </Button>
        )}
        <CreateButton variant="contained" resource="students" label="passerelle.students.register" />
      </Stack>
    </Box>
  );
}

export function StudentList() {
  const labels = useLabels();
  return (
    <List filters={studentFilters} perPage={25} empty={<StudentsEmpty />}>
      <DataTable rowClick="show" bulkActionButtons={false} body={KeyboardRowsBody} empty={<StudentsEmpty />}>
        <DataTable.Col source="studentNumber" disableSort />
        <DataTable.Col label="resources.students.fields.name" disableSort render={(r: RaRecord) => studentName(r as never)} />
        <DataTable.Col source="nationality" disableSort render={(r: RaRecord) => labels.country(r.nationality as string)} />
        <DataTable.Col source="institutionId" disableSort>
          <ReferenceField source="institutionId" reference="institutions" link={false} />
        </DataTable.Col>
        <DataTable.Col source="currentPermit.validUntil" label="resources.students.fields.permitValidUntil" disableSort>
          <DateField source="currentPermit.validUntil" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}

function StudentTitle() {
  const record = useRecordContext();
  return <span>{record ? studentName(record as never) : ''}</span>;
}

/** A student: their dossiers first (what the office works on), then who they are and their studies. */
export function StudentShow() {
  const translate = useTranslate();
  const labels = useLabels();
  return (
    <Show
      title={<StudentTitle />}
      component="div"
      actions={
        <TopToolbar>
          <EditButton />
        </TopToolbar>
      }
    >
      <StudentDossiers />
      <Card>
        <TabbedShowLayout>
          <TabbedShowLayout.Tab label="passerelle.students.identity">
            <TextField source="studentNumber" />
            <TextField source="birthName" />
            <TextField source="usageName" emptyText="—" />
            <TextField source="firstNames" />
            <DateField source="birthDate" />
            <FunctionField source="birthCountry" render={(r: RaRecord) => labels.country(r.birthCountry as string)} />
            <FunctionField source="nationality" render={(r: RaRecord) => labels.country(r.nationality as string)} />
            <EmailField source="email" />
            <TextField source="mobilePhone" emptyText="—" />
            <FunctionField source="preferredLanguage" render={(r: RaRecord) => labels.language(r.preferredLanguage as string)} />
            <ReferenceField source="institutionId" reference="institutions" />
          </TabbedShowLayout.Tab>
          <TabbedShowLayout.Tab label="passerelle.students.studies_and_permit">
            <TextField source="programme" emptyText="—" />
            <FunctionField source="level" render={(r: RaRecord) => labels.of('STUDY_LEVELS', r.level as string)} />
            <TextField source="academicYear" />
            <DateField source="expectedDefenceDate" emptyText="—" />
            <Typography variant="subtitle2" component="h3">
              {translate('passerelle.dossier.current_permit')}
            </Typography>
            <FunctionField
              source="currentPermit.kind"
              label="resources.students.fields.permitKind"
              render={(r: RaRecord) => labels.of('PERMIT_KINDS', (r.currentPermit as { kind?: string } | null)?.kind)}
            />
            <TextField source="currentPermit.number" label="resources.students.fields.permitNumber" emptyText="—" />
            <DateField source="currentPermit.validUntil" label="resources.students.fields.permitValidUntil" emptyText="—" />
            <Labeled label="resources.students.fields.address">
              <AddressText />
            </Labeled>
          </TabbedShowLayout.Tab>
        </TabbedShowLayout>
      </Card>
    </Show>
  );
}

function AddressText() {
  const record = useRecordContext<RaRecord & { address?: { line1: string; line2?: string | null; postalCode: string; city: string } | null }>();
  const a = record?.address;
  return <span>{a ? `${a.line1}${a.line2 ? `, ${a.line2}` : ''}, ${a.postalCode} ${a.city}` : '—'}</span>;
}

/** Room under each field for its help (« Maroc », « 2026-2027 »), clear of the next field's label. */
const FIELD_SPACING = { '& .MuiFormControl-root': { mb: 1 } } as const;

function StudentForm() {
  const levels = useLevelChoices();
  const permitKinds = usePermitKindChoices();
  const sexes = useSexChoices();
  const languages = [
    { id: 'fr', name: 'Français' },
    { id: 'en', name: 'English' },
  ];
  return (
    <SimpleForm>
      <Grid container spacing={2} sx={{ width: '100%' }}>
        <Grid size={{ xs: 12, md: 6 }} sx={FIELD_SPACING}>
          <ReferenceInput source="institutionId" reference="institutions">
            <SelectInput optionText="name" validate={required()} fullWidth />
          </ReferenceInput>
          <TextInput source="studentNumber" validate={required()} fullWidth />
          <TextInput source="birthName" validate={required()} fullWidth />
          <TextInput source="usageName" fullWidth />
          <TextInput source="firstNames" validate={required()} fullWidth />
          <SelectInput source="sex" choices={sexes} validate={required()} fullWidth />
          <DateInput source="birthDate" validate={required()} fullWidth />
          <TextInput source="birthPlace" fullWidth />
          <CountryInput source="birthCountry" />
          <CountryInput source="nationality" />
          <TextInput source="email" validate={[required(), email()]} fullWidth />
          <TextInput source="mobilePhone" fullWidth />
          <SelectInput source="preferredLanguage" choices={languages} fullWidth />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }} sx={FIELD_SPACING}>
          <TextInput source="programme" fullWidth />
          <SelectInput source="level" choices={levels} validate={required()} fullWidth />
          <TextInput source="academicYear" validate={required()} fullWidth helperText="2026-2027" />
          <DateInput source="expectedDefenceDate" fullWidth />
          <DateInput source="internshipEndDate" fullWidth />
          <TextInput source="address.line1" label="resources.students.fields.addressLine1" fullWidth />
          <TextInput source="address.postalCode" label="resources.students.fields.postalCode" fullWidth />
          <TextInput source="address.city" label="resources.students.fields.city" fullWidth />
          <SelectInput source="currentPermit.kind" label="resources.students.fields.permitKind" choices={permitKinds} fullWidth />
          <TextInput source="currentPermit.number" label="resources.students.fields.permitNumber" fullWidth />
          <DateInput source="currentPermit.validFrom" label="resources.students.fields.permitValidFrom" fullWidth />
          <DateInput source="currentPermit.validUntil" label="resources.students.fields.permitValidUntil" fullWidth />
        </Grid>
      </Grid>
    </SimpleForm>
  );
}

export function StudentEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <StudentForm />
    </Edit>
  );
}

export function StudentCreate() {
  return (
    <Create redirect="show">
      <StudentForm />
    </Create>
  );
}
