import {
  BooleanField,
  BooleanInput,
  Create,
  DataTable,
  Edit,
  List,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextInput,
  email,
  required,
  useTranslate,
} from 'react-admin';

const KINDS = ['university', 'engineering_school', 'business_school', 'other'];

function useKinds() {
  const translate = useTranslate();
  return KINDS.map((id) => ({ id, name: translate(`passerelle.institution_kind.${id}`) }));
}

export function InstitutionList() {
  const translate = useTranslate();
  return (
    <List filters={[<SearchInput key="q" source="q" alwaysOn />]} perPage={25}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="code" disableSort />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="kind" disableSort render={(r: { kind: string }) => translate(`passerelle.institution_kind.${r.kind}`)} />
        <DataTable.Col source="city" disableSort />
        <DataTable.Col source="member" disableSort>
          <BooleanField source="member" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}

function InstitutionForm() {
  const kinds = useKinds();
  return (
    <SimpleForm>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="kind" choices={kinds} validate={required()} />
      <TextInput source="city" />
      <TextInput source="contactEmail" validate={email()} />
      <BooleanInput source="member" />
    </SimpleForm>
  );
}

export function InstitutionEdit() {
  return (
    <Edit mutationMode="pessimistic">
      <InstitutionForm />
    </Edit>
  );
}

export function InstitutionCreate() {
  return (
    <Create redirect="list">
      <InstitutionForm />
    </Create>
  );
}
