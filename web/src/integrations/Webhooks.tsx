import { useState } from 'react';
import { Box, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import {
  CheckboxGroupInput,
  Create,
  CreateButton,
  DataTable,
  List,
  ReferenceArrayInput,
  SelectArrayInput,
  SimpleForm,
  TextInput,
  TopToolbar,
  required,
  useDataProvider,
  useLocale,
  useRedirect,
  useTranslate,
} from 'react-admin';
import type { PasserelleDataProvider } from '../api/dataProvider';
import type { Webhook, WebhookWithSecret } from '../api/integrationCalls';
import { formatDateTime } from '../common/format';
import { useSaveProblem } from '../common/ProblemAlert';
import { useLabels } from '../common/useLabels';
import { IntegrationEmpty, IntegrationTabs } from './IntegrationTabs';
import { ShownOnceDialog } from './ShownOnce';
import { InstitutionNames } from './useInstitutionNames';

const DELIVERY_COLORS: Record<string, 'default' | 'success' | 'error'> = { pending: 'default', delivered: 'success', failed: 'error' };

/** A delivery's status in words, coloured. */
export function DeliveryStatusChip({ status }: { status: string }) {
  const { of } = useLabels();
  return (
    <Chip size="small" variant="outlined" color={DELIVERY_COLORS[status] ?? 'default'} label={of('WEBHOOK_DELIVERY_STATUSES', status)} data-status={status} />
  );
}

/** Active, or paused and why (an admin, a 410, failures in a row: the API says it in French). */
export function WebhookState({ webhook }: { webhook: Webhook }) {
  const { of } = useLabels();
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }} data-testid="webhook-state" data-status={webhook.status}>
      <Chip size="small" color={webhook.status === 'active' ? 'success' : 'warning'} label={of('WEBHOOK_STATUSES', webhook.status)} />
      {webhook.status === 'paused' && webhook.pausedReason ? (
        <Typography variant="caption" color="text.secondary">
          {webhook.pausedReason}
        </Typography>
      ) : null}
    </Stack>
  );
}

/** The events a subscription delivers, in words. */
export function EventList({ events }: { events: readonly string[] }) {
  const { of } = useLabels();
  return <>{events.map((event) => of('WEBHOOK_EVENTS', event)).join(', ')}</>;
}

/** The newest delivery of a subscription: its status and when (one short read per row: an office has a few subscriptions). */
function LastDelivery({ webhookId }: { webhookId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const { data } = useQuery({
    queryKey: ['webhookDeliveries', webhookId, 'last'],
    queryFn: async () => (await dataProvider.getWebhookDeliveries(webhookId, { limit: 1 })).data.items[0] ?? null,
  });
  if (data === undefined) return <>…</>;
  if (data === null) return <>{translate('passerelle.webhooks.no_delivery')}</>;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', whiteSpace: 'nowrap' }}>
      <DeliveryStatusChip status={data.status} />
      <span>{formatDateTime(data.lastAttemptAt ?? data.createdAt, locale)}</span>
    </Stack>
  );
}

function WebhookActions() {
  return (
    <TopToolbar>
      <CreateButton label="passerelle.webhooks.create" data-testid="create-webhook" />
    </TopToolbar>
  );
}

const URL_CELL = { fontSize: 13, wordBreak: 'break-all' } as const;

/** The subscriptions: where each delivers, which events, for which institutions, its state and its last delivery. */
export function WebhookList() {
  const translate = useTranslate();
  return (
    <>
      <IntegrationTabs current="webhooks" />
      <List
        pagination={false}
        perPage={500}
        actions={<WebhookActions />}
        exporter={false}
        empty={<IntegrationEmpty resource="webhooks" create="passerelle.webhooks.create" testId="create-webhook" />}
      >
        <DataTable rowClick="show" bulkActionButtons={false} data-testid="webhooks">
          <DataTable.Col
            source="url"
            disableSort
            render={(w: Webhook) => (
              <Box sx={{ maxWidth: 320 }}>
                <Box component="code" sx={URL_CELL}>
                  {w.url}
                </Box>
                {w.description ? (
                  <Typography variant="caption" component="div" color="text.secondary">
                    {w.description}
                  </Typography>
                ) : null}
              </Box>
            )}
          />
          <DataTable.Col source="events" disableSort render={(w: Webhook) => <EventList events={w.events} />} />
          <DataTable.Col
            source="institutionIds"
            disableSort
            render={(w: Webhook) => <InstitutionNames ids={w.institutionIds} whole={translate('passerelle.webhooks.all_institutions')} />}
          />
          <DataTable.Col source="status" disableSort render={(w: Webhook) => <WebhookState webhook={w} />} />
          <DataTable.Col source="lastDelivery" disableSort render={(w: Webhook) => <LastDelivery webhookId={w.id} />} />
        </DataTable>
      </List>
    </>
  );
}

/** The signing secret the API answers this once (at creation, at each rotation). */
export function SecretDialog({ webhook, onClose }: { webhook: WebhookWithSecret; onClose: () => void }) {
  const translate = useTranslate();
  return (
    <ShownOnceDialog
      title={translate('passerelle.webhooks.secret_title')}
      warning={translate('passerelle.webhooks.secret_once')}
      value={webhook.secret}
      testId="webhook-secret"
      done={translate('passerelle.webhooks.secret_done')}
      onClose={onClose}
    />
  );
}

/** A new subscription: its address (HTTPS), the events, the institutions; then its signing secret, shown once. */
export function WebhookCreate() {
  const translate = useTranslate();
  const { choices } = useLabels();
  const redirect = useRedirect();
  const refusal = useSaveProblem();
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  return (
    <Create redirect={false} mutationOptions={{ ...refusal.mutationOptions, onSuccess: (data: unknown) => setCreated(data as WebhookWithSecret) }}>
      <SimpleForm>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 720 }}>
          {translate('passerelle.webhooks.create_help')}
        </Typography>
        {refusal.alert}
        <TextInput
          source="url"
          type="url"
          validate={required()}
          helperText="passerelle.webhooks.url_help"
          placeholder="https://"
          sx={{ width: 640, maxWidth: '100%' }}
        />
        <TextInput source="description" helperText="passerelle.webhooks.description_help" sx={{ width: 640, maxWidth: '100%' }} />
        <CheckboxGroupInput source="events" choices={choices('WEBHOOK_EVENTS')} row={false} validate={required()} />
        <ReferenceArrayInput source="institutionIds" reference="institutions" perPage={200}>
          <SelectArrayInput
            optionText="name"
            label="resources.webhooks.fields.institutionIds"
            helperText="passerelle.webhooks.institutions_help"
            sx={{ minWidth: 420 }}
          />
        </ReferenceArrayInput>
      </SimpleForm>
      {created && <SecretDialog webhook={created} onClose={() => redirect('show', 'webhooks', created.id)} />}
    </Create>
  );
}
