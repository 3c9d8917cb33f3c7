// One care episode: the patient, its deadlines, the messages received, the SIP's versions and the deliveries.
import { api } from '../api.js';
import { CLOCKS, EPISODE, KINDS, STATES, patient, when } from '../format.js';
import { h, main, table } from '../page.js';
import { deliveryTable } from './deliveries.js';

export async function episodePage(params, episodeId) {
  const form = h('form', { class: 'filters', role: 'search' },
    h('label', {}, 'Vårdtillfälle', h('input', { name: 'episode', required: true, value: episodeId ?? '' })),
    h('button', { type: 'submit' }, 'Visa'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/episode/${encodeURIComponent(new FormData(form).get('episode'))}`;
  });
  main.replaceChildren(h('h2', {}, 'Vårdtillfälle'), form);
  if (!episodeId) return;
  const [episode, deliveries, plans] = await Promise.all([
    api(`/api/episodes/${encodeURIComponent(episodeId)}`),
    api(`/api/deliveries?episodeId=${encodeURIComponent(episodeId)}&limit=500`),
    api(`/api/plans?episodeId=${encodeURIComponent(episodeId)}`),
  ]);
  main.append(
    h('dl', { class: 'panel' },
      h('dt', {}, 'Patient'), h('dd', {}, patient(episode.patient)),
      h('dt', {}, 'Status'), h('dd', {}, EPISODE[episode.status] ?? episode.status),
      h('dt', {}, 'Kommun'), h('dd', {}, episode.municipalityCode ?? '–'),
      h('dt', {}, 'Planerat utskrivningsdatum'), h('dd', {}, episode.expectedDischargeDate ?? '–'),
      h('dt', {}, 'Fast vårdkontakt'), h('dd', {}, episode.careContact ? `${episode.careContact.name}, ${episode.careContact.unitName}` : '–')),
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-label': 'Tidsfrister' }, h('h2', {}, 'Tidsfrister'), table([
        ['Tidsfrist', (c) => CLOCKS[c.clock] ?? c.clock], ['Status', (c) => STATES[c.state] ?? c.state],
        ['Förfaller', (c) => when(c.dueAt)], ['Not', (c) => c.note ?? ''],
      ], episode.clocks, (c) => c.state)),
      h('section', { class: 'panel', 'aria-label': 'Händelser' }, h('h2', {}, 'Händelser'), table([
        ['Meddelande', (t) => KINDS[t.kind] ?? t.kind], ['Avsändare', (t) => t.sender], ['Tid', (t) => when(t.occurredAt)],
        ['Mottaget', (t) => when(t.receivedAt)],
        ['Not', (t) => [...(t.ignored ? ['Räknas inte: avsändaren får inte skicka detta för vårdtillfället'] : []), ...t.notes].join('; ')],
      ], episode.timeline))),
    h('section', { class: 'panel', 'aria-label': 'Planer' }, h('h2', {}, 'SIP och planversioner'), table([
      ['Plan', (p) => h('a', { href: `#/plans/${encodeURIComponent(p.planId)}` }, p.planId)], ['Gällande version', (p) => p.version], ['Status', (p) => p.status],
      ['Versioner', (p) => p.versions.map((v) => `v${v.version} ${when(v.receivedAt)}`).join(', ')],
    ], plans)),
    h('section', { class: 'panel', 'aria-label': 'Leveranser' }, h('h2', {}, 'Leveranser'), deliveryTable(deliveries)));
}
