import { day, inLanguage, typeNames } from './format';
import { ItemUpload } from './ItemUpload';
import { useWords } from './language';
import type { Complement, FileLimits } from './types';

/** What the office asked for: the deadline, its message, and for each item what, why, and a way to send it. */
export function ComplementSection({ complement, limits, onSent }: { complement: Complement; limits: FileLimits; onSent: () => Promise<void> }) {
  const { language, w } = useWords();
  return (
    <section className="card complement" aria-labelledby="complement" data-testid="complement">
      <h2 id="complement">{w.complement.title}</h2>
      <p className="deadline" data-testid="deadline">
        {w.complement.deadline(day(complement.dueOn, language))}
      </p>
      <p className="muted">{w.complement.requestedOn(day(complement.requestedOn, language))}</p>
      {complement.message && (
        <blockquote className="office-message">
          <span className="muted">{w.complement.message}</span> {complement.message}
        </blockquote>
      )}
      <p className="muted small">{w.complement.limits(typeNames(limits.types), Math.round(limits.maxFileBytes / 1_048_576), limits.maxFilesPerDocument)}</p>
      <ul className="plain items">
        {complement.items.map((item) => (
          <li key={item.slot} className={`item${item.received ? ' item-received' : ''}`} data-slot={item.slot} data-received={item.received}>
            <h3>{inLanguage(item.what, language)}</h3>
            {item.why && (
              <p className="why">
                <strong>{w.complement.why}</strong> {inLanguage(item.why, language)}
              </p>
            )}
            <ItemUpload item={item} limits={limits} onSent={onSent} />
          </li>
        ))}
      </ul>
    </section>
  );
}
