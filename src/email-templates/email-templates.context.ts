/**
 * The variables an e-mail is rendered with, from what the event recorded and what the dossier
 * and the office are: pure, so the worker, the previews and the tests build the same context.
 */
import type { ProcedureDefinition } from '../catalog/catalog.model';
import type { OfficeProfile } from '../office/office.model';
import type { DossierContext, EmailContext, EmailLanguage, StudentItem, TemplateName } from './email-templates.model';
import { TEMPLATE_VARIABLES } from './email-templates.model';

export interface ContextDossier {
  reference: string;
  channel: string;
  filedOn: string | null;
  prefectureReference: string | null;
  /** The student's personal link (with the marker the delivery replaces); null or absent in the office's e-mails. */
  link?: string | null;
  definition: Pick<ProcedureDefinition, 'code' | 'names' | 'result' | 'fee' | 'fileConstraints' | 'channel'>;
}

export interface ContextInput {
  template: TemplateName;
  language: EmailLanguage;
  office: Pick<OfficeProfile, 'name' | 'postalAddress' | 'frontDeskHours' | 'phone' | 'email' | 'website' | 'signature'>;
  recipientName: string;
  dossier: ContextDossier | null;
  data: Record<string, unknown>;
}

export function buildContext({ template, language, office, recipientName, dossier, data }: ContextInput): EmailContext {
  const variables = Object.fromEntries(TEMPLATE_VARIABLES[template].map((name) => [name, data[name] ?? null]));
  if (Array.isArray(variables.items)) variables.items = (variables.items as unknown[]).map((item) => studentItem(item, language));
  return {
    language,
    office: {
      name: office.name,
      postalAddress: office.postalAddress,
      frontDeskHours: office.frontDeskHours[language],
      phone: office.phone,
      email: office.email,
      website: office.website,
      signature: office.signature[language],
    },
    recipient: { name: recipientName },
    dossier: dossier && dossierContext(dossier, language),
    ...variables,
  };
}

function dossierContext(dossier: ContextDossier, language: EmailLanguage): DossierContext {
  const { definition } = dossier;
  const files = definition.fileConstraints[dossier.channel] ?? definition.fileConstraints.default!;
  return {
    reference: dossier.reference,
    channel: dossier.channel,
    anef: dossier.channel === 'anef',
    procedure: {
      code: definition.code,
      name: definition.names[language],
      result: definition.result.description[language],
      fee: definition.fee ? { amountEur: definition.fee.amountEur, means: definition.fee.means[language] } : null,
    },
    files: { types: files.types, maxFileBytes: files.maxFileBytes, maxFilesPerDocument: files.maxFilesPerDocument },
    filedOn: dossier.filedOn,
    prefectureReference: dossier.prefectureReference,
    link: dossier.link ?? null,
  };
}

/** A complement item as the student reads it (items recorded before issue 13 had only a message). */
function studentItem(item: unknown, language: EmailLanguage): StudentItem {
  const { what, why, message } = (item ?? {}) as { what?: Record<string, string>; why?: Record<string, string> | null; message?: Record<string, string> };
  return { what: what?.[language] ?? message?.[language] ?? '', why: why?.[language] ?? null };
}
