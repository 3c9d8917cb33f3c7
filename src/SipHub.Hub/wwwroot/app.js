// SipHub's operations dashboard: plain ES modules, no build step. Every figure comes from the hub's API with the
// caller's key; text is always set as text (never as HTML), so nothing a message carries can run here.

const CLOCKS = {
  'admission-notice': 'Inskrivningsmeddelande', 'care-contact': 'Fast vårdkontakt', 'sip-invitation': 'Kallelse till SIP',
  'payment-liability': 'Betalningsansvar', 'sip-follow-up': 'Uppföljning av SIP', 'delivery-receipt': 'Kvittens',
};
const STATES = {
  running: 'pågår', paused: 'pausad', breached: 'överskriden', met: 'i tid', 'met-late': 'försenad', cancelled: 'makulerad',
  liable: 'betalningsansvar', suspended: 'vilande', ended: 'avslutad', 'not-started': 'ej startad',
};
const LEVELS = {
  warning: 'varning', breached: 'överskriden', met: 'i tid', 'met-late': 'försenad', cancelled: 'makulerad', retracted: 'återkallat larm',
  deviation: 'avvikelse',
};
const EPISODE = {
  'awaiting-admission-notice': 'väntar på inskrivningsmeddelande', admitted: 'inskriven', 'discharge-ready': 'utskrivningsklar',
  discharged: 'utskriven', cancelled: 'makulerad',
};
const DELIVERY = { pending: 'väntar', sent: 'skickad, ingen kvittens', accepted: 'mottagen', rejected: 'avvisad', failed: 'misslyckad' };
const KINDS = {
  'admission-notice': 'inskrivningsmeddelande', 'discharge-date-changed': 'ändrat utskrivningsdatum', 'care-contact-appointed': 'fast vårdkontakt',
  'discharge-ready': 'utskrivningsklar', 'discharge-ready-withdrawn': 'utskrivningsklar återtagen', 'discharge-notice': 'utskrivning',
  'episode-cancelled': 'makulering', 'sip-invitation': 'kallelse', 'sip-plan': 'SIP', 'consent-withdrawn': 'återkallat samtycke',
  'delivery-receipt': 'kvittens',
};

const main = document.getElementById('main');
const time = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Stockholm' });
const alerts = new Map(); // alertId → alert, the 200 newest
const retractions = new Map(); // alertId of a breach → the retracted alert that takes it back
let lastEventId = null;
let me = {}; // who the page talks as (/api/me); workList: the unit a signed-in viewer's lists are kept to
let refreshDeadlines = null;

// ---- HTTP -------------------------------------------------------------------------------------------------------

function headers() {
  const key = sessionStorage.getItem('siphub-key');
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...headers(), ...(options.headers || {}) } });
  if (response.status === 401) {
    await showSignIn();
    throw new Error('Logga in för att se uppgifterna.');
  }
  if (response.status === 403) throw new Error('Din roll får inte göra detta.');
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `Fel ${response.status}`);
  }
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

// People sign in through the region's identity provider when the hub has one; a key typed here works too.
async function showSignIn() {
  const me = await fetch('/api/me', { headers: headers() }).then((r) => r.json()).catch(() => ({}));
  document.getElementById('sign-in').hidden = me.signIn !== 'oidc';
  document.getElementById('key-form').hidden = false;
}

async function showWho() {
  me = await fetch('/api/me', { headers: headers() }).then((r) => r.json()).catch(() => ({}));
  document.getElementById('who').textContent = me.name ? `${me.name} (${me.role}${me.workList ? `, ${me.workList}` : ''})` : '';
}

document.getElementById('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem('siphub-key', document.getElementById('api-key').value);
  document.getElementById('key-form').hidden = true;
  document.getElementById('sign-in').hidden = true;
  showWho().finally(route);
  connectStream();
});

function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

// ---- DOM helpers ------------------------------------------------------------------------------------------------

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) element.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  return element;
}

function table(columns, rows, rowClass = () => '') {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, rows.length ? rows.map((row) => h('tr', { class: rowClass(row) }, columns.map(([, cell]) => h('td', {}, cell(row)))))
      : h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'Inget att visa.'))));
}

