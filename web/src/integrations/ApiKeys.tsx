import { useState } from 'react';
import { Box, Button, Chip, Typography } from '@mui/material';
import BlockIcon from '@mui/icons-material/Block';
import {
  Create,
  CreateButton,
  DataTable,
  DateInput,
  List,
  ReferenceArrayInput,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TextInput,
  TopToolbar,
  required,
  useDataProvider,
  useLocale,
  useNotify,
  useRedirect,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { PasserelleDataProvider } from '../api/dataProvider';
import type { ApiKey, CreatedApiKey } from '../api/integrationCalls';
import { formatDate, formatDateTime, officeToday } from '../common/format';
import { useSaveProblem } from '../common/ProblemAlert';
import { useLabels } from '../common/useLabels';
import { SENTENCE_CASE } from '../dossiers/DocumentItem';
import { ConfirmAction } from './ConfirmAction';
import { HiddenLabel, IntegrationEmpty, IntegrationTabs } from './IntegrationTabs';
import { defaultExpiry, endOfOfficeDay, keyState, type KeyState } from './integrationForms';
import { CodeLine, ShownOnceDialog } from './ShownOnce';
import { InstitutionNames } from './useInstitutionNames';

const STATE_COLORS: Record<KeyState, 'success' | 'default' | 'error'> = { active: 'success', expired: 'default', revoked: 'error' };

function KeyStateChip({ apiKey }: { apiKey: ApiKey }) {
  const translate = useTranslate();
  const state = keyState(apiKey);
  return <Chip size="small" color={STATE_COLORS[state]} label={translate(`passerelle.api_keys.state.${state}`)} data-state={state} />;
}

function RevokeButton({ apiKey }: { apiKey: ApiKey }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const [asking, setAsking] = useState(false);
  if (apiKey.revokedAt) return null;
  return (
    <>
      <Button size="small" color="error" startIcon={<BlockIcon />} onClick={() => setAsking(true)} data-testid="revoke-key" sx={SENTENCE_CASE}>
        {translate('passerelle.api_keys.revoke')}
      </Button>
      {asking && (
        <ConfirmAction
          title={translate('passerelle.api_keys.revoke_title', { name: apiKey.name })}
          help={translate('passerelle.api_keys.revoke_help')}
          confirm={translate('passerelle.api_keys.revoke')}
          color="error"
          run={() => dataProvider.revokeApiKey(apiKey.id)}
          onDone={() => {
            setAsking(false);
            notify('passerelle.api_keys.revoked', { type: 'success' });
            refresh();
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}

function ApiKeyActions() {
  return (
    <TopToolbar>
      <CreateButton label="passerelle.api_keys.create" data-testid="create-key" />
    </TopToolbar>
  );
}

/** The keys issued (revoked ones included): who uses each, what it may do, until when, and its state; never the key itself. */
export function ApiKeyList() {
  const translate = useTranslate();
  const locale = useLocale();
  const { of } = useLabels();
  return (
    <>
      <IntegrationTabs current="apiKeys" />
      <List
        pagination={false}
        perPage={500}
        actions={<ApiKeyActions />}
        exporter={false}
        empty={<IntegrationEmpty resource="apiKeys" create="passerelle.api_keys.create" testId="create-key" />}
      >
        <DataTable rowClick={false} bulkActionButtons={false} data-testid="api-keys">
          <DataTable.Col source="name" disableSort />
          <DataTable.Col
            source="prefix"
            disableSort
            render={(k: ApiKey) => (
              <Box component="code" sx={{ fontSize: 13, whiteSpace: 'nowrap' }} data-testid="key-prefix">
                {`${k.prefix}…`}
              </Box>
            )}
          />
          <DataTable.Col source="role" disableSort render={(k: ApiKey) => of('AGENT_ROLES', k.role)} />
          <DataTable.Col
            source="institutionIds"
            disableSort
            render={(k: ApiKey) => <InstitutionNames ids={k.institutionIds} whole={translate('passerelle.api_keys.whole_office')} />}
          />
          <DataTable.Col source="expiresAt" disableSort render={(k: ApiKey) => <Box sx={{ whiteSpace: 'nowrap' }}>{formatDate(k.expiresAt, locale)}</Box>} />
          <DataTable.Col
            source="lastUsedAt"
            disableSort
            render={(k: ApiKey) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : translate('passerelle.api_keys.never_used'))}
          />
          <DataTable.Col source="state" disableSort render={(k: ApiKey) => <KeyStateChip apiKey={k} />} />
          <DataTable.Col source="createdBy" disableSort render={(k: ApiKey) => k.createdBy.name} />
          <DataTable.Col
            label={<HiddenLabel text={translate('passerelle.integrations.actions')} />}
            disableSort
            render={(k: ApiKey) => <RevokeButton apiKey={k} />}
          />
        </DataTable>
      </List>
    </>
  );
}

/** The key just issued, shown this once, with how a script sends it. */
function CreatedKeyDialog({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const translate = useTranslate();
  return (
    <ShownOnceDialog
      title={translate('passerelle.api_keys.created_title', { name: created.name })}
      warning={translate('passerelle.api_keys.shown_once')}
      value={created.key}
      testId="created-key"
      done={translate('passerelle.api_keys.done')}
      onClose={onClose}
    >
      {translate('passerelle.api_keys.how_to_use')}
      <Box sx={{ mt: 1 }}>
        <CodeLine>{`Authorization: Bearer ${created.key}`}</CodeLine>
      </Box>
    </ShownOnceDialog>
  );
}

/** « Créer une clé »: who uses it, its role, the institutions it covers, until when; then the key, shown once. */
export function ApiKeyCreate() {
  const translate = useTranslate();
  const { choices } = useLabels();
  const redirect = useRedirect();
  const refusal = useSaveProblem();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <Create
      redirect={false}
      transform={(data: Record<string, unknown>) => ({
        ...data,
        expiresAt: typeof data.expiresAt === 'string' && data.expiresAt ? endOfOfficeDay(data.expiresAt) : null,
      })}
      mutationOptions={{ ...refusal.mutationOptions, onSuccess: (data: unknown) => setCreated(data as CreatedApiKey) }}
    >
      <SimpleForm>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 720 }}>
          {translate('passerelle.api_keys.create_help')}
        </Typography>
        {refusal.alert}
        <TextInput source="name" validate={required()} helperText="passerelle.api_keys.name_help" sx={{ minWidth: 420 }} />
        <SelectInput source="role" choices={choices('AGENT_ROLES')} validate={required()} defaultValue="agent" />
        <ReferenceArrayInput source="institutionIds" reference="institutions" perPage={200}>
          <SelectArrayInput
            optionText="name"
            label="resources.apiKeys.fields.institutionIds"
            helperText="passerelle.api_keys.institutions_help"
            sx={{ minWidth: 420 }}
          />
        </ReferenceArrayInput>
        <DateInput source="expiresAt" validate={required()} defaultValue={defaultExpiry(officeToday())} helperText="passerelle.api_keys.expires_help" />
      </SimpleForm>
      {created && <CreatedKeyDialog created={created} onClose={() => redirect('list', 'apiKeys')} />}
    </Create>
  );
}
