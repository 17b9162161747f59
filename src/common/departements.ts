/**
 * The French départements, by the code prefectures are numbered with (PREFECTURE_PATTERN), and
 * how each is written after "de": « Préfecture d’Ille-et-Vilaine », « du Nord », « des Landes »,
 * « de la Gironde », « de l’Ain ». Data (may exceed 300 lines): the web app names prefectures and
 * départements with it, and so can anything the API writes for people (slips, e-mails).
 */
import type { PeopleLanguage } from './people-format';

/** The article a département's name takes in French ('' for none: « d’Ille-et-Vilaine », « de Paris »). */
type Article = 'le' | 'la' | 'les' | 'l’' | '';

const TABLE: [code: string, name: string, article: Article][] = [
  ['01', 'Ain', 'l’'],
  ['02', 'Aisne', 'l’'],
  ['03', 'Allier', 'l’'],
  ['04', 'Alpes-de-Haute-Provence', 'les'],
  ['05', 'Hautes-Alpes', 'les'],
  ['06', 'Alpes-Maritimes', 'les'],
  ['07', 'Ardèche', 'l’'],
  ['08', 'Ardennes', 'les'],
  ['09', 'Ariège', 'l’'],
  ['10', 'Aube', 'l’'],
  ['11', 'Aude', 'l’'],
  ['12', 'Aveyron', 'l’'],
  ['13', 'Bouches-du-Rhône', 'les'],
  ['14', 'Calvados', 'le'],
  ['15', 'Cantal', 'le'],
  ['16', 'Charente', 'la'],
  ['17', 'Charente-Maritime', 'la'],
  ['18', 'Cher', 'le'],
  ['19', 'Corrèze', 'la'],
  ['2A', 'Corse-du-Sud', 'la'],
  ['2B', 'Haute-Corse', 'la'],
  ['21', 'Côte-d’Or', 'la'],
  ['22', 'Côtes-d’Armor', 'les'],
  ['23', 'Creuse', 'la'],
  ['24', 'Dordogne', 'la'],
  ['25', 'Doubs', 'le'],
  ['26', 'Drôme', 'la'],
  ['27', 'Eure', 'l’'],
  ['28', 'Eure-et-Loir', ''],
  ['29', 'Finistère', 'le'],
  ['30', 'Gard', 'le'],
  ['31', 'Haute-Garonne', 'la'],
  ['32', 'Gers', 'le'],
  ['33', 'Gironde', 'la'],
  ['34', 'Hérault', 'l’'],
  ['35', 'Ille-et-Vilaine', ''],
  ['36', 'Indre', 'l’'],
  ['37', 'Indre-et-Loire', ''],
  ['38', 'Isère', 'l’'],
  ['39', 'Jura', 'le'],
  ['40', 'Landes', 'les'],
  ['41', 'Loir-et-Cher', ''],
  ['42', 'Loire', 'la'],
  ['43', 'Haute-Loire', 'la'],
  ['44', 'Loire-Atlantique', 'la'],
  ['45', 'Loiret', 'le'],
  ['46', 'Lot', 'le'],
  ['47', 'Lot-et-Garonne', ''],
  ['48', 'Lozère', 'la'],
  ['49', 'Maine-et-Loire', ''],
  ['50', 'Manche', 'la'],
  ['51', 'Marne', 'la'],
  ['52', 'Haute-Marne', 'la'],
  ['53', 'Mayenne', 'la'],
  ['54', 'Meurthe-et-Moselle', ''],
  ['55', 'Meuse', 'la'],
  ['56', 'Morbihan', 'le'],
  ['57', 'Moselle', 'la'],
  ['58', 'Nièvre', 'la'],
  ['59', 'Nord', 'le'],
  ['60', 'Oise', 'l’'],
  ['61', 'Orne', 'l’'],
  ['62', 'Pas-de-Calais', 'le'],
  ['63', 'Puy-de-Dôme', 'le'],
  ['64', 'Pyrénées-Atlantiques', 'les'],
  ['65', 'Hautes-Pyrénées', 'les'],
  ['66', 'Pyrénées-Orientales', 'les'],
  ['67', 'Bas-Rhin', 'le'],
  ['68', 'Haut-Rhin', 'le'],
  ['69', 'Rhône', 'le'],
  ['70', 'Haute-Saône', 'la'],
  ['71', 'Saône-et-Loire', ''],
  ['72', 'Sarthe', 'la'],
  ['73', 'Savoie', 'la'],
  ['74', 'Haute-Savoie', 'la'],
  ['75', 'Paris', ''],
  ['76', 'Seine-Maritime', 'la'],
  ['77', 'Seine-et-Marne', ''],
  ['78', 'Yvelines', 'les'],
  ['79', 'Deux-Sèvres', 'les'],
  ['80', 'Somme', 'la'],
  ['81', 'Tarn', 'le'],
  ['82', 'Tarn-et-Garonne', ''],
  ['83', 'Var', 'le'],
  ['84', 'Vaucluse', ''],
  ['85', 'Vendée', 'la'],
  ['86', 'Vienne', 'la'],
  ['87', 'Haute-Vienne', 'la'],
  ['88', 'Vosges', 'les'],
  ['89', 'Yonne', 'l’'],
  ['90', 'Territoire de Belfort', 'le'],
  ['91', 'Essonne', 'l’'],
  ['92', 'Hauts-de-Seine', 'les'],
  ['93', 'Seine-Saint-Denis', 'la'],
  ['94', 'Val-de-Marne', 'le'],
  ['95', 'Val-d’Oise', 'le'],
  ['971', 'Guadeloupe', 'la'],
  ['972', 'Martinique', 'la'],
  ['973', 'Guyane', 'la'],
  ['974', 'La Réunion', ''],
  ['975', 'Saint-Pierre-et-Miquelon', ''],
  ['976', 'Mayotte', ''],
];

