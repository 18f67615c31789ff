// Shopper events for trackEvents: queued in localStorage, sent in batches, retried with the SAME ids until the
// server has answered, so a batch whose answer was lost is counted as duplicates there, never stored twice.
// Consent: browsing events (VIEW, SEARCH, CLICK) are sent only with analytics consent; cart and order events are
// what the shop needs to run (carts, orders, points) and are always sent. For a signed-in shopper who withheld
// analytics the server also strips the customer link (Governance), so both sides honour the choice.
import { apiHeaders, loadConfig } from './api.js';
import { state, newId } from './state.js';

const OUTBOX = 'hp.outbox';
const BROWSING = new Set(['VIEW', 'SEARCH', 'CLICK']);
const MAX_BATCH = 50;
const FLUSH_DELAY_MS = 800;
const MAX_BACKOFF_MS = 30_000;

const MUTATION = 'mutation TrackEvents($events: [EventInput!]!) { trackEvents(events: $events) { accepted duplicates rejected errors { index message } } }';

let timer = null;
let sending = false;
let backoff = 1000;

/** What the tracker did since the page loaded (shown to tests and developers as window.hpTracking). */
export const stats = { queued: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0, retries: 0, skippedForConsent: 0 };
globalThis.hpTracking = stats;

function outbox() { try { return JSON.parse(localStorage.getItem(OUTBOX) ?? '[]'); } catch { return []; } }
function saveOutbox(events) { try { localStorage.setItem(OUTBOX, JSON.stringify(events)); } catch { /* full or private */ } }

function device() {
  const w = globalThis.innerWidth ?? 1024;
  return w < 700 ? 'mobile' : w < 1100 ? 'tablet' : 'desktop';
}

/**
 * Queues one event. `fields`: productId, quantity, price, query, orderId, recommendationId.
 * Returns the event (with its id), or null when consent does not allow it.
 */
export function track(type, fields = {}) {
  if (BROWSING.has(type) && !state.allows('analytics')) { stats.skippedForConsent++; return null; }
  const event = {
    id: newId('ev-'),
    type,
    sessionId: state.sessionId,
    occurredAt: new Date().toISOString(),
    context: { device: device(), referrer: document.referrer ? new URL(document.referrer).hostname.slice(0, 200) : 'direct' },
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== '')),
  };
  if (state.customerId) event.customerId = state.customerId;
  saveOutbox([...outbox(), event]);
  stats.queued++;
  schedule(FLUSH_DELAY_MS);
  return event;
}

function schedule(ms) {
  if (timer) return;
  timer = setTimeout(() => { timer = null; flush(); }, ms);
}

/** Sends what is queued now. `keepalive` lets a batch leave while the page unloads. */
export async function flush({ keepalive = false } = {}) {
  if (sending) return;
  const batch = outbox().slice(0, MAX_BATCH);
  if (batch.length === 0) return;
  sending = true;
  try {
    const config = await loadConfig();
    const response = await fetch(config.graphql, {
      method: 'POST', headers: apiHeaders(), keepalive,
      body: JSON.stringify({ operationName: 'TrackEvents', query: MUTATION, variables: { events: batch } }),
    });
    if (response.status >= 500 || response.status === 429) throw new Error('server busy: ' + response.status);
    const body = await response.json();
    const result = body.data?.trackEvents;
    if (!result) {
      // A token that expired between queueing and sending: resend the same events anonymously.
      if (body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') { state.signOut(); throw new Error('signed out'); }
      if (body.errors?.[0]?.extensions?.code === 'INTERNAL') throw new Error('server error');
      // Anything else (the batch as a whole was refused) would fail again: drop it rather than loop.
      console.warn('trackEvents refused the batch', body.errors);
    } else {
      stats.sent += batch.length;
      stats.accepted += result.accepted;
      stats.duplicates += result.duplicates;
      stats.rejected += result.rejected;
      if (result.rejected) console.warn('trackEvents rejected events', result.errors);
    }
    const done = new Set(batch.map(e => e.id));
    saveOutbox(outbox().filter(e => !done.has(e.id)));
    backoff = 1000;
    sending = false;
    if (outbox().length) schedule(0);
  } catch (error) {
    // Network error, lost answer or server trouble: keep the batch, same ids, and try again later.
    stats.retries++;
    sending = false;
    schedule(backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}

addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush({ keepalive: true }); });
addEventListener('pagehide', () => flush({ keepalive: true }));
addEventListener('online', () => flush());
// Events left from an earlier visit (closed tab, offline) go out now.
schedule(FLUSH_DELAY_MS);
