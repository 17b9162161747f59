import { useEffect, useState } from 'react';
import {
  FileInput,
  Form,
  SaveButton,
  TextInput,
  maxLength,
  useDataProvider,
  useGetManyReference,
  useLocale,
  useNotify,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { Box, Card, CardContent, CardHeader, Chip, CircularProgress, Link, Stack, Typography, alpha } from '@mui/material';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import SendIcon from '@mui/icons-material/Send';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import { formatBytes, formatDateTime, studentName } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { MESSAGE_MAX_LENGTH, messageFields, messageRefusal, unreadFromStudent, validateMessage, type MessageValues } from './messageForms';
import { ChosenFileLine } from './RecordDocumentDialog';
import { ScanPreview } from './ScanPreview';
import type { Dossier, DossierMessage, MessageAttachment } from './types';

const WHOLE = { page: 1, perPage: 10_000 };
const validateBody = [maxLength(MESSAGE_MAX_LENGTH)];
/** What a message changes besides the thread: the dossier's new things (inbox, dashboard), its timeline and e-mails. */
const AFTER_MESSAGE = ['dossierMessages', 'dossierTimeline', 'dossierNotifications', 'dossiers', 'dashboard'];

/**
 * The dossier's thread between the student (from their personal page) and the office, oldest
 * first: who wrote — the student, or the agent by name — when, and the files attached, each
 * opened inside the page like a scan. Opening the page marks the student's messages read (once);
 * those that were unread stay marked "new" while the page is open. The agent answers below, with
 * files if need be; the student is told by e-mail, with the link to their page.
 */
export function MessagesCard({ dossier }: { dossier: Dossier }) {
  const translate = useTranslate();
  const messages = useGetManyReference<DossierMessage & RaRecord>('dossierMessages', { target: 'dossierId', id: dossier.id, pagination: WHOLE });
  const rows = messages.data ?? [];
  const fresh = useMarkRead(dossier.id, messages.isSuccess ? rows : null);
  return (
    <Card component="section" aria-labelledby="messages-title" data-testid="messages-card">
      <CardHeader
        id="messages-title"
        title={translate('passerelle.messages.title')}
        subheader={translate('passerelle.messages.help')}
        slotProps={{ title: { variant: 'h6', component: 'h2' }, subheader: { variant: 'body2' } }}
        sx={{ pb: 0 }}
      />
      <CardContent>
        {messages.error ? <ProblemAlert error={messages.error} /> : null}
        {messages.isPending ? (
          <CircularProgress size={20} />
        ) : rows.length === 0 ? (
          <Typography variant="body2" color="text.secondary" data-testid="messages-none">
            {translate('passerelle.messages.none')}
          </Typography>
        ) : (
          // a long thread scrolls: it takes the focus, so that the keyboard scrolls it too
          <Stack
            component="ol"
            spacing={1.5}
            tabIndex={0}
            aria-label={translate('passerelle.messages.title')}
            data-testid="messages"
            sx={{ listStyle: 'none', m: 0, p: 0.5, maxHeight: 480, overflow: 'auto' }}
          >
            {rows.map((message) => (
              <MessageItem key={message.id} message={message} dossier={dossier} fresh={fresh.has(message.id)} />
            ))}
          </Stack>
        )}
        <AnswerForm dossierId={dossier.id} />
      </CardContent>
    </Card>
  );
}

/**
 * Marks the student's unread messages read, once the thread is read (and again only if more come
 * while the page is open); answers the ids that were unread, to be said "new" on the page.
 */
function useMarkRead(dossierId: string, messages: DossierMessage[] | null): ReadonlySet<string> {
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const queryClient = useQueryClient();
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  const arrived = messages ? unreadFromStudent(messages).filter((id) => !fresh.has(id)) : [];
  // kept as they arrive, while rendering (React's way to adjust state to what the props bring)
  if (arrived.length) setFresh(new Set([...fresh, ...arrived]));
  const key = [...fresh].join(',');
  useEffect(() => {
    if (!key) return;
    dataProvider.markMessagesRead(dossierId).then(
      () => Promise.all(['dossierMessages', 'dossiers', 'dashboard'].map((resource) => queryClient.invalidateQueries({ queryKey: [resource] }))),
      // not marked: the inbox still counts them, the next opening tries again
      () => undefined,
    );
  }, [key, dossierId, dataProvider, queryClient]);
  return fresh;
}

function MessageItem({ message, dossier, fresh }: { message: DossierMessage; dossier: Dossier; fresh: boolean }) {
  const translate = useTranslate();
  const locale = useLocale();
  const [previewing, setPreviewing] = useState<MessageAttachment | null>(null);
  const fromOffice = message.author === 'office';
  const author = fromOffice
    ? translate('passerelle.messages.from_office', { name: message.authorName ?? translate('passerelle.messages.office') })
    : translate('passerelle.messages.from_student', { name: studentName(dossier.student) });
  return (
    <Box
      component="li"
      data-testid="message"
      data-author={message.author}
      sx={{
        alignSelf: fromOffice ? 'flex-end' : 'flex-start',
        maxWidth: '85%',
        p: 1.5,
        borderRadius: 2,
        bgcolor: (theme) => (fromOffice ? alpha(theme.palette.primary.main, 0.05) : theme.palette.grey[100]),
        border: 1,
        borderColor: fromOffice ? 'primary.light' : 'grey.300',
      }}
    >
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 0.5 }}>
        <Typography variant="subtitle2" component="span" data-testid="message-author">
          {author}
        </Typography>
        <Typography variant="caption" color="text.secondary" component="span">
          {formatDateTime(message.createdAt, locale)}
        </Typography>
        {fresh && <Chip size="small" color="warning" label={translate('passerelle.messages.new_badge')} data-testid="message-new" />}
      </Stack>
      {message.body === null ? (
        <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }} data-testid="message-body">
          {translate('passerelle.notes.erased')}
        </Typography>
      ) : message.body ? (
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-body">
          {message.body}
        </Typography>
      ) : null}
      {message.attachments.map((file) => (
        <Link
          key={file.id}
          component="button"
          variant="caption"
          onClick={() => setPreviewing(file)}
          aria-label={translate('passerelle.messages.open_attachment', { name: file.originalName })}
          data-testid="open-attachment"
          sx={{ display: 'flex', alignItems: 'flex-start', gap: 0.5, mt: 0.5, textAlign: 'left', overflowWrap: 'anywhere' }}
        >
          <AttachFileIcon sx={{ fontSize: 16, mt: '1px' }} />
          <span>
            {file.originalName} ({formatBytes(file.sizeBytes, locale)})
          </span>
        </Link>
      ))}
      {previewing && <ScanPreview file={previewing} kindName={translate('passerelle.messages.attachment')} onClose={() => setPreviewing(null)} />}
    </Box>
  );
}

