import { useState } from 'react';
import { Box, Button, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import PauseIcon from '@mui/icons-material/Pause';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import KeyIcon from '@mui/icons-material/Key';
import ReplayIcon from '@mui/icons-material/Replay';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Show, useDataProvider, useLocale, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { PasserelleDataProvider } from '../api/dataProvider';
import type { Webhook, WebhookDelivery, WebhookWithSecret } from '../api/integrationCalls';
import { colon, formatDateTime } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { useLabels } from '../common/useLabels';
import { SENTENCE_CASE } from '../dossiers/DocumentItem';
import { ConfirmAction } from './ConfirmAction';
import { HiddenLabel } from './IntegrationTabs';
import { InstitutionNames } from './useInstitutionNames';
import { DeliveryStatusChip, EventList, SecretDialog, WebhookState } from './Webhooks';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  const locale = useLocale();
  return (
    <Stack direction="row" spacing={1} sx={{ py: 0.5 }}>
      <Typography variant="body2" color="text.secondary" sx={{ minWidth: 180, flexShrink: 0 }}>
        {`${label}${colon(locale)}`}
      </Typography>
      <Typography component="div" variant="body2">
        {children}
      </Typography>
    </Stack>
  );
}

/** Pause or resume at once (nothing is lost: deliveries wait), or draw a new secret after a confirmation. */
function WebhookMoves({ webhook }: { webhook: Webhook }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const [rotating, setRotating] = useState(false);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const paused = webhook.status === 'paused';
  const toggle = useMutation({
    mutationFn: () => (paused ? dataProvider.resumeWebhook(webhook.id) : dataProvider.pauseWebhook(webhook.id)),
    onSuccess: () => {
      notify(paused ? 'passerelle.webhooks.resumed' : 'passerelle.webhooks.paused', { type: 'success' });
      refresh();
    },
  });
  return (
    <>
      <ProblemAlert error={toggle.error} onClose={toggle.reset} />
      <Stack direction="row" spacing={1}>
        <Button
          variant="outlined"
          startIcon={paused ? <PlayArrowIcon /> : <PauseIcon />}
          onClick={() => toggle.mutate()}
          disabled={toggle.isPending}
          data-testid={paused ? 'resume-webhook' : 'pause-webhook'}
          sx={SENTENCE_CASE}
        >
          {translate(paused ? 'passerelle.webhooks.resume' : 'passerelle.webhooks.pause')}
        </Button>
        <Button variant="outlined" startIcon={<KeyIcon />} onClick={() => setRotating(true)} data-testid="rotate-secret" sx={SENTENCE_CASE}>
          {translate('passerelle.webhooks.rotate')}
        </Button>
      </Stack>
      {rotating && (
        <ConfirmAction
          title={translate('passerelle.webhooks.rotate_title')}
          help={translate('passerelle.webhooks.rotate_help')}
          confirm={translate('passerelle.webhooks.rotate_confirm')}
          run={() => dataProvider.rotateWebhookSecret(webhook.id)}
          onDone={(answer: { data: WebhookWithSecret }) => {
            setRotating(false);
            setSecret(answer.data);
          }}
          onClose={() => setRotating(false)}
        />
      )}
      {secret && <SecretDialog webhook={secret} onClose={() => setSecret(null)} />}
    </>
  );
}

/** The last answer of the receiver: its HTTP status, or none (refused, timed out), the error said on hover. */
function LastAnswer({ delivery }: { delivery: WebhookDelivery }) {
  const translate = useTranslate();
  if (delivery.lastStatus !== null) return <>{`HTTP ${delivery.lastStatus}`}</>;
  if (!delivery.attempts) return <>—</>;
  const text = translate('passerelle.webhooks.no_answer');
  return delivery.lastError ? (
    <Tooltip title={delivery.lastError}>
      <span>{text}</span>
    </Tooltip>
  ) : (
    <>{text}</>
  );
}