const when = (iso) => (iso ? time.format(new Date(iso)) : '–');

function countdown(iso) {
  return h('span', { 'data-due': iso }, remaining(iso));
}

function remaining(iso) {
  const ms = new Date(iso) - Date.now();
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86400000), hh = Math.floor(abs / 3600000) % 24, mm = Math.floor(abs / 60000) % 60, ss = Math.floor(abs / 1000) % 60;
  const text = d > 0 ? `${d} d ${hh} h ${mm} min` : hh > 0 ? `${hh} h ${mm} min` : `${mm} min ${ss} s`;
  return ms >= 0 ? `om ${text}` : `${text} sedan`;
}

setInterval(() => document.querySelectorAll('[data-due]').forEach((e) => { e.textContent = remaining(e.dataset.due); }), 1000);

function failure(error) {
  main.replaceChildren(h('p', { class: 'late', role: 'alert' }, error.message));
}

// A patient under protected identity is shown by birth year and a marker only; the API never sends the name.
function patient(p) {
  if (!p) return 'okänd (inget inskrivningsmeddelande)';
  const born = p.id.slice(0, 4);
  if (p.protectedIdentity) return h('span', {}, `Född ${born} `, h('span', { class: 'protected badge' }, 'Skyddad identitet'));
  return `${p.name ?? ''} (${p.id})`;
}

// ---- Live alerts (server-sent events over fetch, so the API key travels in a header) ------------------------------

async function connectStream() {
  const status = document.getElementById('stream-status');
  if (connectStream.running) return;
  connectStream.running = true;
  while (true) {
    try {
      await loadRecentAlerts();
      const response = await fetch('/api/alerts/stream', { headers: { ...headers(), ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) } });
      if (response.status === 401 || response.status === 403) { status.textContent = 'Larm: ej inloggad'; break; }
      status.textContent = '● Larm i realtid';
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          onEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch { /* network gone: reconnect below */ }
    status.textContent = '○ Larm: återansluter…';
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  connectStream.running = false;
}

function onEvent(block) {
  let id = null, data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (!data) return;
  lastEventId = id;
  if (remember(JSON.parse(data)) && refreshDeadlines) refreshDeadlines();
}

// The latest alerts when the page opens, then the stream from the newest of them on (it sends what came since).
// Until that has worked (not signed in yet, the network), it is tried again before each connection.
async function loadRecentAlerts() {
  if (lastEventId !== null) return;
  try {
    const response = await fetch('/api/alerts?limit=50', { headers: headers() });
    if (!response.ok) return;
    const recent = await response.json();
    recent.forEach(remember);
    if (recent.length) lastEventId = recent[0].alertId; // newest first
  } catch { /* the stream's own attempt says what is wrong */ }
}

// As the API orders them: by when raised, to the stored precision, then by id. Date.parse stops at milliseconds, and a
// sweep raises many alerts within one, so the digits after those compare as text of equal length.
function newer(a, b) {
  const milliseconds = Date.parse(a.raisedAt) - Date.parse(b.raisedAt);
  if (milliseconds !== 0) return milliseconds > 0;
  const [finerA, finerB] = [belowMillisecond(a.raisedAt), belowMillisecond(b.raisedAt)];
  return finerA > finerB || (finerA === finerB && a.alertId > b.alertId);
}

function belowMillisecond(instant) {
  return (/\.\d{3}(\d*)/.exec(instant)?.[1] ?? '').padEnd(7, '0');
}

// Kept newest first by when they were raised, whatever order they come in (a reconnect sends some older ones again).
function remember(alert) {
  if (alerts.has(alert.alertId)) return false;
  alerts.set(alert.alertId, alert);
  const list = document.getElementById('live-alerts');
  // A breach that proved wrong stays in the list, struck out with why, so nobody acts on it.
  if (alert.retracts) {
    retractions.set(alert.retracts, alert);
    list?.querySelector(`li[data-id="${CSS.escape(alert.retracts)}"]`)?.replaceWith(alertItem(alerts.get(alert.retracts)));
  }
  if (alerts.size > 200) {
    const oldest = [...alerts.values()].reduce((a, b) => (newer(a, b) ? b : a));
    alerts.delete(oldest.alertId);
    if (oldest === alert) return false;
    list?.querySelector(`li[data-id="${CSS.escape(oldest.alertId)}"]`)?.remove();
  }
  if (list) list.insertBefore(alertItem(alert), [...list.children].find((li) => newer(alert, alerts.get(li.dataset.id))) ?? null);
  return true;
}

function alertItem(alert) {
  const what = [h('strong', {}, `${CLOCKS[alert.clock] ?? alert.clock}: ${LEVELS[alert.level] ?? alert.level}`), ' – ', alert.text];
  const retraction = retractions.get(alert.alertId) ?? (alert.retractedBy ? { text: 'Larmet är återkallat.', raisedAt: alert.retractedAt } : null);
  if (!retraction) return h('li', { class: alert.level, 'data-id': alert.alertId }, ...what, ' ', h('span', { class: 'muted' }, when(alert.raisedAt)));
  return h('li', { class: `${alert.level} retracted`, 'data-id': alert.alertId },
    h('del', {}, ...what), ' ', h('span', { class: 'muted' }, when(alert.raisedAt)),
    h('span', { class: 'why' }, `Återkallat ${when(retraction.raisedAt)}: ${retraction.text}`));
}

// ---- Pages ------------------------------------------------------------------------------------------------------

async function deadlinesPage(params) {
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
    h('ul', { id: 'live-alerts', 'aria-live': 'polite', 'aria-label': 'Senaste larm' }, [...alerts.values()].sort((a, b) => (newer(a, b) ? -1 : 1)).map(alertItem)),
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
      ['Vårdtillfälle', (c) => h('a', { href: `#/episode/${encodeURIComponent(c.episodeId)}` }, c.episodeId)],
      ['Ansvarig enhet', (c) => c.responsibleHsaId],
      ['Kommun', (c) => c.municipalityCode ?? '–'],
    ], clocks, (c) => (c.state === 'running' && c.warnAt && new Date(c.warnAt) <= Date.now() ? 'warning' : c.state)));
  };
  let pending = null;
  refreshDeadlines = () => { clearTimeout(pending); pending = setTimeout(() => load().catch(failure), 150); };
  await load();
}

