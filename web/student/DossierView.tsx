import { useState } from 'react';
import { ComplementSection } from './ComplementSection';
import { DocumentsSection } from './DocumentsSection';
import { appointment, clock, day, inLanguage } from './format';
import type { Words } from './i18n';
import { useWords } from './language';
import { MessagesSection } from './MessagesSection';
import { OfficeSection } from './OfficeSection';
import type { StudentDossier } from './types';

/**
 * The dossier as the student reads it: where it stands and what comes next, what to send, the
 * steps, the prefecture's appointments and decision, the documents received, the messages and
 * the office's contact.
 */
export function DossierView({ dossier, onChanged, onLeave }: { dossier: StudentDossier; onChanged: () => Promise<void>; onLeave: () => void }) {
  const { language, w } = useWords();
  const [sentSome, setSentSome] = useState(false);
  const sent = async () => {
    setSentSome(true);
    await onChanged();
  };
  const allIn = dossier.complement ? dossier.complement.items.every((i) => i.received) : sentSome;
  return (
    <>
      <header className="masthead">
        <p className="office-name">{dossier.office.name}</p>
        <h1>{w.title}</h1>
        <p className="muted">
          {inLanguage(dossier.procedure.name, language)} · <span className="nowrap">{w.reference(dossier.reference)}</span>
        </p>
      </header>
      <main>
        <section className={`card status status-${dossier.status}`} aria-labelledby="status-now" data-testid="dossier-status" data-status={dossier.status}>
          <h2 id="status-now" className="lead">
            {statusSentence(dossier, w)}
          </h2>
          {dossier.status === 'closed' && dossier.closeReason && <p>{w.closeReason[dossier.closeReason]}</p>}
          {allIn && (sentSome || dossier.complement) && (
            <p className="success" role="status" data-testid="all-received">
              {w.complement.allReceived}
            </p>
          )}
          <h3>{w.nextTitle}</h3>
          <p data-testid="next-step">{w.next[dossier.nextStep] ?? w.next['contact-office']}</p>
        </section>
        {dossier.complement && <ComplementSection complement={dossier.complement} limits={dossier.fileLimits} onSent={sent} />}
        <Steps dossier={dossier} />
        {dossier.appointments.length > 0 && (
          <section className="card" aria-labelledby="appointments">
            <h2 id="appointments">{w.appointments.title}</h2>
            <ul className="plain">
              {dossier.appointments.map((a) => (
                <li key={a.at + a.reason} className="appointment">
                  <strong>{w.appointments.reason[a.reason] ?? w.appointments.reason.other}</strong>
                  <span className="when">{appointment(a.at, language)}</span>
                  {a.place && (
                    <span>
                      {w.appointments.place} {a.place}
                    </span>
                  )}
                  {a.note && (
                    <span>
                      {w.appointments.note} {a.note}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
        {dossier.decision && (
          <section className="card" aria-labelledby="decision" data-testid="decision">
            <h2 id="decision">{w.decision.title}</h2>
            {dossier.decision.decidedOn && (
              <p>{(dossier.decision.decision === 'refused' ? w.decision.refused : w.decision.favourable)(day(dossier.decision.decidedOn, language))}</p>
            )}
            {dossier.decision.decision === 'refused' && <p>{w.decision.refusedLetter}</p>}
            {dossier.decision.cardReadyOn && !dossier.decision.cardHandedOverOn && <p>{w.decision.cardReady(day(dossier.decision.cardReadyOn, language))}</p>}
            {dossier.decision.cardHandedOverOn && <p>{w.decision.cardHandedOver(day(dossier.decision.cardHandedOverOn, language))}</p>}
          </section>
        )}
        <DocumentsSection documents={dossier.documents} />
        <MessagesSection unread={dossier.unreadMessages} limits={dossier.fileLimits} />
        <OfficeSection office={dossier.office} />
      </main>
      <footer className="footer">
        <p data-testid="session-end">{w.session(clock(dossier.sessionExpiresAt, language))}</p>
        <button type="button" className="button" onClick={onLeave}>
          {w.leave}
        </button>
      </footer>
    </>
  );
}

function statusSentence(dossier: StudentDossier, w: Words): string {
  if (dossier.status === 'decided') return dossier.decision?.decision === 'refused' ? w.status.decidedRefused : w.status.decidedFavourable;
  return w.status[dossier.status] ?? '';
}

function Steps({ dossier }: { dossier: StudentDossier }) {
  const { language, w } = useWords();
  return (
    <section className="card" aria-labelledby="steps">
      <h2 id="steps">{w.stepsTitle}</h2>
      <ol className="steps">
        {dossier.steps.map((s) => (
          <li key={s.key} className={`step step-${s.state}`} aria-current={s.state === 'current' ? 'step' : undefined}>
            <span className="dot" aria-hidden="true">
              {s.state === 'done' ? '✓' : ''}
            </span>
            <span className="step-text">
              <span className="step-name">{w.steps[s.key]}</span>
              <span className="step-state">{w.stepState[s.state](s.on ? day(s.on, language) : null)}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
