import { useState } from 'react';
import { SelectInput, TextInput, required, useDataProvider, useLocale, useTranslate } from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { REJECTION_REASONS } from '../api/enums';
import { formatBytes, formatDate, localized } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { rejectionVerdict, type RejectionValues } from './dossierForms';
import { FormDialog } from './FormDialog';
import { RecordDocumentDialog } from './RecordDocumentDialog';
import { useDossierBusy, useDossierChange } from './useDossierPage';
import type { Checklist as ChecklistData, Dossier, DossierDocument, Finding, ProcedureDefinition, Slot } from './types';

const STATE_COLORS: Record<Slot['state'], 'success' | 'info' | 'error' | 'warning' | 'default'> = {
  satisfied: 'success',
  to_review: 'info',
  missing: 'error',
  incomplete: 'warning',
  invalid: 'error',
  rejected: 'error',
  not_applicable: 'default',
};

function Findings({ findings }: { findings: Finding[] }) {
  const locale = useLocale();
  if (!findings.length) return null;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {findings.map((f, i) => (
        <Typography
          component="li"
          variant="body2"
          key={`${f.code}-${i}`}
          color={f.severity === 'blocking' ? 'error.main' : 'text.secondary'}
          data-finding={f.code}
        >
          {localized(f.message, locale)}
          {f.source?.title && (
            <Tooltip title={[f.source.title, f.source.publisher, f.source.article].filter(Boolean).join(' — ')}>
              <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 0.5 }}>
                {f.source.url ? (
                  <Link href={f.source.url} target="_blank" rel="noreferrer" color="inherit">
                    [{sourceLabel(f.source)}]
                  </Link>
                ) : (
                  `[${sourceLabel(f.source)}]`
                )}
              </Typography>
            </Tooltip>
          )}
        </Typography>
      ))}
    </Box>
  );
}

