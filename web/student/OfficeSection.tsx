import { inLanguage } from './format';
import { useWords } from './language';
import type { OfficeContact } from './types';

/** How to reach the office: e-mail, phone, front desk, post. */
export function OfficeSection({ office }: { office: OfficeContact }) {
  const { w } = useWords();
  return (
    <section className="card" aria-labelledby="office" data-testid="office">
      <h2 id="office">{w.office.title}</h2>
      <p>
        <strong>{office.name}</strong>
      </p>
      <OfficeContactList office={office} />
    </section>
  );
}

export function OfficeContactList({ office }: { office: OfficeContact }) {
  const { language, w } = useWords();
  const hours = inLanguage(office.frontDeskHours, language);
  return (
    <dl className="contact">
      {office.email && (
        <>
          <dt>{w.office.email}</dt>
          <dd>
            <a href={`mailto:${office.email}`}>{office.email}</a>
          </dd>
        </>
      )}
      {office.phone && (
        <>
          <dt>{w.office.phone}</dt>
          <dd>
            <a href={`tel:${office.phone.replace(/[^\d+]/g, '')}`}>{office.phone}</a>
          </dd>
        </>
      )}
      {hours && (
        <>
          <dt>{w.office.hours}</dt>
          <dd>{hours}</dd>
        </>
      )}
      {office.postalAddress?.length > 0 && (
        <>
          <dt>{w.office.post}</dt>
          <dd>
            {office.postalAddress.map((line, i) => (
              <span key={i} className="line">
                {line}
              </span>
            ))}
          </dd>
        </>
      )}
      {office.website && (
        <>
          <dt>{w.office.website}</dt>
          <dd>
            <a href={office.website} target="_blank" rel="noopener noreferrer">
              {office.website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
            </a>
          </dd>
        </>
      )}
    </dl>
  );
}
