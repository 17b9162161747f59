/**
 * The catalog's free texts in the agent's language. Its names, hints and messages come in French
 * and English (LocalizedText); the notes of its sources and parameters, and the titles of the few
 * sources that are English pages or internal documents, were written once, in English — and
 * published versions never change (src/catalog/catalog.sync.ts). So the French of those texts
 * lives here, keyed by the text as published, as gettext keys a message by its source text: a
 * text published later without a translation is shown as written. catalogWords.spec.ts checks
 * that every such text of the shipped catalog (prisma/catalog) has its French.
 *
 * French text, from the catalog or from here, is shown with French spacing (common/format).
 */
import { frenchSpacing } from '../common/format';

/** French of the catalog's English texts, by the English as published (data: one line each). */
export const FRENCH_OF_CATALOG: Readonly<Record<string, string>> = {
  // source titles
  'CMI Rennes — Job search residence permit (ex-APS at the end of studies)': "CMI Rennes — Titre de séjour « recherche d'emploi » (ex-APS de fin d'études)",
  'Job search residence permit (ex-APS at the end of studies)': "Titre de séjour « recherche d'emploi » (ex-APS de fin d'études)",
  "Staying in France after your studies — the APS (guide and readers' questions, 2018)":
    "Rester en France après ses études — l'APS (guide et questions de lecteurs, 2018)",
  'APS job-search permit: documents (proof of address under 3 months)': "APS « recherche d'emploi » : les pièces (justificatif de domicile de moins de 3 mois)",
  'Temporary residence permit for graduates (APS), FR/EN/FA': 'Autorisation provisoire de séjour des diplômés (APS), en français, anglais et persan',
  'ENS Paris-Saclay — ANEF tutorial, talent-chercheur permit (June 2021)': 'ENS Paris-Saclay — Tutoriel ANEF, titre « talent – chercheur » (juin 2021)',
  'Passerelle domain notes: office practice and the regulation as the office applies it':
    "Notes métier de Passerelle : la pratique du bureau et la réglementation telle qu'il l'applique",
  'Regulation and service-public.fr (2025), as summarised in the domain notes':
    'Réglementation et service-public.fr (2025), tels que les résument les notes métier',
  "Contrat d'engagement à respecter les principes de la République (required since 17 July 2024)":
    "Contrat d'engagement à respecter les principes de la République (exigé depuis le 17 juillet 2024)",
  'Office policy (Passerelle default, set by the office)': 'Règle interne du bureau (valeur par défaut de Passerelle, fixée par le bureau)',
  'Office policy (set by the office, no public text)': 'Règle interne du bureau (fixée par le bureau, sans texte public)',

  // notes of sources and parameters
  '1.5 × 1 823,03 € (SMIC for 35 hours from 1 January 2026, décret n° 2025-1228 du 17 décembre 2025). Publish a new version when the SMIC changes.':
    '1,5 × 1 823,03 € (SMIC pour 35 heures au 1er janvier 2026, décret n° 2025-1228 du 17 décembre 2025). Publier une nouvelle version quand le SMIC change.',
  "A rule of the former APS; no current public text found: kept as the office's advice.":
    "Une règle de l'ancienne APS ; aucun texte public en vigueur ne la reprend : le bureau la garde comme conseil.",
  'Some prefectures ask for less than 3 months: publish a prefecture override.':
    'Certaines préfectures demandent moins de 3 mois : publier une valeur propre à la préfecture concernée.',
  "Since June 2025 the regulation says 'a reasonable delay'; 30 days stays the default.":
    'Depuis juin 2025, la réglementation parle d’un « délai raisonnable » ; 30 jours restent la valeur par défaut.',
  'R. 432-2: four months in principle, 90 days for the titles it lists. 90 days kept so that agents are alerted in time; publish { months: 4 } where the four-month rule is confirmed for this title.':
    'R. 432-2 : quatre mois en principe, 90 jours pour les titres qu’il énumère. 90 jours sont retenus pour que les agents soient alertés à temps ; publier 4 mois là où la règle des quatre mois est confirmée pour ce titre.',
  'A job related to the training, paid at least the threshold set by decree: the card « salarié », « travailleur temporaire » or « talent » without the employment situation being opposed.':
    'Un emploi en rapport avec la formation, rémunéré au moins au seuil fixé par décret : la carte « salarié », « travailleur temporaire » ou « talent », sans que la situation de l’emploi soit opposable.',
  'The salary threshold of R. 5221-21 and of CESEDA L. 422-11: one and a half times the minimum monthly wage (SMIC).':
    'Le seuil de rémunération de l’article R. 5221-21 et de l’article L. 422-11 du CESEDA : une fois et demie la rémunération mensuelle minimale (SMIC).',
  '12,02 € an hour, 1 823,03 € gross a month for 35 hours from 1 January 2026, as published summaries of the decree state (La Gazette des communes, FHF); the decree itself was not read. 1.5 × 1 823,03 € = 2 734,55 €.':
    '12,02 € de l’heure, 1 823,03 € brut par mois pour 35 heures au 1er janvier 2026, selon les résumés publiés du décret (La Gazette des communes, FHF) ; le décret lui-même n’a pas été lu. 1,5 × 1 823,03 € = 2 734,55 €.',
  'One year to look for a job or create a business and work without restriction; diplomas at master level or listed (licence professionnelle, mastère spécialisé, MSc labelled by the CGE...); Algerian nationals follow other rules.':
    'Un an pour chercher un emploi ou créer une entreprise, en travaillant sans restriction ; diplômes de niveau master ou inscrits sur la liste (licence professionnelle, mastère spécialisé, MSc labellisé par la CGE…) ; les ressortissants algériens relèvent d’autres règles.',
  "A university's walk-through of the ANEF form, not an official text, and not at a stable public address we know of: the five steps, the documents, the e-photo code, the 30 days to complete, the file limits the site showed then (no official page states them).":
    'Le pas-à-pas d’une université pour le formulaire ANEF, qui n’est pas un texte officiel et n’a pas d’adresse publique stable connue : les cinq étapes, les pièces, le code e-photo, les 30 jours pour compléter, les limites de fichiers qu’affichait alors le site (aucune page officielle ne les donne).',
  'Implicit rejection after four months in principle; after 90 days for the titles of R. 421-43, R. 421-47, R. 421-54, R. 421-60, R. 422-5, R. 422-12, R. 426-14 and R. 426-17.':
    'Rejet implicite au bout de quatre mois en principe ; au bout de 90 jours pour les titres des articles R. 421-43, R. 421-47, R. 421-54, R. 421-60, R. 422-5, R. 422-12, R. 426-14 et R. 426-17.',
  'A proof of address under 6 months; at a hotel, or hosted by an individual, the papers of each situation.':
    'Un justificatif de domicile de moins de 6 mois ; à l’hôtel ou chez un particulier, les pièces propres à chaque situation.',
  'Loi n° 2024-42 du 26 janvier 2024 (art. 46), décret n° 2024-811 du 8 juillet 2024: signed with every application filed from 17 July 2024, renewals included.':
    'Loi n° 2024-42 du 26 janvier 2024 (art. 46), décret n° 2024-811 du 8 juillet 2024 : signé avec toute demande déposée à partir du 17 juillet 2024, renouvellements compris.',
  "Values no public text sets, chosen by the office and open to change: limits on scans received by post, by hand or by e-mail; how long last year's enrolment counts (students file after their defence, until 31 December); which nationalities get a bilateral-agreement notice; the reminders before a complement deadline; 90-day silence alerts where the four-month rule may apply (alerting early is the safe side); the 15-day advice after signing a work contract (a rule of the former APS, not found in today's texts).":
    'Des valeurs qu’aucun texte public ne fixe, choisies par le bureau et modifiables : les limites des scans reçus par courrier, au guichet ou par e-mail ; combien de temps l’inscription de l’année écoulée compte encore (les étudiants déposent après leur soutenance, jusqu’au 31 décembre) ; les nationalités qui reçoivent un avis d’accord bilatéral ; les relances avant l’échéance d’un complément ; l’alerte de silence à 90 jours là où la règle des quatre mois peut s’appliquer (alerter tôt est le choix prudent) ; le conseil des 15 jours après la signature d’un contrat de travail (une règle de l’ancienne APS, absente des textes actuels).',
  'Seeds 002 and 003 and some prefectures ask for less than 3 months: publish a prefecture override.':
    'Les documents de référence 002 et 003 et certaines préfectures demandent moins de 3 mois : publier une valeur propre à la préfecture concernée.',
  'service-public.fr says 4 months: publish a prefecture override ({ months: 4 }) where it applies.':
    'service-public.fr indique 4 mois : publier une valeur propre à la préfecture (4 mois) là où elle s’applique.',
  'Students apply after their defence, often in September to December, while their student permit is still valid.':
    'Les étudiants déposent leur demande après leur soutenance, souvent de septembre à décembre, quand leur titre étudiant est encore valable.',
  'Proof of address under 6 months; silence of the prefecture: 90 days (regulation) vs 4 months (service-public).':
    'Justificatif de domicile de moins de 6 mois ; silence de la préfecture : 90 jours (réglementation) contre 4 mois (service-public).',
  "Choices the sources leave to the office: limits on scans received by post, by hand or by e-mail; how long last year's enrolment counts; the list of nationalities with a bilateral agreement.":
    'Les choix que les sources laissent au bureau : les limites des scans reçus par courrier, au guichet ou par e-mail ; combien de temps l’inscription de l’année écoulée compte encore ; la liste des nationalités couvertes par un accord bilatéral.',
  "The office's page (written for 2022-2023): the 2-step procedure for Master 2 and last-year engineering students of a member institution, the documents, no registered mail, no receipt; the extension pending the defence (case 2).":
    'La page du bureau (rédigée pour 2022-2023) : la procédure en 2 étapes pour les étudiants de Master 2 et de dernière année du cycle ingénieur d’un établissement membre, les pièces, pas de recommandé, pas de récépissé ; la prolongation dans l’attente de la soutenance (cas 2).',
  'Before the finance law for 2026: a 200 € tax (50 € for the titles of L. 422-1 to L. 422-6 and L. 422-10 to L. 422-12) plus a 25 € stamp duty. The finance law for 2026 (art. 128) changed these amounts: check them before relying on the fee shown.':
    'Avant la loi de finances pour 2026 : une taxe de 200 € (50 € pour les titres des articles L. 422-1 à L. 422-6 et L. 422-10 à L. 422-12) et un droit de timbre de 25 €. La loi de finances pour 2026 (art. 128) a modifié ces montants : les vérifier avant de se fier au coût affiché.',
  'Seed 000: at least 2 months before the expiry of the current permit.': 'Document de référence 000 : au moins 2 mois avant l’expiration du titre actuel.',
  'At least 2 months before the current title expires.': 'Au moins 2 mois avant l’expiration du titre actuel.',
  'Filed between the 120th and the 60th day before the current title expires.':
    'Demande déposée entre le 120e et le 60e jour avant l’expiration du titre actuel.',
  '180 € for a renewal filed late (amount before the finance law for 2026: to check).':
    '180 € pour un renouvellement demandé en retard (montant antérieur à la loi de finances pour 2026 : à vérifier).',
  'Valid 3 months at most, renewed while the prefect has not decided.': 'Valable 3 mois au plus, renouvelée tant que le préfet n’a pas statué.',
  "No public text sets it: the office asks for recent proof (the last 3 payslips, a bank attestation of the last 3 months), as prefectures' lists do.":
    'Aucun texte public ne la fixe : le bureau demande des justificatifs récents (les 3 derniers bulletins de salaire, une attestation bancaire des 3 derniers mois), comme les listes des préfectures.',
  'Enrolled in an institution, monthly resources of at least 615 €, studies real and serious (attendance, results, diplomas, explanations of a change of course; one repeated year per cycle does not by itself call them into question); a multi-year card for the rest of the cycle; Algerian nationals receive a certificat de résidence under their own rules.':
    'Être inscrit dans un établissement, disposer de ressources mensuelles d’au moins 615 €, suivre des études réelles et sérieuses (assiduité, résultats, diplômes, explication d’un changement d’orientation ; un redoublement par cycle ne les remet pas en cause à lui seul) ; une carte pluriannuelle pour le reste du cycle ; les ressortissants algériens reçoivent un certificat de résidence selon leurs propres règles.',
  'For the length of the hosting agreement, up to 4 years; renewable.': 'Pour la durée de la convention d’accueil, 4 ans au plus ; renouvelable.',
};

/** A free text of the catalog in the agent's language: the French of an English text when it has one, French with French spacing. */
export function catalogText(text: string | null | undefined, locale: string): string {
  if (!text) return '';
  if (locale === 'en') return text;
  return frenchSpacing(FRENCH_OF_CATALOG[text] ?? text);
}
