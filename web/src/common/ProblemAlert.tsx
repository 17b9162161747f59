import { useState } from 'react';
import { Alert, AlertTitle, Box } from '@mui/material';
import { Link, useLocale, useResourceContext, useTranslate } from 'react-admin';
import { ApiError, fieldErrorText, problemText, type Problem } from '../api/http';
import { localized } from './format';

/** The dossiers a problem names (the one already open, those a batch cannot take), to open from the message. */
function dossiersNamed(problem: Problem): { id: string; reference: string }[] {
  const params = (problem.params ?? {}) as { dossierId?: unknown; reference?: unknown };
  if (typeof params.dossierId === 'string' && typeof params.reference === 'string') return [{ id: params.dossierId, reference: params.reference }];
  const listed = Array.isArray(problem.dossiers) ? (problem.dossiers as { id?: unknown; reference?: unknown }[]) : [];
  return listed.flatMap((d) => (typeof d.id === 'string' && typeof d.reference === 'string' ? [{ id: d.id, reference: d.reference }] : []));
}

/**
 * A refused request explained in the page, in the agent's language: the problem said from its
 * code and params (the API's own catalog, src/common/problem-messages.ts; the API's detail when
 * the code is unknown here), each bad field by its label, the checklist findings a 422 carries,
 * and a link to each dossier the problem names (the dossier already open of a 409).
 */
export function ProblemAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  const resource = useResourceContext();
  if (!error) return null;
  const language = locale === 'en' ? 'en' : 'fr';
  const problem: Problem = error instanceof ApiError ? error.problem : { status: 0, detail: String((error as Error)?.message ?? error) };
  // the title of the problem's type where the status says too little (a 409 is also a duplicate), else of its status
  const byStatus = translate(`passerelle.problem.${problem.status}`, { _: translate('passerelle.problem.other', { status: problem.status }) });
  const title = translate(`passerelle.problem.titles.${problem.type?.split('/').pop() ?? ''}`, { _: byStatus });
  const label = (field: string) => {
    const last = field.split('.').at(-1)!;
    for (const key of [field, last]) {
      const found = resource ? translate(`resources.${resource}.fields.${key}`, { _: '' }) : '';
      if (found) return found;
    }
    return field;
  };
  const dossiers = dossiersNamed(problem);
  return (
    <Alert
      severity={problem.status === 412 ? 'warning' : 'error'}
      role="alert"
      onClose={onClose}
      sx={{ my: 1 }}
      data-testid="problem"
      data-status={problem.status}
      data-code={typeof problem.code === 'string' ? problem.code : undefined}
    >
      <AlertTitle>{title}</AlertTitle>
      {/* the documents to review are listed below, by their names in the agent's language */}
      {problem.toReview?.length ? null : <span data-testid="problem-text">{problemText(problem, language)}</span>}
      {problem.errors?.length ? (
        <ul style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid="problem-fields">
          {problem.errors.map((e) => (
            <li key={e.field} data-field={e.field}>
              {translate('passerelle.problem.field', { field: label(e.field), message: fieldErrorText(e, language) })}
            </li>
          ))}
        </ul>
      ) : null}
      {problem.toReview?.length ? (
        <>
          <div style={{ marginTop: 4 }}>{translate('passerelle.problem.to_review')}</div>
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid="to-review">
            {problem.toReview.map((t) => (
              <li key={t.slot}>{localized(t.names, locale)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {problem.findings?.length ? (
        <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
          {problem.findings.map((f, i) => (
            <li key={`${f.code}-${i}`}>{localized(f.message, locale)}</li>
          ))}
        </ul>
      ) : null}
      {dossiers.length ? (
        <Box sx={{ mt: 0.5, display: 'flex', flexWrap: 'wrap', gap: 2 }}>
          {dossiers.map((d) => (
            <Link key={d.id} to={`/dossiers/${d.id}/show`} data-testid="problem-link" sx={{ fontWeight: 500 }}>
              {translate('passerelle.problem.open_dossier', { reference: d.reference })}
            </Link>
          ))}
        </Box>
      ) : null}
    </Alert>
  );
}

/**
 * For a react-admin form: a refused save kept in the page as a ProblemAlert (a toast vanishes,
 * and could not hold the link to the dossier already open). Pass `mutationOptions` to the
 * Create or Edit, render `alert` in the form; the bad fields are still shown under their inputs.
 */
export function useSaveProblem() {
  const [error, setError] = useState<unknown>(null);
  return {
    mutationOptions: { onError: (failure: unknown) => setError(failure) },
    alert: <ProblemAlert error={error} onClose={() => setError(null)} />,
  };
}
