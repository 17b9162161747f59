import { useState } from 'react';
import { CheckboxGroupInput, DateInput, SelectInput, TextInput, required, useLocale, useTranslate } from 'react-admin';
import { Box, Button, Chip, Link, Stack, Typography } from '@mui/material';
import PersonIcon from '@mui/icons-material/PersonOutlined';
import VisibilityIcon from '@mui/icons-material/VisibilityOutlined';
import { REJECTION_REASONS } from '../api/enums';
import { formatBytes, formatDate } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import { reasonChoice, rejectionWhy } from './documentWords';
import { acceptanceVerdict, rejectionVerdict, toReadOnTheScan, type AcceptValues, type RejectionValues, type ToRead } from './dossierForms';
import { FormDialog } from './FormDialog';
import { CHECK_LABELS } from './RecordDocumentDialog';
import { ScanPreview } from './ScanPreview';
import { useDossierBusy, useDossierChange } from './useDossierPage';
import type { Dossier, DocumentFile, DossierDocument, Finding } from './types';

const VERDICT_COLORS = { received: 'default', accepted: 'success', rejected: 'error' } as const;

/** The page's buttons speak as a sentence does (« Ajouter une pièce »), not in capitals. */
export const SENTENCE_CASE = { textTransform: 'none' } as const;

/**
 * One document received: its kind, date and count; its verdict in words that fit any kind
 * ("Pièce refusée — Motif : document périmé"); its scans, each previewed inside the page; and
 * the agent's verdict buttons while the dossier is open. Accepting asks first for what the
 * checklist wants read on the scan and nobody recorded (signed, every page…), as for a document
 * the student sent.
 */
export function DocumentItem({
  dossier,
  document,
  kindName,
  editable,
  findings,
}: {
  dossier: Dossier;
  document: DossierDocument;
  kindName: string;
  editable: boolean;
  findings: readonly Finding[];
}) {
  const translate = useTranslate();
  const locale = useLocale();
  const busy = useDossierBusy(dossier.id);
  const [rejecting, setRejecting] = useState(false);
  const [reading, setReading] = useState<ToRead | null>(null);
  const [previewing, setPreviewing] = useState<DocumentFile | null>(null);
  // sent by the student from their page: no agent has seen it yet while it is received
  const fromStudent = document.source === 'student';
  const accept = useDossierChange(
    dossier.id,
    (dataProvider) => dataProvider.reviewDocument(dossier, document.id, { status: 'accepted' }),
    translate('passerelle.documents.verdict_saved'),
  );
  return (
    <Box sx={{ mb: 1.5 }} data-document={document.id} data-kind={document.kind} data-status={document.status} data-source={document.source}>
      <Typography variant="body2" component="div">
        {kindName}
        {document.issuedOn && ` · ${formatDate(document.issuedOn, locale)}`}
        {document.quantity > 1 && ` · ×${document.quantity}`}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 0.25 }}>
        <Chip
          size="small"
          variant="outlined"
          color={fromStudent && document.status === 'received' ? 'warning' : VERDICT_COLORS[document.status]}
          label={translate(fromStudent && document.status === 'received' ? 'passerelle.documents.to_check' : `passerelle.documents.verdict.${document.status}`)}
          data-testid="verdict"
        />
        {fromStudent && (
          <Chip
            size="small"
            color="info"
            variant="outlined"
            icon={<PersonIcon />}
            label={translate('passerelle.documents.sent_by_student')}
            data-testid="sent-by-student"
          />
        )}
        {document.status === 'rejected' && (
          <Typography variant="body2" color="error.main" data-testid="rejection-reason">
            {translate('passerelle.documents.reason_line', { reason: rejectionWhy(document.rejectionReason, document.rejectionText, locale) })}
          </Typography>
        )}
      </Stack>
      {document.files.map((file) => (
        <Link
          key={file.id}
          component="button"
          variant="caption"
          onClick={() => setPreviewing(file)}
          aria-label={translate('passerelle.documents.preview', { name: file.originalName })}
          data-testid="open-scan"
          sx={{ display: 'flex', alignItems: 'flex-start', gap: 0.5, mt: 0.5, textAlign: 'left', overflowWrap: 'anywhere' }}
        >
          <VisibilityIcon sx={{ fontSize: 16, mt: '1px' }} />
          <span>
            {file.originalName} ({formatBytes(file.sizeBytes, locale)})
          </span>
        </Link>
      ))}
      <ProblemAlert error={accept.error} onClose={accept.reset} />
      {editable && (
        <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
          <Button
            size="small"
            variant={document.status === 'accepted' ? 'contained' : 'outlined'}
            color="success"
            disabled={busy || document.status === 'accepted'}
            onClick={() => {
              const toRead = toReadOnTheScan(document, findings);
              if (toRead) setReading(toRead);
              else accept.mutate();
            }}
            sx={SENTENCE_CASE}
          >
            {translate('passerelle.documents.accept')}
          </Button>
          <Button
            size="small"
            variant={document.status === 'rejected' ? 'contained' : 'outlined'}
            color="error"
            disabled={busy}
            onClick={() => setRejecting(true)}
            sx={SENTENCE_CASE}
          >
            {translate('passerelle.documents.reject')}
          </Button>
        </Stack>
      )}
      {reading && <AcceptDialog dossier={dossier} document={document} kindName={kindName} toRead={reading} onClose={() => setReading(null)} />}
      {rejecting && <RejectDialog dossier={dossier} document={document} kindName={kindName} onClose={() => setRejecting(false)} />}
      {previewing && <ScanPreview file={previewing} kindName={kindName} onClose={() => setPreviewing(null)} />}
    </Box>
  );
}