function stateOf(clock) {
  if (clock.state === 'running' && clock.warnAt && new Date(clock.warnAt) <= Date.now()) return 'varning';
  return STATES[clock.state] ?? clock.state;
}

async function episodePage(params, episodeId) {
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
      ['Plan', (p) => p.planId], ['Gällande version', (p) => p.version], ['Status', (p) => p.status],
      ['Versioner', (p) => p.versions.map((v) => `v${v.version} ${when(v.receivedAt)}`).join(', ')],
    ], plans)),
    h('section', { class: 'panel', 'aria-label': 'Leveranser' }, h('h2', {}, 'Leveranser'), deliveryTable(deliveries, () => route())));
}

function deliveryTable(deliveries, after) {
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
          .then(() => { toast('Leveransen skickas om.'); after(); }).catch((e) => toast(e.message)) }, 'Skicka om')
      : '')],
  ], deliveries, (d) => (['failed', 'rejected'].includes(d.status) ? 'breached' : ''));
}

async function deliveriesPage(params) {
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
      .then((r) => { toast(`${r.retried} leveranser skickas om.`); route(); }).catch((e) => toast(e.message)) }, `Skicka om alla (${deliveries.length})`)
    : '';
  main.replaceChildren(h('h2', {}, 'Leveranser'), form, bulk, deliveryTable(deliveries, () => route()));
}

