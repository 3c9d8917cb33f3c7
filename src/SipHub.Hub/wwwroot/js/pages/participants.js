// The participants, their channels and how their deliveries fare.
import { api } from '../api.js';
import { when } from '../format.js';
import { h, main, table } from '../page.js';

export async function participantsPage() {
  const rows = await api('/api/participants');
  main.replaceChildren(h('h2', {}, 'Deltagare och deras journalsystem'), table([
    ['HSA-id', (p) => p.hsaId], ['Organisation', (p) => p.organisation], ['Typ', (p) => p.type],
    ['Kommun', (p) => p.municipalityCode ?? '–'], ['Kanal', (p) => (p.channel === 'fhir-rest' ? `FHIR REST ${p.endpoint}` : 'AMQP-kö')],
    ['Senast mottagen leverans', (p) => when(p.health.lastAcceptedAt)],
    ['Ej skickade', (p) => p.health.unsent], ['Väntar på kvittens', (p) => p.health.awaitingReceipt],
  ], rows, (p) => (p.health.unsent > 0 ? 'warning' : '')));
}
