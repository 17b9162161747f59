import { useMemo, useState, type DragEvent } from 'react';
import { useLocale, useTranslate } from 'react-admin';
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import UploadIcon from '@mui/icons-material/UploadFile';
import { api } from '../api/http';
import { formatBytes, localized } from '../common/format';
import { ProblemAlert } from '../common/ProblemAlert';
import type { Dossier, DossierDocument, ProcedureDefinition, Slot } from './types';
import { holds, type Condition } from './conditions';

interface Props {
  dossier: Dossier;
  slot: Slot;
  documents: DossierDocument[];
  definition: ProcedureDefinition;
  run: <T>(task: () => Promise<T>, success?: string) => Promise<T | undefined>;
  onClose: () => void;
}

/**
 * Records a document received for a slot — on paper (kind, issue date, what the agent checked)
 * and/or as scans dropped here. The API reads each file's type from its bytes and applies the
 * channel's limits; a refusal (413 too large, 415 type, 422 too many files) is shown as it came.
 */
export function RecordDocumentDialog({ dossier, slot, documents, definition, run, onClose }: Props) {
  const translate = useTranslate();
  const locale = useLocale();
  const slotDefinition = definition.slots.find((s) => s.code === slot.code);
  // the option the checklist applies (from the dossier's facts) first, and in it the items not yet received
  // the option the checklist applies, or else those the dossier's situation allows, first; and in them the items not yet received
  const applies = (option: { code: string; when?: unknown }) => (slot.option ? option.code === slot.option : holds(option.when as Condition | undefined, dossier));
  const options = useMemo(() => [...(slotDefinition?.options ?? [])].sort((a, b) => Number(applies(b)) - Number(applies(a))), [slotDefinition, slot.option, dossier]); // eslint-disable-line react-hooks/exhaustive-deps
  const items = useMemo(() => options.flatMap((o) => o.items), [options]);
  const kinds = useMemo(() => {
    const received = new Set(documents.filter((d) => slot.documentIds.includes(d.id) && d.status !== 'rejected').map((d) => d.kind));
    const wanted = options.filter(applies).flatMap((o) => o.items.filter((i) => holds(i.when as Condition | undefined, dossier)));
    const missing = wanted.filter((i) => !i.kinds.some((k) => received.has(k))).flatMap((i) => i.kinds);
    return [...new Set([...missing, ...items.flatMap((i) => i.kinds)])];
  }, [items, options, documents, slot, dossier]); // eslint-disable-line react-hooks/exhaustive-deps
  const [kind, setKind] = useState(kinds[0] ?? '');
  const item = items.find((i) => i.kinds.includes(kind));
  const [issuedOn, setIssuedOn] = useState('');
  const [quantity, setQuantity] = useState<number>(item?.count ?? 1);
  const [signed, setSigned] = useState(false);
  const [allPages, setAllPages] = useState(false);
  const [dated, setDated] = useState(false);
  const [hasMobileNumber, setHasMobileNumber] = useState(false);
  const [hasEmailAddress, setHasEmailAddress] = useState(false);
  const [validUntil, setValidUntil] = useState('');
  const [ePhotoCode, setEPhotoCode] = useState('');
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const constraints = definition.fileConstraints?.[dossier.channel];
  const requires = new Set(item?.requires ?? []);

  const attributes = {
    ...(signed ? { signed: true } : {}),
    ...(allPages ? { allPages: true } : {}),
    ...(dated ? { dated: true } : {}),
    ...(hasMobileNumber ? { hasMobileNumber: true } : {}),
    ...(hasEmailAddress ? { hasEmailAddress: true } : {}),
    ...(validUntil ? { validUntil } : {}),
    ...(ePhotoCode.trim() ? { ePhotoCode: ePhotoCode.trim().toUpperCase() } : {}),
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    setFiles((current) => [...current, ...Array.from(event.dataTransfer.files)]);
  };

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      await run(async () => {
        if (files.length) {
          const form = new FormData();
          form.append('kind', kind);
          if (issuedOn) form.append('issuedOn', issuedOn);
          form.append('quantity', String(quantity));
          if (note.trim()) form.append('note', note.trim());
          form.append('attributes', JSON.stringify(attributes));
          for (const file of files) form.append('files', file, file.name);
          return api(`/api/dossiers/${dossier.id}/documents`, { method: 'POST', body: form, ifMatch: dossier.version });
        }
        return api(`/api/dossiers/${dossier.id}/documents`, {
          method: 'POST',
          body: { kind, ...(issuedOn ? { issuedOn } : {}), quantity, attributes, ...(note.trim() ? { note: note.trim() } : {}) },
          ifMatch: dossier.version,
        });
      }, translate('passerelle.documents.recorded'));
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="record-title" fullWidth maxWidth="sm">
      <DialogTitle id="record-title">{translate('passerelle.documents.record_title', { slot: localized(slot.names, locale) })}</DialogTitle>
      <DialogContent>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <FormControl fullWidth margin="normal">
          <InputLabel id="record-kind-label">{translate('passerelle.documents.kind')}</InputLabel>
          <Select labelId="record-kind-label" id="record-kind" label={translate('passerelle.documents.kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
            {kinds.map((k) => (
              <MenuItem key={k} value={k}>
                {localized(definition.documentKinds[k]?.names, locale) || k}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <Stack direction="row" spacing={2}>
          <TextField id="record-issued-on" label={translate('passerelle.documents.issued_on')} type="date" value={issuedOn} onChange={(e) => setIssuedOn(e.target.value)} margin="normal" slotProps={{ inputLabel: { shrink: true } }} fullWidth />
          <TextField id="record-quantity" label={translate('passerelle.documents.quantity')} type="number" value={quantity} onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))} margin="normal" slotProps={{ htmlInput: { min: 1, max: 20 } }} sx={{ width: 140 }} />
        </Stack>
        <FormGroup row>
          <FormControlLabel control={<Checkbox checked={signed} onChange={(e) => setSigned(e.target.checked)} />} label={translate('passerelle.documents.signed') + (requires.has('signed') ? ' *' : '')} />
          <FormControlLabel control={<Checkbox checked={allPages} onChange={(e) => setAllPages(e.target.checked)} />} label={translate('passerelle.documents.all_pages') + (requires.has('allPages') ? ' *' : '')} />
          <FormControlLabel control={<Checkbox checked={dated} onChange={(e) => setDated(e.target.checked)} />} label={translate('passerelle.documents.dated') + (requires.has('dated') ? ' *' : '')} />
          {/* what the request letter must give: offered where the slot's item asks for it */}
          {(requires.has('hasMobileNumber') || hasMobileNumber) && (
            <FormControlLabel control={<Checkbox checked={hasMobileNumber} onChange={(e) => setHasMobileNumber(e.target.checked)} />} label={translate('passerelle.documents.has_mobile_number') + ' *'} />
          )}
          {(requires.has('hasEmailAddress') || hasEmailAddress) && (
            <FormControlLabel control={<Checkbox checked={hasEmailAddress} onChange={(e) => setHasEmailAddress(e.target.checked)} />} label={translate('passerelle.documents.has_email_address') + ' *'} />
          )}
        </FormGroup>
        <Stack direction="row" spacing={2}>
          {(item?.validOnFilingDate || validUntil) && (
            <TextField id="record-valid-until" label={translate('passerelle.documents.valid_until') + ' *'} type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} margin="normal" slotProps={{ inputLabel: { shrink: true } }} fullWidth />
          )}
          {(requires.has('ePhotoCode') || kind === 'e-photo') && (
            <TextField id="record-ephoto" label={translate('passerelle.documents.ephoto_code') + ' *'} value={ePhotoCode} onChange={(e) => setEPhotoCode(e.target.value)} margin="normal" fullWidth slotProps={{ htmlInput: { maxLength: 8 } }} />
          )}
        </Stack>
        <TextField id="record-note" label={translate('passerelle.documents.note')} value={note} onChange={(e) => setNote(e.target.value)} fullWidth margin="normal" multiline minRows={1} />
        <Box
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
          sx={{ mt: 2, p: 2, border: '2px dashed', borderColor: dragging ? 'primary.main' : 'grey.400', borderRadius: 1, textAlign: 'center', bgcolor: dragging ? 'action.hover' : undefined }}
        >
          <UploadIcon color="action" />
          <Typography variant="body2">{translate('passerelle.documents.drop')}</Typography>
          {constraints && (
            <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
              {translate('passerelle.documents.constraints', { types: constraints.types.map((t) => t.split('/')[1]).join(', '), size: formatBytes(constraints.maxFileBytes), count: constraints.maxFilesPerDocument })}
            </Typography>
          )}
          <Button component="label" htmlFor="record-files" size="small" sx={{ mt: 1 }}>
            {translate('passerelle.documents.choose_files')}
          </Button>
          <input id="record-files" type="file" multiple hidden onChange={(e) => setFiles((current) => [...current, ...Array.from(e.target.files ?? [])])} aria-label={translate('passerelle.documents.choose_files')} />
          {files.length > 0 && (
            <Box component="ul" sx={{ textAlign: 'left', m: 1, pl: 2 }} data-testid="chosen-files">
              {files.map((file, index) => (
                <li key={`${file.name}-${index}`}>
                  {file.name} ({formatBytes(file.size)}){' '}
                  <Button size="small" onClick={() => setFiles((current) => current.filter((_, i) => i !== index))}>
                    {translate('passerelle.documents.remove_file')}
                  </Button>
                </li>
              ))}
            </Box>
          )}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={busy || !kind}>
          {translate('passerelle.documents.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
