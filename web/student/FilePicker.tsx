import { useId, type ChangeEvent } from 'react';
import { acceptOf, takesPhotos } from './format';
import type { Words } from './i18n';
import { useWords } from './language';
import type { FileLimits } from './types';

/**
 * Files to send, picked one selection at a time: "choose a file" (a phone offers its files, its
 * gallery and its camera for the channel's types) and, on a touch screen when the channel takes
 * pictures, "take a photo" (straight to the back camera); the chosen ones are listed, each removable.
 */
export function FilePicker({
  files,
  limits,
  disabled,
  chooseLabel,
  onChange,
  onError,
}: {
  files: File[];
  limits: FileLimits;
  disabled: boolean;
  chooseLabel: string;
  onChange: (files: File[]) => void;
  onError: (message: string | null) => void;
}) {
  const { w } = useWords();
  const id = useId();
  const add = (event: ChangeEvent<HTMLInputElement>) => {
    const added = Array.from(event.target.files ?? []);
    // the same file can be picked again after a removal
    event.target.value = '';
    const { kept, error } = checkFiles(files, added, limits, w);
    onError(error);
    onChange(kept);
  };
  const full = files.length >= limits.maxFilesPerDocument;
  return (
    <div className="picker">
      <div className="picker-buttons">
        <input
          id={`${id}-file`}
          className="file-input"
          type="file"
          accept={acceptOf(limits.types)}
          multiple={limits.maxFilesPerDocument > 1}
          disabled={disabled || full}
          onChange={add}
        />
        <label htmlFor={`${id}-file`} className={`button${disabled || full ? ' disabled' : ''}`}>
          {chooseLabel}
        </label>
        {takesPhotos(limits.types) && TOUCH_SCREEN && (
          <>
            <input id={`${id}-photo`} className="file-input" type="file" accept="image/*" capture="environment" disabled={disabled || full} onChange={add} />
            <label htmlFor={`${id}-photo`} className={`button${disabled || full ? ' disabled' : ''}`}>
              {w.complement.photo}
            </label>
          </>
        )}
      </div>
      {files.length > 0 && (
        <div className="chosen">
          <p className="muted">{w.complement.chosen}</p>
          <ul className="plain">
            {files.map((file, index) => (
              <li key={`${file.name}-${index}`} className="chosen-file">
                <span className="file-name">{file.name}</span>
                <span className="muted">{w.size(file.size)}</span>
                <button
                  type="button"
                  className="remove"
                  disabled={disabled}
                  aria-label={w.complement.remove(file.name)}
                  onClick={() => onChange(files.filter((_f, i) => i !== index))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Phones and tablets: there, "take a photo" opens the camera (a desktop's file dialog is all it would open). */
const TOUCH_SCREEN = typeof navigator !== 'undefined' && navigator.maxTouchPoints > 0;

/** The files kept once `added` join `files`: none over the size limit, no more than a document holds. */
export function checkFiles(files: File[], added: File[], limits: FileLimits, w: Words): { kept: File[]; error: string | null } {
  const mb = Math.round(limits.maxFileBytes / 1_048_576);
  const tooLarge = added.find((f) => f.size > limits.maxFileBytes);
  const fitting = added.filter((f) => f.size <= limits.maxFileBytes);
  const kept = [...files, ...fitting].slice(0, limits.maxFilesPerDocument);
  const error = tooLarge
    ? w.complement.tooLarge(tooLarge.name, mb)
    : files.length + fitting.length > limits.maxFilesPerDocument
      ? w.complement.tooMany(limits.maxFilesPerDocument)
      : null;
  return { kept, error };
}
