// Follow-up figures per month and area, as charts, a table and CSV.
import { api } from '../api.js';
import { h, main, table } from '../page.js';

export async function compliancePage(params) {
  const form = h('form', { class: 'filters' },
    h('label', {}, 'Från månad', h('input', { name: 'from', type: 'month', value: params.get('from') ?? '' })),
    h('label', {}, 'Till månad', h('input', { name: 'to', type: 'month', value: params.get('to') ?? '' })),
    h('label', {}, 'Per', h('select', { name: 'by' },
      h('option', { value: 'municipality', selected: !['region', 'unit'].includes(params.get('by')) }, 'kommun'),
      h('option', { value: 'region', selected: params.get('by') === 'region' }, 'region'),
      h('option', { value: 'unit', selected: params.get('by') === 'unit' }, 'ansvarig enhet'))),
    h('button', { type: 'submit' }, 'Visa'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/compliance?${new URLSearchParams([...new FormData(form)].filter(([, v]) => v))}`;
  });
  const query = new URLSearchParams([...params].filter(([k, v]) => v && ['from', 'to', 'by'].includes(k)));
  const rows = await api(`/api/compliance?${query}`);
  const csv = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    const text = await api(`/api/compliance?${query}&format=csv`);
    const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: 'siphub-uppfoljning.csv' });
    link.click();
  } }, 'Ladda ner CSV');
  const pct = (v) => (v === null || v === undefined ? '–' : `${String(v).replace('.', ',')} %`);
  main.replaceChildren(h('h2', {}, 'Uppföljning enligt Lag (2017:612) och riktlinje 001 kap. 14'), form, csv,
    h('div', { class: 'grid' },
      chart('Inskrivningsmeddelanden inom 24 h (%)', rows, (r) => r.admissionNoticesOnTime, (r) => r.admissionNotices),
      chart('Kallelser inom tidsfristen (%)', rows, (r) => r.invitationsOnTime, (r) => r.invitations),
      chart('SIP hållna, barn', rows, (r) => r.sipsChildren),
      chart('SIP hållna, vuxna', rows, (r) => r.sipsAdults),
      chart('Uppföljningar i tid (%)', rows, (r) => r.followUpsOnTime, (r) => r.followUps),
      chart('SIP-arbete startat i tid efter begäran (%)', rows, (r) => r.sipStartsOnTime, (r) => r.sipStarts),
      chart('Betalningsansvar, dagar', rows, (r) => r.liableDays)),
    table([
      ['Område', (r) => (r.areaName ? `${r.areaName} (${r.area})` : r.area)], ['Månad', (r) => r.month],
      ['Inskrivningsmeddelanden inom 24 h', (r) => `${r.admissionNoticesOnTime} av ${r.admissionNotices} (${pct(r.admissionNoticesOnTimePercent)})`],
      ['Kallelser i tid', (r) => `${r.invitationsOnTime} av ${r.invitations} (${pct(r.invitationsOnTimePercent)})`],
      ['Median utskrivningsklar → kallelse', (r) => (r.medianHoursToInvitation == null ? '–' : `${String(r.medianHoursToInvitation).replace('.', ',')} h`)],
      ['SIP barn', (r) => r.sipsChildren], ['SIP vuxna', (r) => r.sipsAdults],
      ['KVÅ AU124 (SIP)', (r) => r.sipsAu124], ['KVÅ AU125 (vid utskrivning)', (r) => r.sipsAu125],
      ['Uppföljningar i tid', (r) => `${r.followUpsOnTime} av ${r.followUps} (${pct(r.followUpsOnTimePercent)})`],
      ['Start efter begäran i tid', (r) => `${r.sipStartsOnTime} av ${r.sipStarts} (${pct(r.sipStartsOnTimePercent)})`],
      ['Betalningsansvar', (r) => `${r.liableDays} dagar, ${r.liableEpisodes} patienter, ${r.liableAmount.toLocaleString('sv-SE')} kr`],
    ], rows));
}

// One bar per month over every area shown: a count, or a share when a whole is given.
function chart(title, rows, part, whole) {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const values = months.map((m) => {
    const inMonth = rows.filter((r) => r.month === m);
    const p = inMonth.reduce((s, r) => s + part(r), 0);
    if (!whole) return p;
    const w = inMonth.reduce((s, r) => s + whole(r), 0);
    return w === 0 ? 0 : Math.round((1000 * p) / w) / 10;
  });
  const max = Math.max(whole ? 100 : 1, ...values);
  const width = Math.max(months.length, 1) * 40;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} 120`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}: ${months.map((m, i) => `${m} ${values[i]}`).join(', ') || 'inga uppgifter'}`);
  months.forEach((month, i) => {
    const height = (values[i] / max) * 90;
    const bar = document.createElementNS(svg.namespaceURI, 'rect');
    Object.entries({ x: i * 40 + 6, y: 100 - height, width: 28, height }).forEach(([k, v]) => bar.setAttribute(k, v));
    const label = document.createElementNS(svg.namespaceURI, 'text');
    Object.entries({ x: i * 40 + 4, y: 114 }).forEach(([k, v]) => label.setAttribute(k, v));
    label.textContent = month.slice(2);
    const value = document.createElementNS(svg.namespaceURI, 'text');
    Object.entries({ x: i * 40 + 6, y: 96 - height }).forEach(([k, v]) => value.setAttribute(k, v));
    value.textContent = values[i];
    svg.append(bar, label, value);
  });
  return h('figure', { class: 'panel' }, h('figcaption', {}, title), svg);
}
