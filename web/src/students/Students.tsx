import {
  Create,
  DataTable,
  DateField,
  DateInput,
  Edit,
  EditButton,
  EmailField,
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
  useRecordContext,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { Grid, Typography } from '@mui/material';
import { studentName } from '../common/format';
import { useLevelChoices, usePermitKindChoices, useSexChoices } from './choices';

const studentFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="institutionId" source="institutionId" reference="institutions" alwaysOn>
    <SelectInput optionText="name" label="resources.students.fields.institutionId" />
  </ReferenceInput>,
];

export function StudentList() {
  return (
    <List filters={studentFilters} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="studentNumber" disableSort />
        <DataTable.Col label="resources.students.fields.name" disableSort render={(r: RaRecord) => studentName(r as never)} />
        <DataTable.Col source="nationality" disableSort />
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

export function StudentShow() {
  const translate = useTranslate();
  return (
    <Show
      title={<StudentTitle />}
      actions={
        <TopToolbar>
          <EditButton />
        </TopToolbar>
      }
    >
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="passerelle.students.identity">
          <TextField source="studentNumber" />
          <TextField source="birthName" />
          <TextField source="usageName" emptyText="—" />
          <TextField source="firstNames" />
          <DateField source="birthDate" />
          <TextField source="nationality" />
          <EmailField source="email" />
          <TextField source="mobilePhone" emptyText="—" />
          <TextField source="preferredLanguage" />
          <ReferenceField source="institutionId" reference="institutions" />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="passerelle.students.studies_and_permit">
          <TextField source="programme" emptyText="—" />
          <TextField source="level" />
          <TextField source="academicYear" />
          <DateField source="expectedDefenceDate" emptyText="—" />
          <Typography variant="subtitle2">{translate('passerelle.dossier.current_permit')}</Typography>
          <TextField source="currentPermit.kind" label="resources.students.fields.permitKind" emptyText="—" />
          <TextField source="currentPermit.number" label="resources.students.fields.permitNumber" emptyText="—" />
          <DateField source="currentPermit.validUntil" label="resources.students.fields.permitValidUntil" emptyText="—" />
          <Labeled label="resources.students.fields.address">
            <AddressText />
          </Labeled>
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}

function AddressText() {
  const record = useRecordContext<RaRecord & { address?: { line1: string; line2?: string | null; postalCode: string; city: string } | null }>();
  const a = record?.address;
  return <span>{a ? `${a.line1}${a.line2 ? `, ${a.line2}` : ''}, ${a.postalCode} ${a.city}` : '—'}</span>;
}

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
        <Grid size={{ xs: 12, md: 6 }}>
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
          <TextInput source="birthCountry" validate={required()} fullWidth helperText="ISO 3166 (VN, MA...)" />
          <TextInput source="nationality" validate={required()} fullWidth helperText="ISO 3166 (VN, MA...)" />
          <TextInput source="email" validate={[required(), email()]} fullWidth />
          <TextInput source="mobilePhone" fullWidth />
          <SelectInput source="preferredLanguage" choices={languages} fullWidth />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
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
    <Edit title={<StudentTitle />} mutationMode="pessimistic" redirect="show">
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
