import { day, inLanguage } from './format';
import { useWords } from './language';
import type { StudentDocument } from './types';

/** Refused ones first (something to do), then those being checked, then the accepted. */
const ORDER: Record<StudentDocument['status'], number> = { rejected: 0, received: 1, accepted: 2 };

/** Beyond this many, the accepted documents fold under one line (a phone's screen is short). */
const ACCEPTED_SHOWN = 3;

/** A refused document the student has since replaced (a later one of its kind, not refused): nothing is left to do about it. */
function replaced(document: StudentDocument, all: StudentDocument[]): boolean {
  return document.status === 'rejected' && all.some((d) => d.kind === document.kind && d.status !== 'rejected' && d.receivedAt >= document.receivedAt);
}

/**
 * What the office has received, each with its verdict: refused (and why), being checked, or
 * accepted. Past a few, the accepted ones and the refused ones since replaced fold under one line.
 */
export function DocumentsSection({ documents }: { documents: StudentDocument[] }) {
  const { w } = useWords();
  const done = (d: StudentDocument) => d.status === 'accepted' || replaced(d, documents);
  const sorted = [...documents].sort(
    (a, b) => Number(done(a)) - Number(done(b)) || ORDER[a.status] - ORDER[b.status] || b.receivedAt.localeCompare(a.receivedAt),
  );
  const open = sorted.filter((d) => !done(d));
  const settled = sorted.filter(done);
  const accepted = settled.filter((d) => d.status === 'accepted').length;
  const folded = accepted > ACCEPTED_SHOWN;
  return (
    <section className="card" aria-labelledby="documents" data-testid="documents">
      <h2 id="documents">{w.documents.title}</h2>
      {sorted.length === 0 && <p className="muted">{w.documents.none}</p>}
      {(folded ? open : sorted).length > 0 && <DocumentList documents={folded ? open : sorted} all={documents} />}
      {folded && (
        <details className="accepted">
          <summary>{w.documents.accepted(accepted, settled.length - accepted)}</summary>
          <DocumentList documents={settled} all={documents} />
        </details>
      )}
    </section>
  );
}

function DocumentList({ documents, all }: { documents: StudentDocument[]; all: StudentDocument[] }) {
  const { language, w } = useWords();
  return (
    <ul className="plain documents">
      {documents.map((d) => (
        <li key={d.id} className="document" data-document={d.id} data-status={d.status}>
          <strong className="document-name">{inLanguage(d.kindName, language)}</strong>
          <p className="document-line small">
            {replaced(d, all) ? (
              <span className="badge badge-replaced">{w.documents.replaced}</span>
            ) : (
              <span className={`badge badge-${d.status}`}>{w.documents.status[d.status]}</span>
            )}{' '}
            <span className="muted">{(d.source === 'student' ? w.documents.sentByYou : w.documents.receivedOn)(day(d.receivedAt, language))}</span>
          </p>
          {d.status === 'rejected' && (
            <p className={replaced(d, all) ? 'muted small' : 'rejection'}>
              <strong>{w.documents.reason}</strong> {w.documents.rejection[d.rejectionReason ?? 'other'] ?? w.documents.rejection.other}
              {d.rejectionText ? ` — ${d.rejectionText}` : ''}
            </p>
          )}
          {d.files.length > 0 && (
            <ul className="plain files">
              {d.files.map((f) => (
                <li key={f.id}>
                  <a href={f.url} target="_blank" rel="noopener noreferrer">
                    {f.originalName}
                  </a>{' '}
                  <span className="muted small">{w.size(f.sizeBytes)}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