/** The reason of a rejection, chosen in the words the document's line and the checklist will say, and the agent's own if any. */
function RejectDialog({ dossier, document, kindName, onClose }: { dossier: Dossier; document: DossierDocument; kindName: string; onClose: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const reject = useDossierChange(
    dossier.id,
    (dataProvider, values: RejectionValues) => dataProvider.reviewDocument(dossier, document.id, rejectionVerdict(values)),
    translate('passerelle.documents.verdict_saved'),
  );
  const reasons = REJECTION_REASONS.map((id) => ({ id, name: reasonChoice(id, locale) }));
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
        translateChoice={false}
        validate={required()}
        fullWidth
      />
      <TextInput id="reject-text" source="rejectionText" label={translate('passerelle.documents.reason_text')} fullWidth multiline minRows={2} />
    </FormDialog>
  );
}

/** Accepting a document once the agent has said what they read on it, as the checklist needs it (« Signée », « Toutes les pages »…). */
function AcceptDialog({
  dossier,
  document,
  kindName,
  toRead,
  onClose,
}: {
  dossier: Dossier;
  document: DossierDocument;
  kindName: string;
  toRead: ToRead;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const accept = useDossierChange(
    dossier.id,
    (dataProvider, values: AcceptValues) => dataProvider.reviewDocument(dossier, document.id, acceptanceVerdict(document, values)),
    translate('passerelle.documents.verdict_saved'),
  );
  const checks = toRead.checks.map((check) => ({ id: check, name: translate(CHECK_LABELS[check]) }));
  return (
    <FormDialog<AcceptValues>
      titleId="accept-title"
      title={translate('passerelle.documents.accept_title', { kind: kindName })}
      defaultValues={{ checks: [] }}
      onSubmit={accept.mutateAsync}
      onClose={onClose}
      error={accept.error}
      onErrorClose={accept.reset}
      busy={accept.isPending}
      submitLabel={translate('passerelle.documents.accept')}
      submitProps={{ color: 'success' }}
    >
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate('passerelle.documents.accept_help')}
      </Typography>
      {checks.length > 0 && (
        <CheckboxGroupInput source="checks" label={translate('passerelle.documents.checked')} choices={checks} translateChoice={false} helperText={false} />
      )}
      {toRead.issuedOn && <DateInput id="accept-issued-on" source="issuedOn" label={translate('passerelle.documents.issued_on')} fullWidth />}
      {toRead.validUntil && <DateInput id="accept-valid-until" source="validUntil" label={translate('passerelle.documents.valid_until')} fullWidth />}
      {toRead.ePhotoCode && (
        <TextInput
          id="accept-ephoto"
          source="ePhotoCode"
          label={translate('passerelle.documents.ephoto_code')}
          fullWidth
          slotProps={{ htmlInput: { maxLength: 8 } }}
        />
      )}
    </FormDialog>
  );
}
