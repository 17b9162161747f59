import { useState } from 'react';
import { ApiError, sendItemFiles } from './api';
import { FilePicker } from './FilePicker';
import type { Words } from './i18n';
import { useWords } from './language';
import type { ComplementItem, FileLimits } from './types';

/**
 * Sending one requested item: its files (several pages make one document), then "send" with the
 * upload's progress; the API's refusal (too large, a type it does not take, too many files) is
 * said under the item in the language shown, and nothing is kept of a refused upload.
 */
export function ItemUpload({ item, limits, onSent }: { item: ComplementItem; limits: FileLimits; onSent: () => Promise<void> }) {
  const { w } = useWords();
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [again, setAgain] = useState(false);
  const sending = progress !== null;

  const send = async () => {
    setError(null);
    setSent(null);
    setProgress(0);
    try {
      await sendItemFiles(item.slot, files, (fraction) => setProgress(fraction));
      setSent(files.map((f) => f.name).join(', '));
      setFiles([]);
      setAgain(false);
      await onSent();
    } catch (failure) {
      setError(refusalText(failure, w));
      // refused as they are (too large, a type not taken, too many): another choice is needed; a lost connection may be tried again
      if (failure instanceof ApiError && failure.status >= 400) setFiles([]);
    } finally {
      setProgress(null);
    }
  };

  const open = !item.received || again || files.length > 0;
  return (
    <div className="upload" aria-busy={sending}>
      {item.received && (
        <p className="success" data-testid="item-received">
          ✓ {sent ? w.complement.sent(sent) : w.complement.received}
        </p>
      )}
      {!item.received && sent && (
        <p className="success" role="status">
          ✓ {w.complement.sent(sent)}
        </p>
      )}
      {open ? (
        <>
          <FilePicker files={files} limits={limits} disabled={sending} chooseLabel={w.complement.choose} onChange={setFiles} onError={setError} />
          {files.length > 0 && (
            <button type="button" className="button primary send" disabled={sending} onClick={() => void send()}>
              {sending ? w.complement.sending(Math.round((progress ?? 0) * 100)) : w.complement.sendCount(files.length)}
            </button>
          )}
          {sending && <progress max={1} value={progress ?? 0} aria-label={w.complement.sending(Math.round((progress ?? 0) * 100))} />}
        </>
      ) : (
        <button type="button" className="link-button" onClick={() => setAgain(true)}>
          {w.complement.again}
        </button>
      )}
      {error && (
        <p className="error" role="alert" data-testid="item-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** What to tell the student of a failed request: the API's own sentence (in the language asked for), else what the page knows. */
export function refusalText(failure: unknown, w: Words): string {
  if (!(failure instanceof ApiError) || failure.status === 0) return w.error.network;
  return failure.problem.detail ?? w.error.status(failure.status);
}
