import { useState } from 'react';
import {
  Form,
  SaveButton,
  TextInput,
  maxLength,
  required,
  useDataProvider,
  useGetManyReference,
  useLocale,
  useNotify,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { Box, Card, CardContent, CardHeader, CircularProgress, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import LockOutlined from '@mui/icons-material/LockOutlined';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import { formatDateTime } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import type { DossierNote } from './types';

/** As the API takes it (NewNoteDto). */
const NOTE_MAX_LENGTH = 4000;
const WHOLE = { page: 1, perPage: 10_000 };
const validateBody = [required(), maxLength(NOTE_MAX_LENGTH)];

/**
 * The agents' internal notes on the dossier — a call, a promise, a doubt — newest first, and a
 * field to add one. Said plainly on the card: they are for the agents only, never e-mailed or
 * shown to the student. Adding one is not a change of the dossier (no version, nothing sent):
 * only the notes and the timeline are read again.
 */
export function NotesCard({ dossierId }: { dossierId: string }) {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  // a new form after each note added: the field is empty again
  const [formKey, setFormKey] = useState(0);
  const notes = useGetManyReference<DossierNote & RaRecord>('dossierNotes', { target: 'dossierId', id: dossierId, pagination: WHOLE });
  const add = useMutation({
    mutationFn: (body: string) => dataProvider.addNote(dossierId, body),
    onSuccess: async ({ data }) => {
      // a call that ended the login answers no note: the app is going to the login page
      if (!realRecord(data)) return;
      notify('passerelle.notes.added', { type: 'success' });
      setFormKey((key) => key + 1);
      await Promise.all(['dossierNotes', 'dossierTimeline'].map((resource) => queryClient.invalidateQueries({ queryKey: [resource] })));
    },
  });
  const rows = [...(notes.data ?? [])].reverse();
  return (
    <Card component="section" aria-labelledby="notes-title" data-testid="notes-card">
      <CardHeader
        id="notes-title"
        title={translate('passerelle.notes.title')}
        slotProps={{ title: { variant: 'h6', component: 'h2' }, subheader: { variant: 'body2', component: 'div' } }}
        subheader={
          <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }} component="span">
            <LockOutlined fontSize="small" aria-hidden />
            <span>{translate('passerelle.notes.agents_only')}</span>
          </Stack>
        }
        sx={{ pb: 0 }}
      />
      <CardContent>
        <ProblemAlert error={add.error} onClose={add.reset} />
        {/* a refusal is shown above, from the mutation: the form only waits for it */}
        <Form
          key={formKey}
          defaultValues={{ body: '' }}
          onSubmit={(values: { body?: string }) =>
            add.mutateAsync((values.body ?? '').trim()).then(
              () => undefined,
              () => undefined,
            )
          }
        >
          <TextInput
            id="note-body"
            source="body"
            label={translate('passerelle.notes.new')}
            helperText={translate('passerelle.notes.new_help', { max: NOTE_MAX_LENGTH.toLocaleString(locale) })}
            validate={validateBody}
            multiline
            minRows={2}
            fullWidth
            disabled={add.isPending}
          />
          <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
            <SaveButton label="passerelle.notes.add" icon={<LockOutlined />} size="small" disabled={add.isPending} alwaysEnable={!add.isPending} />
          </Box>
        </Form>
        {notes.error ? <ProblemAlert error={notes.error} /> : null}
        {notes.isPending ? (
          <CircularProgress size={20} sx={{ mt: 1 }} />
        ) : rows.length === 0 ? (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {translate('passerelle.notes.none')}
          </Typography>
        ) : (
          <List dense data-testid="notes" aria-label={translate('passerelle.notes.title')} sx={{ maxHeight: 320, overflow: 'auto' }}>
            {rows.map((note) => (
              <ListItem key={note.id} disableGutters alignItems="flex-start" data-testid="note">
                <ListItemText
                  primary={note.body ?? translate('passerelle.notes.erased')}
                  secondary={translate('passerelle.notes.by', { author: note.author.name, at: formatDateTime(note.createdAt, locale) })}
                  slotProps={{
                    primary: {
                      variant: 'body2',
                      sx: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontStyle: note.body === null ? 'italic' : undefined },
                      color: note.body === null ? 'text.secondary' : undefined,
                    },
                  }}
                />
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
}
