import { useState } from 'react';
import {
  CheckboxGroupInput,
  DateInput,
  FileInput,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  TextInput,
  minValue,
  required,
  useLocale,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Box, Button, Stack, Typography } from '@mui/material';
import UploadIcon from '@mui/icons-material/UploadFile';
import { formatBytes, localized } from '../common/format';
import { fileTypesInWords } from './documentWords';
import { documentChoices, documentFields, offeredChecks, type DocumentCheck, type DocumentValues } from './dossierForms';
import { FormDialog } from './FormDialog';
import type { ChosenFile } from './messageForms';
import { useDossierChange } from './useDossierPage';
import type { Dossier, DossierDocument, ProcedureDefinition, Slot } from './types';

interface Props {
  dossier: Dossier;
  slot: Slot;
  documents: DossierDocument[];
  definition: ProcedureDefinition;
  onClose: () => void;
}

type RecordValues = DocumentValues & { files?: ChosenFile[] | null };

/** The checks as the dialogs name them. */
export const CHECK_LABELS: Record<DocumentCheck, string> = {
  signed: 'passerelle.documents.signed',
  allPages: 'passerelle.documents.all_pages',
  dated: 'passerelle.documents.dated',
  hasMobileNumber: 'passerelle.documents.has_mobile_number',
  hasEmailAddress: 'passerelle.documents.has_email_address',
};

/**
 * Records a document received for a slot — on paper (kind, issue date, what the agent checked)
 * and/or as scans dropped here. The API reads each file's type from its bytes and applies the
 * channel's limits; a refusal (413 too large, 415 type, 422 too many files) is shown as it came.
 * A check the slot's item requires is marked *, not enforced: the checklist says what is missing.
 */
export function RecordDocumentDialog({ dossier, slot, documents, definition, onClose }: Props) {
  const translate = useTranslate();
  const locale = useLocale();
  // chosen when the dialog opens: the page read again meanwhile must not reset what the agent typed
  const [{ kinds, items }] = useState(() => documentChoices(definition, slot, documents, dossier));
  const [defaultValues] = useState<RecordValues>(() => ({
    kind: kinds[0] ?? '',
    quantity: items.find((i) => i.kinds.includes(kinds[0] ?? ''))?.count ?? 1,
    checks: [],
    files: [],
  }));
  const recorded = useDossierChange(
    dossier.id,
    (dataProvider, values: RecordValues) =>
      dataProvider.recordDocument(
        dossier,
        documentFields(values),
        (values.files ?? []).map((f) => f.rawFile),
      ),
    translate('passerelle.documents.recorded'),
  );
  const kindChoices = kinds.map((k) => ({ id: k, name: localized(definition.documentKinds[k]?.names, locale) || k }));
  return (
    <FormDialog<RecordValues>
      titleId="record-title"
      title={translate('passerelle.documents.record_title', { slot: localized(slot.names, locale) })}
      defaultValues={defaultValues}
      onSubmit={recorded.mutateAsync}
      onClose={onClose}
      error={recorded.error}
      onErrorClose={recorded.reset}
      busy={recorded.isPending}
      submitLabel={translate('passerelle.documents.save')}
    >
      <SelectInput id="record-kind" source="kind" label={translate('passerelle.documents.kind')} choices={kindChoices} validate={required()} fullWidth />
      <Stack direction="row" spacing={2}>
        <DateInput id="record-issued-on" source="issuedOn" label={translate('passerelle.documents.issued_on')} fullWidth />
        <NumberInput
          id="record-quantity"
          source="quantity"
          label={translate('passerelle.documents.quantity')}
          min={1}
          max={20}
          step={1}
          validate={[required(), minValue(1)]}
          sx={{ width: 140, flexShrink: 0 }}
        />
      </Stack>
      <FormDataConsumer<RecordValues>>
        {({ formData }) => {
          const item = items.find((i) => i.kinds.includes(formData.kind));
          const requires = item?.requires ?? [];
          const checks = offeredChecks(requires, formData.checks ?? []).map(({ check, required: needed }) => ({
            id: check,
            name: translate(CHECK_LABELS[check]) + (needed ? ' *' : ''),
          }));
          return (
            <>
              <CheckboxGroupInput
                source="checks"
                label={translate('passerelle.documents.checked')}
                choices={checks}
                translateChoice={false}
                helperText={false}
              />
              <Stack direction="row" spacing={2}>
                {(item?.validOnFilingDate || formData.validUntil) && (
                  <DateInput id="record-valid-until" source="validUntil" label={translate('passerelle.documents.valid_until') + ' *'} fullWidth />
                )}
                {(requires.includes('ePhotoCode') || formData.kind === 'e-photo') && (
                  <TextInput
                    id="record-ephoto"
                    source="ePhotoCode"
                    label={translate('passerelle.documents.ephoto_code') + ' *'}
                    fullWidth
                    slotProps={{ htmlInput: { maxLength: 8 } }}
                  />
                )}
              </Stack>
            </>
          );
        }}
      </FormDataConsumer>
      <TextInput id="record-note" source="note" label={translate('passerelle.documents.note')} fullWidth multiline minRows={1} />
      <Scans dossier={dossier} definition={definition} />
    </FormDialog>
  );
}

/**
 * The scans: dropped on the zone or chosen. The channel's limits are always said — those of the
 * channel, else the procedure's default, as the API applies them (a postal dossier's scans too).
 */
function Scans({ dossier, definition }: Pick<Props, 'dossier' | 'definition'>) {
  const translate = useTranslate();
  const locale = useLocale();
  const [dragging, setDragging] = useState(false);
  const constraints = definition.fileConstraints?.[dossier.channel] ?? definition.fileConstraints?.default;
  return (
    <FileInput
      source="files"
      label={false}
      multiple
      helperText={false}
      // the id on the file input itself (FileInput gives its own to the whole zone)
      inputProps={{ id: 'record-files', 'aria-label': translate('passerelle.documents.choose_files') }}
      options={{
        onDragEnter: () => setDragging(true),
        onDragLeave: () => setDragging(false),
        onDropAccepted: () => setDragging(false),
        onDropRejected: () => setDragging(false),
      }}
      placeholder={
        <Box sx={{ p: 1 }}>
          <UploadIcon color="action" />
          <Typography variant="body2">{translate('passerelle.documents.drop')}</Typography>
          {constraints && (
            <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }} data-testid="file-limits">
              {translate('passerelle.documents.constraints', {
                types: fileTypesInWords(constraints.types, locale),
                size: formatBytes(constraints.maxFileBytes, locale),
                smart_count: constraints.maxFilesPerDocument,
              })}
            </Typography>
          )}
          <Button component="span" size="small" sx={{ mt: 1 }}>
            {translate('passerelle.documents.choose_files')}
          </Button>
        </Box>
      }
      sx={{
        mt: 2,
        '& .RaFileInput-dropZone': {
          border: '2px dashed',
          borderColor: dragging ? 'primary.main' : 'grey.400',
          bgcolor: dragging ? 'action.hover' : undefined,
          color: 'text.primary',
        },
      }}
    >
      <ChosenFileLine />
    </FileInput>
  );
}

/** One file chosen (FileInput gives each its record, and the button that removes it). */
export function ChosenFileLine() {
  const locale = useLocale();
  const file = useRecordContext<ChosenFile>();
  if (!file) return null;
  return (
    <Typography variant="body2" component="span" data-testid="chosen-file">
      {file.title} ({formatBytes(file.rawFile.size, locale)})
    </Typography>
  );
}
