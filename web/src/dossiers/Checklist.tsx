import { useState } from 'react';
import { useLocale, useTranslate } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  InputLabel,
  Link,
  MenuItem,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { api, fetchBlob } from '../api/http';
import { formatBytes, formatDate, localized } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { RecordDocumentDialog } from './RecordDocumentDialog';
import type { Checklist as ChecklistData, Dossier, DossierDocument, Finding, ProcedureDefinition, Slot } from './types';

export const REJECTION_REASONS = ['illegible', 'expired', 'unsigned', 'incomplete', 'wrong_document', 'other'] as const;

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
        <Typography component="li" variant="body2" key={`${f.code}-${i}`} color={f.severity === 'blocking' ? 'error.main' : 'text.secondary'} data-finding={f.code}>
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

/** Opens a scan (fetched with the agent's token) in a new tab. */
async function openFile(url: string) {
  const blob = await fetchBlob(url);
  const objectUrl = URL.createObjectURL(blob);
  window.open(objectUrl, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}

interface Props {
  dossier: Dossier;
  checklist: ChecklistData;
  documents: DossierDocument[];
  definition: ProcedureDefinition | undefined;
  run: <T>(task: () => Promise<T>, success?: string) => Promise<T | undefined>;
  busy: boolean;
}

/** Each document slot of the procedure: its state, its findings, the documents in it with their verdicts, and adding one. */
export function ChecklistPanel({ dossier, checklist, documents, definition, run, busy }: Props) {
  const translate = useTranslate();
  const locale = useLocale();
  const [recordFor, setRecordFor] = useState<Slot | null>(null);
  const [rejecting, setRejecting] = useState<DossierDocument | null>(null);
  const [error, setError] = useState<unknown>(null);
  const editable = !['decided', 'closed'].includes(dossier.status);
  const kindName = (kind: string) => localized(definition?.documentKinds?.[kind]?.names, locale) || kind;

  const verdict = async (doc: DossierDocument, body: Record<string, unknown>) => {
    setError(null);
    try {
      await run(() => api(`/api/dossiers/${dossier.id}/documents/${doc.id}`, { method: 'PATCH', body, ifMatch: dossier.version }), translate('passerelle.documents.verdict_saved'));
    } catch (failure) {
      setError(failure);
    }
  };

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
            <Chip color={checklist.complete ? 'success' : 'error'} label={translate(checklist.complete ? 'passerelle.checklist.complete' : 'passerelle.checklist.not_complete')} data-testid="checklist-complete" data-complete={String(checklist.complete)} />
            {checklist.complete && !checklist.allReviewed && <Chip color="info" label={translate('passerelle.checklist.to_review')} />}
          </Stack>
        }
      />
      <CardContent>
        <ProblemAlert error={error} onClose={() => setError(null)} />
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
                <TableRow key={slot.code} data-slot={slot.code} data-state={slot.state} sx={{ verticalAlign: 'top', opacity: slot.state === 'not_applicable' ? 0.6 : 1 }}>
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
                    {docs.length === 0 && <Typography variant="body2" color="text.secondary">—</Typography>}
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
                            label={translate(`passerelle.document_status.${doc.status}`) + (doc.rejectionReason ? ` · ${translate(`passerelle.rejection.${doc.rejectionReason}`)}` : '')}
                          />
                        </Typography>
                        {doc.files.map((file) => (
                          <Link key={file.id} component="button" variant="caption" onClick={() => void openFile(file.url)} sx={{ mr: 1 }}>
                            {file.originalName} ({formatBytes(file.sizeBytes)})
                          </Link>
                        ))}
                        {editable && (
                          <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
                            <Button size="small" variant={doc.status === 'accepted' ? 'contained' : 'outlined'} color="success" disabled={busy || doc.status === 'accepted'} onClick={() => void verdict(doc, { status: 'accepted' })}>
                              {translate('passerelle.documents.accept')}
                            </Button>
                            <Button size="small" variant={doc.status === 'rejected' ? 'contained' : 'outlined'} color="error" disabled={busy} onClick={() => setRejecting(doc)}>
                              {translate('passerelle.documents.reject')}
                            </Button>
                          </Stack>
                        )}
                      </Box>
                    ))}
                  </TableCell>
                  <TableCell align="right" sx={{ width: 130 }}>
                    {editable && slot.state !== 'not_applicable' && (
                      <Button size="small" variant="outlined" onClick={() => setRecordFor(slot)} aria-label={`${translate('passerelle.documents.add')} — ${localized(slot.names, locale)}`}>
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
        <RecordDocumentDialog dossier={dossier} slot={recordFor} documents={documents} definition={definition} run={run} onClose={() => setRecordFor(null)} />
      )}
      {rejecting && <RejectDialog document={rejecting} kindName={kindName(rejecting.kind)} onClose={() => setRejecting(null)} onReject={(body) => verdict(rejecting, body).then(() => setRejecting(null))} />}
    </Card>
  );
}

function RejectDialog({ document, kindName, onClose, onReject }: { document: DossierDocument; kindName: string; onClose: () => void; onReject: (body: Record<string, unknown>) => Promise<void> }) {
  const translate = useTranslate();
  const [reason, setReason] = useState<string>(document.rejectionReason ?? '');
  const [text, setText] = useState(document.rejectionText ?? '');
  return (
    <Dialog open onClose={onClose} aria-labelledby="reject-title" fullWidth maxWidth="sm">
      <DialogTitle id="reject-title">{translate('passerelle.documents.reject_title', { kind: kindName })}</DialogTitle>
      <DialogContent>
        <FormControl fullWidth margin="normal">
          <InputLabel id="reject-reason-label">{translate('passerelle.documents.reason')}</InputLabel>
          <Select labelId="reject-reason-label" id="reject-reason" label={translate('passerelle.documents.reason')} value={reason} onChange={(e) => setReason(e.target.value)}>
            {REJECTION_REASONS.map((r) => (
              <MenuItem key={r} value={r}>
                {translate(`passerelle.rejection.${r}`)}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <TextField id="reject-text" label={translate('passerelle.documents.reason_text')} value={text} onChange={(e) => setText(e.target.value)} fullWidth multiline minRows={2} margin="normal" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="error" disabled={!reason} onClick={() => void onReject({ status: 'rejected', rejectionReason: reason, ...(text.trim() ? { rejectionText: text.trim() } : {}) })}>
          {translate('passerelle.documents.reject')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A source as a reader names it: the article, else who publishes it, else its title (never its internal id). */
function sourceLabel(source: { id: string; title: string; publisher?: string; article?: string }): string {
  return source.article ?? source.publisher ?? source.title;
}
