// What every page builds with: elements, tables, messages, and showing the current page anew.

export const main = document.getElementById('main');

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) element.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  return element;
}

// What a clock or an alert is about: its episode, its plan (a follow-up) or its SIP request.
export function subjectLink(item) {
  if (item.planId) return h('a', { href: `#/plans/${encodeURIComponent(item.planId)}` }, `SIP ${item.planId}`);
  if (item.requestId) return `Begäran ${item.requestId}`;
  return item.episodeId ? h('a', { href: `#/episode/${encodeURIComponent(item.episodeId)}` }, item.episodeId) : '–';
}

export function table(columns, rows, rowClass = () => '') {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, rows.length ? rows.map((row) => h('tr', { class: rowClass(row) }, columns.map(([, cell]) => h('td', {}, cell(row)))))
      : h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'Inget att visa.'))));
}

export function toast(text) {
  const box = document.getElementById('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

export function failure(error) {
  main.replaceChildren(h('p', { class: 'late', role: 'alert' }, error.message));
}

// The router is app.js's, which imports the pages; it is handed over here so that pages need not import it back.
let router = () => {};

export function setRouter(route) {
  router = route;
}

// After an action changed what the page lists.
export function reload() {
  router();
}
