import { useMemo, useState } from 'react';
import { useLocale, useTranslate } from 'react-admin';
import { Alert, Button, Card, CardContent, CardHeader, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { localized } from '../common/format';
import { AcceptAllDialog } from './AcceptAllDialog';
import { DocumentItem, SENTENCE_CASE } from './DocumentItem';
import { documentsToAccept, placeDocuments } from './documentWords';
import { Findings, FindingsSummary } from './Findings';
import { RecordDocumentDialog } from './RecordDocumentDialog';
import { useDossierBusy } from './useDossierPage';
import type { Checklist as ChecklistData, Dossier, DossierDocument, ProcedureDefinition, Slot } from './types';

const STATE_COLORS: Record<Slot['state'], 'success' | 'primary' | 'error' | 'warning' | 'default'> = {
  satisfied: 'success',
  to_review: 'primary',
  missing: 'error',
  incomplete: 'warning',
  invalid: 'error',
  rejected: 'error',
  not_applicable: 'default',
};

/** What a slot's documents already say: "received, not reviewed yet" (the state chip), "rejected" (the document's line). */
const SAID_BY_THE_DOCUMENTS = new Set(['document.not-reviewed', 'document.rejected']);

interface Props {
  dossier: Dossier;
  checklist: ChecklistData;
  documents: DossierDocument[];
  definition: ProcedureDefinition | undefined;
}

/**
 * Each document slot of the procedure: its state, its findings, every document received for it
 * with its verdict (a rejected one stays, with its reason), and adding one; accepting at once
 * all those left to review.
 */
export function ChecklistPanel({ dossier, checklist, documents, definition }: Props) {
  const translate = useTranslate();
  const locale = useLocale();
  const [recordFor, setRecordFor] = useState<Slot | null>(null);
  const [acceptingAll, setAcceptingAll] = useState(false);
  const busy = useDossierBusy(dossier.id);
  const editable = !['decided', 'closed'].includes(dossier.status);
  const kindName = (kind: string) => localized(definition?.documentKinds?.[kind]?.names, locale) || kind;
  const placed = useMemo(() => placeDocuments(checklist.slots, documents, definition), [checklist.slots, documents, definition]);
  const acceptance = useMemo(() => documentsToAccept(checklist, documents), [checklist, documents]);

  const general = checklist.findings.filter((f) => !f.slot);
  const documentsOf = (list: DossierDocument[]) =>
    list.length === 0 ? (
      <Typography variant="body2" color="text.secondary">
        —
      </Typography>
    ) : (
      list.map((doc) => (
        <DocumentItem key={doc.id} dossier={dossier} document={doc} kindName={kindName(doc.kind)} editable={editable} findings={checklist.findings} />
      ))
    );
  return (
    <Card component="section" aria-labelledby="checklist-title">
      <CardHeader
        id="checklist-title"
        title={translate('passerelle.checklist.title')}
        slotProps={{ title: { variant: 'h6', component: 'h2' } }}
        action={
          <Stack
            direction="row"
            spacing={1}
            useFlexGap
            sx={{ mt: 1, mr: 1, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap', maxWidth: 480 }}
          >
            {editable && acceptance.accept.length > 0 && (
              <Button
                size="small"
                variant="outlined"
                color="success"
                startIcon={<DoneAllIcon />}
                disabled={busy}
                onClick={() => setAcceptingAll(true)}
                data-testid="accept-all"
                sx={SENTENCE_CASE}
              >
                {translate('passerelle.documents.accept_all')} ({acceptance.accept.length})
              </Button>
            )}
            <Chip
              color={checklist.complete ? 'success' : 'error'}
              label={translate(checklist.complete ? 'passerelle.checklist.complete' : 'passerelle.checklist.not_complete')}
              data-testid="checklist-complete"
              data-complete={String(checklist.complete)}
            />
            {checklist.complete && !checklist.allReviewed && <Chip color="primary" label={translate('passerelle.checklist.to_review')} />}
          </Stack>
        }
      />
      <CardContent sx={{ pt: 0 }}>
        <FindingsSummary checklist={checklist} />
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
            </TableRow>
          </TableHead>
          <TableBody>
            {checklist.slots.map((slot) => (
              <TableRow
                key={slot.code}
                data-slot={slot.code}
                data-state={slot.state}
                // a slot that does not apply is greyed by its text colour, not by opacity (its text stays readable: axe « color-contrast »)
                sx={{ verticalAlign: 'top', ...(slot.state === 'not_applicable' && { '& .MuiTypography-root': { color: 'text.secondary' } }) }}
              >
                <TableCell sx={{ width: '25%' }}>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    {localized(slot.names, locale)}
                  </Typography>
                  {slot.hint && (
                    <Typography variant="caption" color="text.secondary">
                      {localized(slot.hint, locale)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell sx={{ width: '28%' }}>
                  <Chip size="small" color={STATE_COLORS[slot.state]} label={translate(`passerelle.slot_state.${slot.state}`)} />
                  <Findings findings={slot.findings.filter((f) => !SAID_BY_THE_DOCUMENTS.has(f.code))} />
                </TableCell>
                <TableCell>
                  {documentsOf(placed.bySlot.get(slot.code) ?? [])}
                  {editable && slot.state !== 'not_applicable' && (
                    <Button
                      size="small"
                      variant="outlined"
                      onClick={() => setRecordFor(slot)}
                      aria-label={`${translate('passerelle.documents.add')} — ${localized(slot.names, locale)}`}
                      startIcon={<AddIcon />}
                      sx={{ ...SENTENCE_CASE, mt: 0.5 }}
                    >
                      {translate('passerelle.documents.add')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
            {placed.others.length > 0 && (
              <TableRow data-slot="" sx={{ verticalAlign: 'top' }}>
                <TableCell colSpan={2}>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    {translate('passerelle.documents.others')}
                  </Typography>
                </TableCell>
                <TableCell>{documentsOf(placed.others)}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </CardContent>
      {recordFor && definition && (
        <RecordDocumentDialog dossier={dossier} slot={recordFor} documents={documents} definition={definition} onClose={() => setRecordFor(null)} />
      )}
      {acceptingAll && <AcceptAllDialog dossier={dossier} acceptance={acceptance} kindName={kindName} onClose={() => setAcceptingAll(false)} />}
    </Card>
  );
}
