// Deliveries to the participants' systems, by status, with sending again what failed or was rejected.
import { api } from '../api.js';
import { DELIVERY, KINDS, when } from '../format.js';
import { h, main, reload, table, toast } from '../page.js';

// The episode page lists its deliveries the same way.
export function deliveryTable(deliveries) {
  return table([
    ['Mottagare', (d) => d.recipient],
    ['Meddelande', (d) => KINDS[d.kind] ?? d.kind],
    ['Status', (d) => h('span', { class: 'badge' }, DELIVERY[d.status] ?? d.status)],
    ['Skapad', (d) => when(d.createdAt)],
    ['Orsak', (d) => d.receipt?.reason ?? d.lastError ?? ''],
    ['Omskickad', (d) => (d.retried ? `${d.retried.by} ${when(d.retried.at)}` : '')],
    ['', (d) => (['failed', 'rejected'].includes(d.status)
      ? h('button', { type: 'button', class: 'secondary', 'aria-label': `Skicka om leverans ${d.deliveryId}`,
        onclick: () => api(`/api/deliveries/${encodeURIComponent(d.deliveryId)}/retry`, { method: 'POST' })
          .then(() => { toast('Leveransen skickas om.'); reload(); }).catch((e) => toast(e.message)) }, 'Skicka om')
      : '')],
  ], deliveries, (d) => (['failed', 'rejected'].includes(d.status) ? 'breached' : ''));
}

export async function deliveriesPage(params) {
  const status = params.get('status') ?? 'failed';
  const form = h('form', { class: 'filters' },
    h('label', {}, 'Status', h('select', { name: 'status' },
      Object.entries(DELIVERY).map(([value, label]) => h('option', { value, selected: value === status }, label)))),
    h('label', {}, 'Mottagare (HSA-id)', h('input', { name: 'recipient', value: params.get('recipient') ?? '' })),
    h('button', { type: 'submit' }, 'Visa'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/deliveries?${new URLSearchParams([...new FormData(form)].filter(([, v]) => v))}`;
  });
  const query = new URLSearchParams({ status, limit: '500' });
  if (params.get('recipient')) query.set('recipient', params.get('recipient'));
  const deliveries = await api(`/api/deliveries?${query}`);
  const bulk = ['failed', 'rejected'].includes(status)
    ? h('button', { type: 'button', onclick: () => api(`/api/deliveries/retry?${new URLSearchParams([['status', status], ...(params.get('recipient') ? [['recipient', params.get('recipient')]] : [])])}`, { method: 'POST' })
      .then((r) => { toast(`${r.retried} leveranser skickas om.`); reload(); }).catch((e) => toast(e.message)) }, `Skicka om alla (${deliveries.length})`)
    : '';
  main.replaceChildren(h('h2', {}, 'Leveranser'), form, bulk, deliveryTable(deliveries));
}
