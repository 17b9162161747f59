import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, closeSession, onSessionEnded, openSession, readDossier, requestNewLink, setRequestLanguage, type Problem } from './api';
import { DossierView } from './DossierView';
import { browserLanguage, WORDS, type Language } from './i18n';
import { LanguageContext, LanguageSwitch, useWords } from './language';
import { refusalText } from './ItemUpload';
import { OfficeContactList } from './OfficeSection';
import type { OfficeContact, StudentDossier } from './types';

type Screen =
  | { kind: 'loading' }
  | { kind: 'ready'; dossier: StudentDossier }
  /** The link is spent, expired or revoked, or the session is over: the same screen, whichever. */
  | { kind: 'invalid'; ended: boolean; office: OfficeContact | null }
  | { kind: 'failed'; problem: Problem }
  | { kind: 'left' };

/** The language the student picked on this page, kept across reloads (a preference, nothing about the dossier). */
const PICKED = 'passerelle-student-language';

function pickedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(PICKED);
    return value === 'fr' || value === 'en' ? value : null;
  } catch {
    return null;
  }
}

/**
 * The student's page: exchanges the e-mail's link for a session (a cookie the page cannot read),
 * or, without a link, goes on with the session it already has (a reload); then shows the dossier.
 * Any refusal of the link or of the session is the same screen, which says nothing of a dossier.
 * The link's token stays in memory only (this component's prop, never storage): on that screen
 * it asks for a new link by e-mail, whether the link was spent or the session ended meanwhile.
 */
export function StudentApp({ token }: { token: string | null }) {
  const [language, setLanguage] = useState<Language>(() => pickedLanguage() ?? browserLanguage());
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const spent = useRef(false);
  setRequestLanguage(language);

  const choose = useCallback((next: Language) => {
    try {
      localStorage.setItem(PICKED, next);
    } catch {
      // private browsing: the choice lasts as long as the page
    }
    setLanguage(next);
  }, []);

  const load = useCallback(async (hadSession: boolean) => {
    try {
      const dossier = await readDossier();
      if (!pickedLanguage()) setLanguage(dossier.language);
      setScreen({ kind: 'ready', dossier });
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : { status: 0 };
      setScreen(problem.status === 401 ? { kind: 'invalid', ended: hadSession, office: officeOf(problem) } : { kind: 'failed', problem });
    }
  }, []);

  useEffect(() => {
    // the token works once: never sent twice, whatever React does with effects
    if (spent.current) return;
    spent.current = true;
    void (async () => {
      if (token) {
        try {
          const session = await openSession(token);
          if (!pickedLanguage()) setLanguage(session.language);
          return await load(true);
        } catch (error) {
          const problem = error instanceof ApiError ? error.problem : { status: 0 };
          // a spent link may still have its session (the link opened twice): the cookie decides
          if (problem.status !== 401) return setScreen({ kind: 'failed', problem });
        }
      }
      await load(false);
    })();
  }, [token, load]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = WORDS[language].title;
  }, [language]);

  useEffect(() => {
    // any request refused for an ended session (an upload, a message) leaves the dossier for the screen saying how to come back
    onSessionEnded(() => setScreen((shown) => (shown.kind === 'ready' ? { kind: 'invalid', ended: true, office: shown.dossier.office } : shown)));
    return () => onSessionEnded(null);
  }, []);

  const reload = useCallback(() => load(true), [load]);
  const leave = useCallback(async () => {
    await closeSession().catch(() => undefined);
    setScreen({ kind: 'left' });
  }, []);
  const words = useMemo(() => ({ language, w: WORDS[language] }), [language]);

  return (
    <LanguageContext.Provider value={words}>
      <div className="page">
        <div className="topbar">
          <LanguageSwitch onChange={choose} />
        </div>
        {screen.kind === 'loading' && (
          <p className="card" role="status">
            {words.w.loading}
          </p>
        )}
        {screen.kind === 'ready' && <DossierView dossier={screen.dossier} onChanged={reload} onLeave={leave} />}
        {screen.kind === 'invalid' && <InvalidLink ended={screen.ended} office={screen.office} token={token} />}
        {screen.kind === 'failed' && <Failed problem={screen.problem} onRetry={() => void load(false)} />}
        {screen.kind === 'left' && (
          <main className="card">
            <p>{words.w.left}</p>
          </main>
        )}
      </div>
    </LanguageContext.Provider>
  );
}

/** The office's contact, if the API's refusal carries it (it says nothing of a dossier). */
function officeOf(problem: Problem): OfficeContact | null {
  const office = problem.office as OfficeContact | undefined;
  return office && typeof office === 'object' && (office.email || office.phone) ? office : null;
}

function InvalidLink({ ended, office, token }: { ended: boolean; office: OfficeContact | null; token: string | null }) {
  const { w } = useWords();
  return (
    <main className="card notice" data-testid="link-invalid">
      <h1>{ended ? w.invalid.ended : w.invalid.title}</h1>
      <p>{w.invalid.why}</p>
      {token ? <AskNewLink token={token} /> : <p>{w.invalid.comeBack}</p>}
      {office ? (
        <>
          <p>{w.invalid.contactKnown}</p>
          <OfficeContactList office={office} />
        </>
      ) : (
        <p>{w.invalid.contactUnknown}</p>
      )}
    </main>
  );
}

/** « Recevoir un nouveau lien par e-mail »: the API answers the same whatever the token was, and so does the page. */
function AskNewLink({ token }: { token: string }) {
  const { w } = useWords();
  const [state, setState] = useState<'idle' | 'asking' | 'asked'>('idle');
  const [error, setError] = useState<string | null>(null);
  const ask = async () => {
    setState('asking');
    setError(null);
    try {
      await requestNewLink(token);
      setState('asked');
    } catch (failure) {
      setError(refusalText(failure, w));
      setState('idle');
    }
  };
  return (
    <>
      {state !== 'asked' && (
        <>
          <p>{w.invalid.askWhat}</p>
          <button type="button" className="button primary" disabled={state === 'asking'} onClick={() => void ask()}>
            {state === 'asking' ? w.invalid.asking : w.invalid.ask}
          </button>
        </>
      )}
      {/* there from the start, so that what it comes to say is read out */}
      <div role="status">
        {state === 'asked' && (
          <>
            <p className="success" data-testid="link-requested">
              {w.invalid.asked}
            </p>
            <p>{w.invalid.askedNext}</p>
          </>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function Failed({ problem, onRetry }: { problem: Problem; onRetry: () => void }) {
  const { w } = useWords();
  return (
    <main className="card notice" data-testid="load-failed">
      <h1>{w.offline.title}</h1>
      <p role="alert">{problem.status === 0 ? w.offline.text : (problem.detail ?? w.error.status(problem.status))}</p>
      <button type="button" className="button primary" onClick={onRetry}>
        {w.offline.retry}
      </button>
    </main>
  );
}
