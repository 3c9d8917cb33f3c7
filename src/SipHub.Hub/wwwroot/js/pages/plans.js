// Planer: the coordinators' work list of plans (with or without a hospital stay), and one plan with its versions,
// who received which, and its follow-ups. The list names no patient; a plan's page and a search by patient are logged.
import { api, headers, me } from '../api.js';
import { DELIVERY, PLAN, STATES, when } from '../format.js';
import { h, main, table, toast } from '../page.js';

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

export async function plansPage(params, planId) {
  if (planId) return planPage(planId);
  const value = (name) => params.get(name) ?? '';
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filtrera planer' },
    h('label', {}, 'Enhet (HSA-id)', h('input', { name: 'unit', size: 20, value: me.workList ?? value('unit'), disabled: Boolean(me.workList) })),
    h('label', {}, 'Roll', h('select', { name: 'role' },
      h('option', { value: '' }, 'deltar'), h('option', { value: 'lead', selected: value('role') === 'lead' }, 'huvudansvarig'))),
    h('label', {}, 'Kommun (kommunkod)', h('input', { name: 'municipality', inputmode: 'numeric', size: 6, value: value('municipality') })),
    h('label', {}, 'Status', h('select', { name: 'status' }, h('option', { value: '' }, 'alla'),
      Object.entries(PLAN).map(([code, label]) => h('option', { value: code, selected: value('status') === code }, label)))),
    h('label', {}, 'Uppföljning före', h('input', { name: 'followUpBefore', type: 'date', value: value('followUpBefore') })),
    h('label', {}, 'Patient (person- eller samordningsnummer)', h('input', { name: 'patient', size: 14, autocomplete: 'off', value: value('patient') })),
    h('button', { type: 'submit' }, 'Filtrera'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/plans?${new URLSearchParams([...new FormData(form)].filter(([, v]) => v))}`;
  });
  const query = new URLSearchParams([...params].filter(([k, v]) => v
    && ['unit', 'role', 'municipality', 'status', 'followUpBefore', 'patient'].includes(k)));
  query.set('limit', '500');
  const plans = await api(`/api/plans?${query}`);
  main.replaceChildren(
    h('h2', {}, 'Planer'),
    me.workList ? h('p', { class: 'worklist' }, `Planer som enhet ${me.workList} deltar i.`) : '',
    form,
    h('div', { id: 'plan-table' }, table([
      ['Plan', (p) => h('a', { href: `#/plans/${encodeURIComponent(p.planId)}` }, p.planId)],
      ['Status', (p) => h('span', { class: 'badge' }, PLAN[p.status] ?? p.status)],
      ['Version', (p) => p.version],
      ['Nästa uppföljning', (p) => p.followUpOn ?? '–'],
      ['Huvudansvarig enhet', (p) => p.leadHsaId ?? '–'],
      ['Kommun', (p) => p.municipalityCode ?? '–'],
      ['Upprättad', (p) => p.establishedOn ?? '–'],
      ['Vårdtillfälle', (p) => (p.episodeId ? h('a', { href: `#/episode/${encodeURIComponent(p.episodeId)}` }, p.episodeId) : 'inget')],
      ['Versioner', (p) => p.versions.map((v) => `v${v.version} ${when(v.receivedAt)}`).join(', ')],
    ], plans, (p) => (p.followUpOn && p.followUpOn < today() ? 'breached' : ''))));
}

// The family's copy of a version as the units have it, fetched with the caller's key and opened as the file it is.
async function openCopy(planId, version, format) {
  const response = await fetch(`/api/plans/${encodeURIComponent(planId)}/document?version=${version}&format=${format}`, { headers: headers() });
  if (!response.ok) throw new Error(`Kopian kunde inte hämtas (${response.status}).`);
  window.open(URL.createObjectURL(await response.blob()), '_blank', 'noopener');
}

async function planPage(planId) {
  const plan = await api(`/api/plans/${encodeURIComponent(planId)}`);
  main.replaceChildren(
    h('h2', {}, `SIP ${plan.planId}`),
    h('dl', { class: 'panel' },
      h('dt', {}, 'Status'), h('dd', {}, PLAN[plan.status] ?? plan.status),
      h('dt', {}, 'Gällande version'), h('dd', {}, String(plan.version)),
      h('dt', {}, 'Huvudansvarig enhet'), h('dd', {}, plan.leadHsaId ?? '–'),
      h('dt', {}, 'Kommun'), h('dd', {}, plan.municipalityCode ?? '–'),
      h('dt', {}, 'Nästa uppföljning'), h('dd', {}, plan.followUpOn ?? '–'),
      h('dt', {}, 'Vårdtillfälle'),
      h('dd', {}, plan.episodeId ? h('a', { href: `#/episode/${encodeURIComponent(plan.episodeId)}` }, plan.episodeId) : 'inget')),
    h('section', { class: 'panel', 'aria-label': 'Uppföljningar' }, h('h3', {}, 'Uppföljningar'), table([
      ['Datum', (f) => f.date],
      ['Status', (f) => h('span', { class: 'badge' }, STATES[f.state] ?? f.state)],
      ['Påminnelse', (f) => when(f.warnAt)],
      ['Ansvarig enhet', (f) => f.responsibleHsaId],
    ], plan.followUps, (f) => f.state)),
    h('section', { class: 'panel', 'aria-label': 'Versioner' }, h('h3', {}, 'Versioner'), table([
      ['Version', (v) => v.version], ['Mottagen', (v) => when(v.receivedAt)], ['Meddelande', (v) => v.messageId],
      ['Familjens kopia', (v) => ['html', 'pdf'].map((format) => h('button', {
        type: 'button', class: 'secondary', 'aria-label': `Familjens kopia av version ${v.version} som ${format.toUpperCase()}`,
        onclick: () => openCopy(plan.planId, v.version, format).catch((error) => toast(error.message)),
      }, format.toUpperCase()))],
    ], plan.versions)),
    h('section', { class: 'panel', 'aria-label': 'Mottagare' }, h('h3', {}, 'Vem fick vilken version'), table([
      ['Mottagare', (d) => d.recipient], ['Version', (d) => d.version], ['Status', (d) => DELIVERY[d.status] ?? d.status],
      ['Skickad', (d) => when(d.sentAt)],
    ], plan.deliveries)));
}