/** Opens a scan in a new tab (read through the data provider, with the agent's token). */
function useOpenFile() {
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  return useMutation({
    mutationFn: async (url: string) => {
      const { data } = await dataProvider.getFile(url);
      // not a file: react-admin's answer to a call that ended the login
      if (!(data instanceof Blob)) return;
      const objectUrl = URL.createObjectURL(data);
      window.open(objectUrl, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
    },
  });
}

interface Props {
  dossier: Dossier;
  checklist: ChecklistData;
  documents: DossierDocument[];
  definition: ProcedureDefinition | undefined;
}

/** Each document slot of the procedure: its state, its findings, the documents in it with their verdicts, and adding one. */
export function ChecklistPanel({ dossier, checklist, documents, definition }: Props) {
  const translate = useTranslate();
  const locale = useLocale();
  const [recordFor, setRecordFor] = useState<Slot | null>(null);
  const [rejecting, setRejecting] = useState<DossierDocument | null>(null);
  const busy = useDossierBusy(dossier.id);
  const accept = useDossierChange(
    dossier.id,
    (dataProvider, doc: DossierDocument) => dataProvider.reviewDocument(dossier, doc.id, { status: 'accepted' }),
    translate('passerelle.documents.verdict_saved'),
  );
  const openFile = useOpenFile();
  const editable = !['decided', 'closed'].includes(dossier.status);
  const kindName = (kind: string) => localized(definition?.documentKinds?.[kind]?.names, locale) || kind;

  const general = checklist.findings.filter((f) => !f.slot);
  return (
    <Card component="section" aria-labelledby="checklist-title">
      <CardHeader
        id="checklist-title"
        title={translate('passerelle.checklist.title')}
        titleTypographyProps={{ variant: 'h6', component: 'h2' }}
        subheader={translate('passerelle.checklist.summary', { blocking: checklist.blocking, warnings: checklist.warnings })}
        action={
          <Stack direction="row" spacing={1} sx={{ mt: 1, mr: 1 }}>
            <Chip
              color={checklist.complete ? 'success' : 'error'}
              label={translate(checklist.complete ? 'passerelle.checklist.complete' : 'passerelle.checklist.not_complete')}
              data-testid="checklist-complete"
              data-complete={String(checklist.complete)}
            />
            {checklist.complete && !checklist.allReviewed && <Chip color="info" label={translate('passerelle.checklist.to_review')} />}
          </Stack>
        }
      />
      <CardContent>
        <ProblemAlert
          error={accept.error ?? openFile.error}
          onClose={() => {
            accept.reset();
            openFile.reset();
          }}
        />
        {general.length > 0 && (
          <Alert severity={general.some((f) => f.severity === 'blocking') ? 'error' : 'warning'} sx={{ mb: 2 }} data-testid="general-findings">
            <Findings findings={general} />
          </Alert>
        )}
        <Table size="small" aria-label={translate('passerelle.checklist.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('passerelle.checklist.slot')}</TableCell>
              <TableCell>{translate('passerelle.checklist.state')}</TableCell>
              <TableCell>{translate('passerelle.checklist.documents')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {checklist.slots.map((slot) => {
              const docs = documents.filter((d) => slot.documentIds.includes(d.id));
              return (
                <TableRow
                  key={slot.code}
                  data-slot={slot.code}
                  data-state={slot.state}
                  sx={{ verticalAlign: 'top', opacity: slot.state === 'not_applicable' ? 0.6 : 1 }}
                >
                  <TableCell sx={{ width: '28%' }}>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {localized(slot.names, locale)}
                    </Typography>
                    {slot.hint && (
                      <Typography variant="caption" color="text.secondary">
                        {localized(slot.hint, locale)}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ width: '22%' }}>
                    <Chip size="small" color={STATE_COLORS[slot.state]} label={translate(`passerelle.slot_state.${slot.state}`)} />
                    {/* "received, not reviewed yet" says what the state chip says */}
                    <Findings findings={slot.findings.filter((f) => f.code !== 'document.not-reviewed')} />
                  </TableCell>
                  <TableCell>
                    {docs.length === 0 && (
                      <Typography variant="body2" color="text.secondary">
                        —
                      </Typography>
                    )}
                    {docs.map((doc) => (
                      <Box key={doc.id} sx={{ mb: 1 }} data-document={doc.id} data-kind={doc.kind} data-status={doc.status}>
                        <Typography variant="body2">
                          {kindName(doc.kind)}
                          {doc.issuedOn && ` · ${formatDate(doc.issuedOn, locale)}`}
                          {doc.quantity > 1 && ` · ×${doc.quantity}`}{' '}
                          <Chip
                            size="small"
                            variant="outlined"
                            color={doc.status === 'accepted' ? 'success' : doc.status === 'rejected' ? 'error' : 'default'}
                            label={
                              translate(`passerelle.document_status.${doc.status}`) +
                              (doc.rejectionReason ? ` · ${translate(`passerelle.rejection.${doc.rejectionReason}`)}` : '')
                            }
                          />
                        </Typography>
                        {doc.files.map((file) => (
                          <Link key={file.id} component="button" variant="caption" onClick={() => openFile.mutate(file.url)} sx={{ mr: 1 }}>
                            {file.originalName} ({formatBytes(file.sizeBytes)})
                          </Link>
                        ))}
                        {editable && (
                          <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
                            <Button
                              size="small"
                              variant={doc.status === 'accepted' ? 'contained' : 'outlined'}
                              color="success"
                              disabled={busy || doc.status === 'accepted'}
                              onClick={() => accept.mutate(doc)}
                            >
                              {translate('passerelle.documents.accept')}
                            </Button>
                            <Button
                              size="small"
                              variant={doc.status === 'rejected' ? 'contained' : 'outlined'}
                              color="error"
                              disabled={busy}
                              onClick={() => setRejecting(doc)}
                            >
                              {translate('passerelle.documents.reject')}
                            </Button>
                          </Stack>
                        )}
                      </Box>
                    ))}
                  </TableCell>
                  <TableCell align="right" sx={{ width: 130 }}>
                    {editable && slot.state !== 'not_applicable' && (
                      <Button
                        size="small"
                        variant="outlined"
                        onClick={() => setRecordFor(slot)}
                        aria-label={`${translate('passerelle.documents.add')} — ${localized(slot.names, locale)}`}
                      >
                        {translate('passerelle.documents.add')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </CardContent>
      {recordFor && definition && (
        <RecordDocumentDialog dossier={dossier} slot={recordFor} documents={documents} definition={definition} onClose={() => setRecordFor(null)} />
      )}
      {rejecting && <RejectDialog dossier={dossier} document={rejecting} kindName={kindName(rejecting.kind)} onClose={() => setRejecting(null)} />}
    </Card>
  );
}

function RejectDialog({ dossier, document, kindName, onClose }: { dossier: Dossier; document: DossierDocument; kindName: string; onClose: () => void }) {
  const translate = useTranslate();
  const reject = useDossierChange(
    dossier.id,
    (dataProvider, values: RejectionValues) => dataProvider.reviewDocument(dossier, document.id, rejectionVerdict(values)),
    translate('passerelle.documents.verdict_saved'),
  );
  const reasons = REJECTION_REASONS.map((id) => ({ id, name: translate(`passerelle.rejection.${id}`) }));
  return (
    <FormDialog<RejectionValues>
      titleId="reject-title"
      title={translate('passerelle.documents.reject_title', { kind: kindName })}
      defaultValues={{ rejectionReason: document.rejectionReason ?? '', rejectionText: document.rejectionText ?? '' }}
      onSubmit={reject.mutateAsync}
      onClose={onClose}
      error={reject.error}
      onErrorClose={reject.reset}
      busy={reject.isPending}
      submitLabel={translate('passerelle.documents.reject')}
      submitProps={{ color: 'error' }}
    >
      <SelectInput
        id="reject-reason"
        source="rejectionReason"
        label={translate('passerelle.documents.reason')}
        choices={reasons}
        validate={required()}
        fullWidth
      />
      <TextInput id="reject-text" source="rejectionText" label={translate('passerelle.documents.reason_text')} fullWidth multiline minRows={2} />
    </FormDialog>
  );
}

/** A source as a reader names it: the article, else who publishes it, else its title (never its internal id). */
function sourceLabel(source: { id: string; title: string; publisher?: string; article?: string }): string {
  return source.article ?? source.publisher ?? source.title;
}