/** Every département's name, by its code. */
export const DEPARTEMENTS: Readonly<Record<string, string>> = Object.fromEntries(TABLE.map(([code, name]) => [code, name]));

const ARTICLES = new Map(TABLE.map(([code, , article]) => [code, article]));

function codeOf(code: string | null | undefined): string | undefined {
  const known = code?.trim().toUpperCase();
  return known && known in DEPARTEMENTS ? known : undefined;
}

/** "de" and the name, contracted as French writes it: « du Nord », « des Landes », « de la Gironde », « de l’Ain », « d’Ille-et-Vilaine ». */
function ofDepartement(code: string): string {
  const name = DEPARTEMENTS[code]!;
  switch (ARTICLES.get(code)) {
    case 'le':
      return `du ${name}`;
    case 'les':
      return `des ${name}`;
    case 'la':
      return `de la ${name}`;
    case 'l’':
      return `de l’${name}`;
    default:
      return /^[AEIOUYÉÈÎ]/i.test(name) ? `d’${name}` : `de ${name}`;
  }
}

/** The codes in the order of their numbers, Corsica's two in place of 20 (an object's keys that read as integers come first). */
export const DEPARTEMENT_CODES: readonly string[] = Object.keys(DEPARTEMENTS).sort(
  (a, b) => Number(a.replace('2A', '20.1').replace('2B', '20.2')) - Number(b.replace('2A', '20.1').replace('2B', '20.2')),
);

/** A département as people name it: « Ille-et-Vilaine (35) »; an unknown code as it is. */
export function departementName(code: string | null | undefined): string {
  const known = codeOf(code);
  return known ? `${DEPARTEMENTS[known]} (${known})` : (code ?? '');
}

/**
 * The prefecture of a département as it signs its letters: « Préfecture d’Ille-et-Vilaine »,
 * "Ille-et-Vilaine prefecture"; an unknown code as it is. In Paris, foreigners' residence permits
 * are the Préfecture de police's.
 */
export function prefectureName(code: string | null | undefined, language: PeopleLanguage): string {
  const known = codeOf(code);
  if (!known) return code ?? '';
  if (known === '75') return language === 'fr' ? 'Préfecture de police de Paris' : 'Paris Police Prefecture';
  return language === 'fr' ? `Préfecture ${ofDepartement(known)}` : `${DEPARTEMENTS[known]} prefecture`;
}
