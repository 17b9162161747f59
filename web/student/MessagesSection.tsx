import { useEffect, useId, useState } from 'react';
import { ApiError, readMessages, sendMessage } from './api';
import { FilePicker } from './FilePicker';
import { moment } from './format';
import { refusalText } from './ItemUpload';
import { useWords } from './language';
import type { FileLimits, StudentMessage } from './types';

/** The API's limit on a message's text. */
const MAX_BODY = 4000;

/** The thread with the office (oldest first) and a form to write to it, with files if need be. */
export function MessagesSection({ unread, limits }: { unread: number; limits: FileLimits }) {
  const { language, w } = useWords();
  const id = useId();
  const [messages, setMessages] = useState<StudentMessage[] | null>(null);
  const [loadFailure, setLoadFailure] = useState<unknown>(null);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  // once: reading the thread marks the office's messages read
  useEffect(() => {
    let shown = true;
    readMessages().then(
      (list) => shown && setMessages(list),
      (failure: unknown) => shown && setLoadFailure(failure),
    );
    return () => {
      shown = false;
    };
  }, []);

  const send = async () => {
    setSent(false);
    if (!body.trim() && !files.length) return setError(w.messages.empty);
    if (body.length > MAX_BODY) return setError(w.messages.tooLong(MAX_BODY));
    setError(null);
    setSending(true);
    try {
      const message = await sendMessage(body.trim(), files, () => undefined);
      setMessages((list) => [...(list ?? []), message]);
      setBody('');
      setFiles([]);
      setSent(true);
    } catch (failure) {
      setError(refusalText(failure, w));
      // files refused as they are are taken off (the text stays, to send again); a lost connection may be tried again
      if (failure instanceof ApiError && failure.status >= 400 && files.length) setFiles([]);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="card" aria-labelledby="messages" data-testid="messages">
      <h2 id="messages" className="with-badge">
        {w.messages.title}
        {unread > 0 && <span className="badge badge-new">{w.messages.unread(unread)}</span>}
      </h2>
      {loadFailure !== null && (
        <p className="error" role="alert">
          {refusalText(loadFailure, w)}
        </p>
      )}
      {messages && messages.length === 0 && <p className="muted">{w.messages.none}</p>}
      {messages && messages.length > 0 && (
        <ol className="plain thread">
          {messages.map((m) => (
            <li key={m.id} className={`message message-${m.author}`} data-author={m.author}>
              <p className="message-head">
                <strong>{m.author === 'student' ? w.messages.you : (m.authorName ?? w.messages.office)}</strong>
                <span className="muted small">{moment(m.createdAt, language)}</span>
              </p>
              {m.body && <p className="message-body">{m.body}</p>}
              {m.attachments.length > 0 && (
                <ul className="plain files">
                  {m.attachments.map((a) => (
                    <li key={a.id}>
                      <span className="muted small">{w.messages.attachment}</span>{' '}
                      <a href={a.url} target="_blank" rel="noopener noreferrer">
                        {a.originalName}
                      </a>{' '}
                      <span className="muted small">{w.size(a.sizeBytes)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      <form
        className="write"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label htmlFor={`${id}-body`}>{w.messages.label}</label>
        <textarea
          id={`${id}-body`}
          rows={4}
          value={body}
          maxLength={MAX_BODY}
          disabled={sending}
          onChange={(e) => {
            setBody(e.target.value);
            setSent(false);
          }}
        />
        <FilePicker files={files} limits={limits} disabled={sending} chooseLabel={w.messages.attach} onChange={setFiles} onError={setError} />
        <button type="submit" className="button primary" disabled={sending}>
          {sending ? w.messages.sending : w.messages.send}
        </button>
        {error && (
          <p className="error" role="alert" data-testid="message-error">
            {error}
          </p>
        )}
        {sent && (
          <p className="success" role="status">
            ✓ {w.messages.sent}
          </p>
        )}
      </form>
    </section>
  );
}