/** The office's answer: a text, files, or both; a refusal said under the field it is about. */
function AnswerForm({ dossierId }: { dossierId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  // a new form after each message sent: the fields are empty again
  const [formKey, setFormKey] = useState(0);
  const send = useMutation({
    mutationFn: (values: MessageValues) => {
      const { body, files } = messageFields(values);
      return dataProvider.sendMessage(dossierId, body, files);
    },
    onSuccess: async ({ data }) => {
      // a call that ended the login answers no message: the app is going to the login page
      if (!realRecord(data)) return;
      notify('passerelle.messages.sent', { type: 'success' });
      setFormKey((k) => k + 1);
      await Promise.all(AFTER_MESSAGE.map((resource) => queryClient.invalidateQueries({ queryKey: [resource] })));
    },
  });
  // a refusal about the text or the files is said under them; any other above the form
  const refusal = messageRefusal(send.error);
  return (
    <Box sx={{ mt: 2 }} data-testid="message-form">
      {send.error && !refusal ? <ProblemAlert error={send.error} onClose={send.reset} /> : null}
      <Form
        key={formKey}
        defaultValues={{ body: '', files: [] }}
        validate={validateMessage}
        onSubmit={(values: MessageValues) =>
          send.mutateAsync(values).then(
            () => undefined,
            (error: unknown) => messageRefusal(error) ?? undefined,
          )
        }
      >
        <TextInput
          id="message-body"
          source="body"
          label={translate('passerelle.messages.new')}
          helperText={translate('passerelle.messages.new_help', { max: MESSAGE_MAX_LENGTH.toLocaleString(locale) })}
          validate={validateBody}
          multiline
          minRows={3}
          fullWidth
          disabled={send.isPending}
        />
        <FileInput
          source="files"
          label={false}
          multiple
          helperText={false}
          inputProps={{ id: 'message-files', 'aria-label': translate('passerelle.messages.attach') }}
          placeholder={
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'center', p: 0.5 }}>
              <AttachFileIcon color="action" fontSize="small" />
              <Typography variant="body2">{translate('passerelle.messages.attach_help')}</Typography>
            </Stack>
          }
          sx={{ '& .RaFileInput-dropZone': { border: '1px dashed', borderColor: 'grey.400', color: 'text.primary', p: 0.5 } }}
        >
          <ChosenFileLine />
        </FileInput>
        <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
          <SaveButton
            label="passerelle.messages.send"
            icon={<SendIcon />}
            size="small"
            disabled={send.isPending}
            alwaysEnable={!send.isPending}
            data-testid="send-message"
          />
        </Box>
      </Form>
    </Box>
  );
}
