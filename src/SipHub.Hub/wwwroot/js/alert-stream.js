// Live alerts: server-sent events over fetch, so the API key travels in a header.
import { headers } from './api.js';
import { h } from './page.js';
import { CLOCKS, LEVELS, when } from './format.js';

const alerts = new Map(); // alertId → alert, the 200 newest
const retractions = new Map(); // alertId of a breach → the retracted alert that takes it back
let lastEventId = null;
let listener = null; // the page to refresh when a new alert comes (the deadlines page), or null

export function onNewAlert(callback) {
  listener = callback;
}

export async function connectStream() {
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
  if (remember(JSON.parse(data)) && listener) listener();
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

// The list as the deadlines page shows it; remember() keeps it current while it is on the page.
export function liveAlerts() {
  return h('ul', { id: 'live-alerts', 'aria-live': 'polite', 'aria-label': 'Senaste larm' }, [...alerts.values()].sort((a, b) => (newer(a, b) ? -1 : 1)).map(alertItem));
}

function alertItem(alert) {
  const what = [h('strong', {}, `${CLOCKS[alert.clock] ?? alert.clock}: ${LEVELS[alert.level] ?? alert.level}`), ' – ', alert.text];
  const retraction = retractions.get(alert.alertId) ?? (alert.retractedBy ? { text: 'Larmet är återkallat.', raisedAt: alert.retractedAt } : null);
  if (!retraction) return h('li', { class: alert.level, 'data-id': alert.alertId }, ...what, ' ', h('span', { class: 'muted' }, when(alert.raisedAt)));
  return h('li', { class: `${alert.level} retracted`, 'data-id': alert.alertId },
    h('del', {}, ...what), ' ', h('span', { class: 'muted' }, when(alert.raisedAt)),
    h('span', { class: 'why' }, `Återkallat ${when(retraction.raisedAt)}: ${retraction.text}`));
}
