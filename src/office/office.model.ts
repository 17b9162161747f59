import type { LocalizedText } from '../catalog/catalog.model';

/**
 * The office as students and the prefecture read it: every e-mail ends with its contact
 * details, the transmission slip is headed with them. One per database, changed by admins.
 */
export interface OfficeProfile {
  name: string;
  /** Where students send their documents, one line per entry (the CMI: "CMI Rennes (M2 fin de formation carte RE/CE)", …). */
  postalAddress: string[];
  frontDeskHours: LocalizedText;
  phone: string | null;
  email: string;
  website: string | null;
  /** The closing line of every e-mail ("L'équipe du CMI Rennes"). */
  signature: LocalizedText;
  version: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export type OfficeProfileInput = Omit<OfficeProfile, 'version' | 'updatedAt' | 'updatedBy'>;

/** The profile of a new installation, until an admin completes it: the name and address of the configuration. */
export function initialProfile(name: string, email: string): OfficeProfileInput {
  return {
    name,
    postalAddress: [name],
    frontDeskHours: { fr: 'sur rendez-vous', en: 'by appointment' },
    phone: null,
    email,
    website: null,
    signature: { fr: `L'équipe du ${name}`, en: `The ${name} team` },
  };
}
