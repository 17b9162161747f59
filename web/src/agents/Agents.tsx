import {
  BooleanField,
  BooleanInput,
  Create,
  DataTable,
  Edit,
  List,
  PasswordInput,
  ReferenceArrayInput,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TextInput,
  email,
  minLength,
  required,
  useTranslate,
} from 'react-admin';
import { AGENT_ROLES } from '../api/enums';

function useRoles() {
  const translate = useTranslate();
  return AGENT_ROLES.map((id) => ({ id, name: translate(`passerelle.role.${id}`) }));
}

/** Admins manage the office's agents: roles, the institutions they cover, disabling, passwords. */
export function AgentList() {
  const translate = useTranslate();
  return (
    <List pagination={false} perPage={500}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="displayName" disableSort />
        <DataTable.Col source="email" disableSort />
        <DataTable.Col source="role" disableSort render={(r: { role: string }) => translate(`passerelle.role.${r.role}`)} />
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
        <DataTable.Col
          source="institutionIds"
          disableSort
          render={(r: { institutionIds: string[] | null }) =>
            r.institutionIds?.length ? r.institutionIds.length : translate('passerelle.agents.whole_office')
          }
        />
      </DataTable>
    </List>
  );
}

export function AgentEdit() {
  const roles = useRoles();
  return (
    <Edit mutationMode="pessimistic">
      <SimpleForm>
        <TextInput source="email" disabled />
        <TextInput source="displayName" validate={required()} />
        <SelectInput source="role" choices={roles} validate={required()} />
        <BooleanInput source="active" />
        <ReferenceArrayInput source="institutionIds" reference="institutions">
          <SelectArrayInput optionText="name" helperText="passerelle.agents.institutions_help" />
        </ReferenceArrayInput>
        <PasswordInput source="password" validate={minLength(12)} helperText="passerelle.agents.password_help" />
      </SimpleForm>
    </Edit>
  );
}

export function AgentCreate() {
  const roles = useRoles();
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="email" validate={[required(), email()]} />
        <TextInput source="displayName" validate={required()} />
        <SelectInput source="role" choices={roles} validate={required()} defaultValue="agent" />
        <ReferenceArrayInput source="institutionIds" reference="institutions">
          <SelectArrayInput optionText="name" helperText="passerelle.agents.institutions_help" />
        </ReferenceArrayInput>
        <PasswordInput source="password" validate={[required(), minLength(12)]} />
      </SimpleForm>
    </Create>
  );
}
