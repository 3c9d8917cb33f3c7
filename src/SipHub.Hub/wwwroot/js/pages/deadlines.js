// Open deadlines with their countdowns, and the latest alerts; a viewer's work list keeps both to their unit.
import { api, me } from '../api.js';
import { liveAlerts, onNewAlert } from '../alert-stream.js';
import { CLOCKS, STATES, countdown, when } from '../format.js';
import { failure, h, main, subjectLink, table } from '../page.js';

export async function deadlinesPage(params) {
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filtrera tidsfrister' },
    h('label', {}, 'Region (länskod)', h('input', { name: 'region', inputmode: 'numeric', size: 4, value: params.get('region') ?? '' })),
    h('label', {}, 'Kommun (kommunkod)', h('input', { name: 'municipality', inputmode: 'numeric', size: 6, value: params.get('municipality') ?? '' })),
    h('label', {}, 'Ansvarig enhet (HSA-id)',
      h('input', { name: 'responsible', size: 20, value: me.workList ?? params.get('responsible') ?? '', disabled: Boolean(me.workList) })),
    h('label', {}, 'Tidsfrist', h('select', { name: 'clock' }, h('option', { value: '' }, 'alla'),
      Object.entries(CLOCKS).map(([value, label]) => h('option', { value, selected: params.get('clock') === value }, label)))),
    h('button', { type: 'submit' }, 'Filtrera'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
    location.hash = `#/deadlines?${query}`;
  });
  const holder = h('div', { id: 'deadline-table' });
  main.replaceChildren(
    me.workList ? h('p', { class: 'worklist', id: 'work-list' }, `Min arbetslista: tidsfrister och larm som enhet ${me.workList} ansvarar för.`) : '',
    h('h2', {}, 'Senaste larm'),
    liveAlerts(),
    h('h2', {}, 'Öppna tidsfrister'), form, holder);

  const load = async () => {
    const query = new URLSearchParams([...params].filter(([k, v]) => v && ['region', 'municipality', 'responsible', 'clock'].includes(k)));
    query.set('limit', '500');
    const clocks = await api(`/api/clocks?${query}`);
    holder.replaceChildren(table([
      ['Förfaller', (c) => when(c.dueAt)],
      ['Återstår', (c) => countdown(c.dueAt)],
      ['Tidsfrist', (c) => CLOCKS[c.clock] ?? c.clock],
      ['Status', (c) => h('span', { class: 'badge' }, stateOf(c))],
      ['Gäller', subjectLink],
      ['Ansvarig enhet', (c) => c.responsibleHsaId],
      ['Kommun', (c) => c.municipalityCode ?? '–'],
    ], clocks, (c) => (c.state === 'running' && c.warnAt && new Date(c.warnAt) <= Date.now() ? 'warning' : c.state)));
  };
  let pending = null;
  onNewAlert(() => { clearTimeout(pending); pending = setTimeout(() => load().catch(failure), 150); });
  await load();
}

function stateOf(clock) {
  if (clock.state === 'running' && clock.warnAt && new Date(clock.warnAt) <= Date.now()) return 'varning';
  return STATES[clock.state] ?? clock.state;
}
