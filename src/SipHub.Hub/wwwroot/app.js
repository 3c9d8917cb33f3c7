// SipHub's operations dashboard: plain ES modules, no build step. Every figure comes from the hub's API with the
// caller's key; text is always set as text (never as HTML), so nothing a message carries can run here.
// This entry module routes the hash to a page (js/pages), and starts the sign-in and the live alerts.
import { onSignIn, showWho } from './js/api.js';
import { connectStream, onNewAlert } from './js/alert-stream.js';
import { failure, h, main, setRouter } from './js/page.js';
import { compliancePage } from './js/pages/compliance.js';
import { deadlinesPage } from './js/pages/deadlines.js';
import { deliveriesPage } from './js/pages/deliveries.js';
import { episodePage } from './js/pages/episode.js';
import { participantsPage } from './js/pages/participants.js';
import { plansPage } from './js/pages/plans.js';
import { setAsidePage } from './js/pages/set-aside.js';

const PAGES = {
  deadlines: deadlinesPage, episode: episodePage, deliveries: deliveriesPage, 'set-aside': setAsidePage,
  compliance: compliancePage, participants: participantsPage, plans: plansPage,
};

async function route() {
  const [path, search] = (location.hash.slice(2) || 'deadlines').split('?');
  const [page, ...rest] = path.split('/');
  const render = PAGES[page] ?? deadlinesPage;
  onNewAlert(null);
  document.querySelectorAll('nav a').forEach((a) => a.toggleAttribute('aria-current', false));
  document.querySelector(`nav a[data-page="${PAGES[page] ? page : 'deadlines'}"]`)?.setAttribute('aria-current', 'page');
  main.replaceChildren(h('p', { class: 'muted' }, 'Hämtar…'));
  try {
    await render(new URLSearchParams(search ?? ''), rest.length ? decodeURIComponent(rest.join('/')) : undefined);
  } catch (error) {
    failure(error);
  }
}

setRouter(route);
onSignIn(() => {
  showWho().finally(route);
  connectStream();
});
window.addEventListener('hashchange', route);
// Who the page talks as first: a viewer's work list shapes the deadlines page.
showWho().finally(route);
connectStream();
