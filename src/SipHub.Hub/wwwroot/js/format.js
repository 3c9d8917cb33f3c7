// The API's codes, instants and patients as the page writes them, in Swedish.
import { h } from './page.js';

export const CLOCKS = {
  'admission-notice': 'Inskrivningsmeddelande', 'care-contact': 'Fast vårdkontakt', 'sip-invitation': 'Kallelse till SIP',
  'payment-liability': 'Betalningsansvar', 'sip-follow-up': 'Uppföljning av SIP', 'sip-start': 'Start av SIP-arbetet',
  'sip-consent': 'Samtycke till SIP', 'sip-plan': 'SIP (avvikelse)', 'delivery-receipt': 'Kvittens',
};
export const STATES = {
  running: 'pågår', paused: 'pausad', breached: 'överskriden', met: 'i tid', 'met-late': 'försenad', cancelled: 'makulerad',
  liable: 'betalningsansvar', suspended: 'vilande', ended: 'avslutad', 'not-started': 'ej startad',
};
export const LEVELS = {
  warning: 'varning', breached: 'överskriden', met: 'i tid', 'met-late': 'försenad', cancelled: 'makulerad', retracted: 'återkallat larm',
  deviation: 'avvikelse',
};
export const EPISODE = {
  'awaiting-admission-notice': 'väntar på inskrivningsmeddelande', admitted: 'inskriven', 'discharge-ready': 'utskrivningsklar',
  discharged: 'utskriven', cancelled: 'makulerad',
};
export const PLAN = { active: 'aktiv', completed: 'avslutad', revoked: 'återkallad' };
export const DELIVERY = { pending: 'väntar', sent: 'skickad, ingen kvittens', accepted: 'mottagen', rejected: 'avvisad', failed: 'misslyckad' };
export const KINDS = {
  'admission-notice': 'inskrivningsmeddelande', 'discharge-date-changed': 'ändrat utskrivningsdatum', 'care-contact-appointed': 'fast vårdkontakt',
  'discharge-ready': 'utskrivningsklar', 'discharge-ready-withdrawn': 'utskrivningsklar återtagen', 'discharge-notice': 'utskrivning',
  'episode-cancelled': 'makulering', 'sip-invitation': 'kallelse', 'sip-plan': 'SIP', 'consent-withdrawn': 'återkallat samtycke',
  'delivery-receipt': 'kvittens', 'sip-request': 'begäran om SIP', 'sip-request-withdrawn': 'begäran om SIP återtagen',
  'sip-plan-document': 'familjens kopia av SIP',
};

const time = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Stockholm' });

export const when = (iso) => (iso ? time.format(new Date(iso)) : '–');

export function countdown(iso) {
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

// A patient under protected identity is shown by birth year and a marker only; the API never sends the name.
export function patient(p) {
  if (!p) return 'okänd (inget inskrivningsmeddelande)';
  const born = p.id.slice(0, 4);
  if (p.protectedIdentity) return h('span', {}, `Född ${born} `, h('span', { class: 'protected badge' }, 'Skyddad identitet'));
  return `${p.name ?? ''} (${p.id})`;
}