/** The subscription's deliveries, newest first, older ones on demand; a failed one is sent again with « Renvoyer ». */
function Deliveries({ webhookId }: { webhookId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const { of } = useLabels();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const pages = useInfiniteQuery({
    queryKey: ['webhookDeliveries', webhookId, 'pages'],
    queryFn: async ({ pageParam }) => (await dataProvider.getWebhookDeliveries(webhookId, { cursor: pageParam })).data,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const retry = useMutation({
    mutationFn: (deliveryId: string) => dataProvider.retryWebhookDelivery(webhookId, deliveryId),
    onSuccess: async () => {
      notify('passerelle.webhooks.retried', { type: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['webhookDeliveries', webhookId] });
    },
  });
  const rows = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const column = (name: string) => translate(`passerelle.webhooks.column.${name}`);
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('passerelle.webhooks.deliveries')}
        </Typography>
        <ProblemAlert error={pages.error ?? retry.error} onClose={retry.reset} />
        {pages.isSuccess && !rows.length ? (
          <Typography variant="body2" color="text.secondary">
            {translate('passerelle.webhooks.deliveries_empty')}
          </Typography>
        ) : (
          <Table size="small" data-testid="deliveries">
            <TableHead>
              <TableRow>
                {['event', 'status', 'attempts', 'last_answer', 'date'].map((name) => (
                  <TableCell key={name}>{column(name)}</TableCell>
                ))}
                <TableCell>
                  <HiddenLabel text={translate('passerelle.integrations.actions')} />
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((delivery) => (
                <TableRow key={delivery.id} data-status={delivery.status}>
                  <TableCell>{of('WEBHOOK_EVENTS', delivery.eventType)}</TableCell>
                  <TableCell>
                    <DeliveryStatusChip status={delivery.status} />
                  </TableCell>
                  <TableCell>{delivery.attempts}</TableCell>
                  <TableCell>
                    <LastAnswer delivery={delivery} />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(delivery.lastAttemptAt ?? delivery.createdAt, locale)}</TableCell>
                  <TableCell align="right">
                    {delivery.status === 'failed' ? (
                      <Button
                        size="small"
                        startIcon={<ReplayIcon />}
                        onClick={() => retry.mutate(delivery.id)}
                        disabled={retry.isPending}
                        data-testid="retry-delivery"
                        sx={SENTENCE_CASE}
                      >
                        {translate('passerelle.webhooks.retry')}
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {pages.hasNextPage ? (
          <Box sx={{ mt: 1 }}>
            <Button onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage} sx={SENTENCE_CASE}>
              {translate('passerelle.webhooks.older')}
            </Button>
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
}

function WebhookPage() {
  const translate = useTranslate();
  const locale = useLocale();
  const webhook = useRecordContext<Webhook>();
  if (!webhook?.id) return null;
  const field = (name: string) => translate(`resources.webhooks.fields.${name}`);
  return (
    <Box sx={{ p: 2 }} data-testid="webhook-page" data-status={webhook.status}>
      <Fact label={field('url')}>
        <Box component="code" sx={{ fontSize: 13, wordBreak: 'break-all' }}>
          {webhook.url}
        </Box>
      </Fact>
      {webhook.description ? <Fact label={field('description')}>{webhook.description}</Fact> : null}
      <Fact label={field('events')}>
        <EventList events={webhook.events} />
      </Fact>
      <Fact label={field('institutionIds')}>
        <InstitutionNames ids={webhook.institutionIds} whole={translate('passerelle.webhooks.all_institutions')} />
      </Fact>
      <Fact label={field('status')}>
        <WebhookState webhook={webhook} />
        {webhook.consecutiveFailures ? (
          <Typography variant="caption" color="error">
            {translate('passerelle.webhooks.failures', { smart_count: webhook.consecutiveFailures })}
          </Typography>
        ) : null}
      </Fact>
      <Fact label={field('createdAt')}>{formatDateTime(webhook.createdAt, locale)}</Fact>
      <Box sx={{ mt: 2 }}>
        <WebhookMoves webhook={webhook} />
      </Box>
      <Deliveries webhookId={webhook.id} />
    </Box>
  );
}

/** One subscription: what it delivers where, pause, resume, a new secret, and its deliveries. */
export function WebhookShow() {
  return (
    <Show actions={false}>
      <WebhookPage />
    </Show>
  );
}
