import { Alert, AlertTitle } from '@mui/material';
import { useLocale, useTranslate } from 'react-admin';
import { ApiError } from '../api/http';
import { localized } from './format';

/**
 * A refused request explained in the page: the API's problem (status, detail), each bad
 * field, and the checklist findings a 422 carries — in the agent's language where they are
 * translated.
 */
export function ProblemAlert({ error, onClose }: { error: unknown; onClose?: () => void }) {
  const translate = useTranslate();
  const locale = useLocale();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : { status: 0, detail: String((error as Error)?.message ?? error) };
  const title = translate(`passerelle.problem.${problem.status}`, { _: translate('passerelle.problem.other', { status: problem.status }) });
  return (
    <Alert
      severity={problem.status === 412 ? 'warning' : 'error'}
      role="alert"
      onClose={onClose}
      sx={{ my: 1 }}
      data-testid="problem"
      data-status={problem.status}
    >
      <AlertTitle>{title}</AlertTitle>
      {/* the API's detail is English; what the page can say in the agent's language, it says instead */}
      {problem.toReview?.length ? null : problem.detail}
      {problem.errors?.length ? (
        <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
          {problem.errors.map((e) => (
            <li key={e.field}>
              <code>{e.field}</code> {e.message}
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
    </Alert>
  );
}