async function setAsidePage(params) {
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
      .then((r) => { toast(`${r.replayed} togs emot, ${r.stillRefused} avvisades igen.`); route(); }).catch((e) => toast(e.message)) }, `Kör om alla (${rows.length})`)
    : '';
  main.replaceChildren(h('h2', {}, 'Avvisade meddelanden'), form, bulk, table([
    ['Mottaget', (r) => when(r.receivedAt)],
    ['Meddelande', (r) => KINDS[r.kind] ?? r.kind ?? '–'],
    ['Kod', (r) => h('code', {}, r.code)],
    ['Orsak', (r) => r.reason],
    ['Avsändare', (r) => r.principal ?? '–'],
    ['Åtgärdad', (r) => (r.resolvedBy ? `${r.resolvedBy} ${when(r.resolvedAt)}` : '')],
    ['', (r) => r.status !== 'open' ? '' : h('button', { type: 'button', class: 'secondary', 'aria-label': `Kör om meddelande ${r.messageId ?? r.id}`,
      onclick: () => api(`/api/set-aside/${r.id}/replay`, { method: 'POST' }).then(() => { toast('Meddelandet togs emot.'); route(); }).catch((e) => toast(e.message)) }, 'Kör om')],
  ], rows));
}

async function compliancePage(params) {
  const form = h('form', { class: 'filters' },
    h('label', {}, 'Från månad', h('input', { name: 'from', type: 'month', value: params.get('from') ?? '' })),
    h('label', {}, 'Till månad', h('input', { name: 'to', type: 'month', value: params.get('to') ?? '' })),
    h('label', {}, 'Per', h('select', { name: 'by' },
      h('option', { value: 'municipality', selected: params.get('by') !== 'region' }, 'kommun'),
      h('option', { value: 'region', selected: params.get('by') === 'region' }, 'region'))),
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
      chart('Betalningsansvar, dagar', rows, (r) => r.liableDays)),
    table([
      ['Område', (r) => r.area], ['Månad', (r) => r.month],
      ['Inskrivningsmeddelanden inom 24 h', (r) => `${r.admissionNoticesOnTime} av ${r.admissionNotices} (${pct(r.admissionNoticesOnTimePercent)})`],
      ['Kallelser i tid', (r) => `${r.invitationsOnTime} av ${r.invitations} (${pct(r.invitationsOnTimePercent)})`],
      ['Median utskrivningsklar → kallelse', (r) => (r.medianHoursToInvitation == null ? '–' : `${String(r.medianHoursToInvitation).replace('.', ',')} h`)],
      ['SIP barn', (r) => r.sipsChildren], ['SIP vuxna', (r) => r.sipsAdults],
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

async function participantsPage() {
  const rows = await api('/api/participants');
  main.replaceChildren(h('h2', {}, 'Deltagare och deras journalsystem'), table([
    ['HSA-id', (p) => p.hsaId], ['Organisation', (p) => p.organisation], ['Typ', (p) => p.type],
    ['Kommun', (p) => p.municipalityCode ?? '–'], ['Kanal', (p) => (p.channel === 'fhir-rest' ? `FHIR REST ${p.endpoint}` : 'AMQP-kö')],
    ['Senast mottagen leverans', (p) => when(p.health.lastAcceptedAt)],
    ['Ej skickade', (p) => p.health.unsent], ['Väntar på kvittens', (p) => p.health.awaitingReceipt],
  ], rows, (p) => (p.health.unsent > 0 ? 'warning' : '')));
}

// ---- Routing ----------------------------------------------------------------------------------------------------

const PAGES = {
  deadlines: deadlinesPage, episode: episodePage, deliveries: deliveriesPage, 'set-aside': setAsidePage,
  compliance: compliancePage, participants: participantsPage,
};

async function route() {
  const [path, search] = (location.hash.slice(2) || 'deadlines').split('?');
  const [page, ...rest] = path.split('/');
  const render = PAGES[page] ?? deadlinesPage;
  refreshDeadlines = null;
  document.querySelectorAll('nav a').forEach((a) => a.toggleAttribute('aria-current', false));
  document.querySelector(`nav a[data-page="${PAGES[page] ? page : 'deadlines'}"]`)?.setAttribute('aria-current', 'page');
  main.replaceChildren(h('p', { class: 'muted' }, 'Hämtar…'));
  try {
    await render(new URLSearchParams(search ?? ''), rest.length ? decodeURIComponent(rest.join('/')) : undefined);
  } catch (error) {
    failure(error);
  }
}

window.addEventListener('hashchange', route);
// Who the page talks as first: a viewer's work list shapes the deadlines page.
showWho().finally(route);
connectStream();
