// Messages the hub set aside instead of taking in, with running them again once what stopped them is fixed.
import { api } from '../api.js';
import { KINDS, when } from '../format.js';
import { h, main, reload, table, toast } from '../page.js';

export async function setAsidePage(params) {
  const status = params.get('status') ?? 'open';
  const rows = await api(`/api/set-aside?status=${encodeURIComponent(status)}&limit=500`);
  const form = h('form', { class: 'filters' },
    h('label', {}, 'Status', h('select', { name: 'status' },
      [['open', 'öppna'], ['replayed', 'körda igen'], ['discarded', 'kasserade']].map(([value, label]) => h('option', { value, selected: value === status }, label)))),
    h('button', { type: 'submit' }, 'Visa'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/set-aside?${new URLSearchParams([...new FormData(form)])}`;
  });
  const bulk = status === 'open' && rows.length
    ? h('button', { type: 'button', onclick: () => api('/api/set-aside/replay', { method: 'POST' })
      .then((r) => { toast(`${r.replayed} togs emot, ${r.stillRefused} avvisades igen.`); reload(); }).catch((e) => toast(e.message)) }, `Kör om alla (${rows.length})`)
    : '';
  main.replaceChildren(h('h2', {}, 'Avvisade meddelanden'), form, bulk, table([
    ['Mottaget', (r) => when(r.receivedAt)],
    ['Meddelande', (r) => KINDS[r.kind] ?? r.kind ?? '–'],
    ['Kod', (r) => h('code', {}, r.code)],
    ['Orsak', (r) => r.reason],
    ['Avsändare', (r) => r.principal ?? '–'],
    ['Åtgärdad', (r) => (r.resolvedBy ? `${r.resolvedBy} ${when(r.resolvedAt)}` : '')],
    ['', (r) => r.status !== 'open' ? '' : h('button', { type: 'button', class: 'secondary', 'aria-label': `Kör om meddelande ${r.messageId ?? r.id}`,
      onclick: () => api(`/api/set-aside/${r.id}/replay`, { method: 'POST' }).then(() => { toast('Meddelandet togs emot.'); reload(); }).catch((e) => toast(e.message)) }, 'Kör om')],
  ], rows));
}
