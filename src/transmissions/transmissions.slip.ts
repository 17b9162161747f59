import { prefectureName } from '../common/departements';
import { escapeHtml } from '../common/html';
import { formatDay } from '../common/people-format';
import type { OfficeProfile } from '../office/office.model';
import type { Transmission } from './transmissions.model';

/**
 * The slip that goes with a transmission to the prefecture: the prefecture by its name (« Préfecture
 * d’Ille-et-Vilaine », never its number), the dossiers of the batch, in order, with their
 * reference, the student's name, the procedure and the number of documents. As CSV (semicolons and a BOM, as French spreadsheets expect) and as a
 * printable HTML page.
 */

const csvCell = (value: string | number) => {
  const text = String(value);
  // a leading =, +, - or @ would be a formula to a spreadsheet
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[;"\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function slipCsv(transmission: Transmission, procedureName: (code: string) => string): string {
  const lines = [
    ['N°', 'Référence', 'Étudiant', 'Démarche', 'Pièces'],
    ...transmission.items.map((item) => [item.position, item.reference, item.studentName, procedureName(item.procedureCode), item.documentCount]),
  ];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export function slipHtml(
  transmission: Transmission,
  procedureName: (code: string) => string,
  office: Pick<OfficeProfile, 'name' | 'postalAddress' | 'phone' | 'email'>,
): string {
  const rows = transmission.items
    .map(
      (item) =>
        `<tr><td>${item.position}</td><td>${escapeHtml(item.reference)}</td><td>${escapeHtml(item.studentName)}</td><td>${escapeHtml(procedureName(item.procedureCode))}</td><td class="n">${item.documentCount}</td></tr>`,
    )
    .join('\n');
  const documents = transmission.items.reduce((sum, item) => sum + item.documentCount, 0);
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Bordereau ${escapeHtml(transmission.reference)}</title>
<style>
  body { font: 11pt/1.4 system-ui, sans-serif; margin: 2cm; color: #111; }
  h1 { font-size: 16pt; margin: 0 0 .3em; }
  table { width: 100%; border-collapse: collapse; margin: 1em 0; }
  th, td { border: 1px solid #999; padding: .3em .5em; text-align: left; }
  th { background: #eee; } td.n { text-align: right; }
  .meta { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
  .signatures { display: flex; justify-content: space-between; margin-top: 3em; }
  @media print { body { margin: 1cm; } }
</style>
</head>
<body>
<h1>Bordereau de transmission ${escapeHtml(transmission.reference)}</h1>
<div class="meta">
  <span>Expéditeur</span><span><strong>${escapeHtml(office.name)}</strong><br>${office.postalAddress.map(escapeHtml).join('<br>')}<br>${[
    office.phone,
    office.email,
  ]
    .filter(Boolean)
    .map((v) => escapeHtml(v!))
    .join(' · ')}</span>
  <span>Destinataire</span><strong>${escapeHtml(prefectureName(transmission.prefecture, 'fr'))}</strong>
  <span>À l'attention de</span><strong>${escapeHtml(transmission.contact)}</strong>
  <span>Date d'envoi</span><strong>${formatDay(transmission.sentOn, 'fr')}</strong>
  <span>Dossiers</span><strong>${transmission.items.length} (${documents} ${documents > 1 ? 'pièces' : 'pièce'})</strong>
</div>
${transmission.note ? `<p>${escapeHtml(transmission.note)}</p>` : ''}
<table>
<thead><tr><th>N°</th><th>Référence</th><th>Étudiant</th><th>Démarche</th><th>Pièces</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<div class="signatures"><span>Pour le ${escapeHtml(office.name)}</span><span>Reçu par la préfecture le ……………</span></div>
</body>
</html>
`;
}
