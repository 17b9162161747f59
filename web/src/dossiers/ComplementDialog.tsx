import { useEffect, useState } from 'react';
import { FormDataConsumer, NumberInput, TextInput, maxValue, minValue, useDataProvider, useLocale, useTranslate } from 'react-admin';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Box, CircularProgress, Paper, Stack, Typography } from '@mui/material';
import type { PasserelleDataProvider } from '../api/dataProvider';
import { realRecord } from '../api/restContract';
import { colon, localized } from '../common/format';
import { useLabels } from '../common/useLabels';
import { ProblemAlert } from '../common/ProblemAlert';
import { complementBody, type ComplementValues } from './dossierForms';
import { FormDialog } from './FormDialog';
import { useDossierChange } from './useDossierPage';
import type { Dossier } from './types';

/**
 * The complement request: what is missing (from the checklist), the delay, a word for the
 * student — and the e-mail exactly as the student will get it, before it is sent.
 */
export function ComplementDialog({ dossier, onClose }: { dossier: Dossier; onClose: () => void }) {
  const translate = useTranslate();
  const [previewed, setPreviewed] = useState(false);
  const requested = useDossierChange(
    dossier.id,
    (dataProvider, values: ComplementValues) => dataProvider.requestComplement(dossier, complementBody(values)),
    translate('passerelle.complement.sent'),
  );
  return (
    <FormDialog<ComplementValues>
      titleId="complement-title"
      title={translate('passerelle.complement.title', { reference: dossier.reference })}
      defaultValues={{ message: '', dueInDays: null }}
      onSubmit={requested.mutateAsync}
      onClose={onClose}
      error={requested.error}
      onErrorClose={requested.reset}
      busy={requested.isPending}
      submitLabel={translate('passerelle.complement.send')}
      submitProps={{ color: 'warning', disabled: !previewed, 'data-testid': 'send-complement' }}
      maxWidth="md"
    >
      <Stack direction="row" spacing={2}>
        <TextInput id="complement-message" source="message" label={translate('passerelle.complement.message')} fullWidth multiline minRows={2} />
        <NumberInput
          id="complement-days"
          source="dueInDays"
          label={translate('passerelle.complement.due_in_days')}
          helperText={translate('passerelle.complement.due_in_days_help')}
          placeholder="30"
          min={1}
          max={180}
          step={1}
          validate={[minValue(1), maxValue(180)]}
          sx={{ width: 240, flexShrink: 0 }}
        />
      </Stack>
      <FormDataConsumer<ComplementValues>>
        {({ formData }) => <ComplementPreview dossierId={dossier.id} values={formData} onPreviewed={setPreviewed} />}
      </FormDataConsumer>
    </FormDialog>
  );
}

/** The e-mail the request would send, read again (through the data provider) a moment after the agent stops typing. */
function ComplementPreview({ dossierId, values, onPreviewed }: { dossierId: string; values: ComplementValues; onPreviewed: (previewed: boolean) => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<PasserelleDataProvider>();
  const body = useSettled(complementBody(values), 300);
  const labels = useLabels();
  const preview = useQuery({
    queryKey: ['dossierComplementPreview', dossierId, body],
    queryFn: async () => (await dataProvider.previewComplement(dossierId, body)).data,
    // the e-mail shown stays until the next one comes, so the dialog does not flicker as the agent types
    placeholderData: keepPreviousData,
  });
  const data = realRecord(preview.data);
  useEffect(() => onPreviewed(data !== undefined), [data, onPreviewed]);
  return (
    <>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        {translate('passerelle.complement.preview')}
      </Typography>
      <ProblemAlert error={preview.error} />
      {!data && !preview.error && <CircularProgress size={24} />}
      {data && (
        <Paper variant="outlined" sx={{ p: 2, mt: 1 }} data-testid="complement-preview">
          <Typography variant="body2" color="text.secondary">
            {translate('passerelle.complement.to')}
            {colon(locale)} {data.email.to} · {translate('passerelle.complement.language')}
            {colon(locale)} {labels.language(data.email.language)}
          </Typography>
          {/* the e-mail as the student will read it, in their language: marked so (screen readers, the French walk) */}
          <Typography variant="body2" sx={{ mb: 1, fontWeight: 600 }} data-testid="preview-subject" lang={data.email.language}>
            {data.email.subject}
          </Typography>
          <Box component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', fontSize: 14, m: 0 }} data-testid="preview-text" lang={data.email.language}>
            {data.email.text}
          </Box>
          <Typography variant="caption" color="text.secondary" sx={{ mt: 1, display: 'block' }}>
            {translate('passerelle.complement.items_count', { smart_count: data.items.length })}
            {colon(locale)} {data.items.map((i) => localized(i.what, locale)).join(' · ')}
          </Typography>
        </Paper>
      )}
    </>
  );
}

/** The value once it has stopped changing for `ms` (compared as JSON). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const json = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(json) as T), ms);
    return () => clearTimeout(timer);
  }, [json, ms]);
  return settled;
}
