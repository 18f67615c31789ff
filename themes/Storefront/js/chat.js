// The assistant as a chat widget. Replies stream from POST /assistant/chat/stream (server-sent events: meta,
// delta chunks, done with the whole reply); the reply has passed the assistant's grounding check before the
// first chunk leaves the server. Product cards come with add-to-cart; "Talk to a human" is always there.
import { apiHeaders, loadConfig, GraphQLError } from './api.js';
import { h, money, addToCart, productHref, messageOf } from './ui.js';
import { state } from './state.js';
import { track } from './tracking.js';

const CONVERSATION = 'hp.conversation';
let busy = false;

function log() { return document.getElementById('chat-log'); }

/** Opens the panel (and focuses the message box). */
export function openChat() {
  const panel = document.getElementById('chat-panel');
  panel.hidden = false;
  document.getElementById('chat-toggle').setAttribute('aria-expanded', 'true');
  document.getElementById('chat-input').focus();
}

function closeChat() {
  document.getElementById('chat-panel').hidden = true;
  const toggle = document.getElementById('chat-toggle');
  toggle.setAttribute('aria-expanded', 'false');
  toggle.focus();
}

/** Sends a message and renders the streamed reply; resolves with the whole reply. */
export async function ask(message) {
  if (busy) return null;
  busy = true;
  openChat();
  log().append(h('div.msg.shopper', {}, h('span.sr-only', {}, 'You: '), message));
  const bubble = h('div.msg.assistant', { 'aria-busy': 'true' }, h('span.sr-only', {}, 'Assistant: '));
  const text = h('span.text', {});
  bubble.append(text, h('span.typing', { 'aria-hidden': 'true' }, '…'));
  log().append(bubble);
  scroll();
  try {
    let reply;
    try { reply = await stream(message, text); }
    catch (error) {
      // A conversation that belongs to an earlier sign-in state cannot be continued: start a new one.
      if (!['FORBIDDEN', 'NOT_FOUND'].includes(error.code) || !sessionStorage.getItem(CONVERSATION)) throw error;
      sessionStorage.removeItem(CONVERSATION);
      text.textContent = '';
      reply = await stream(message, text);
    }
    bubble.querySelector('.typing')?.remove();
    bubble.removeAttribute('aria-busy');
    render(bubble, reply);
    return reply;
  } catch (error) {
    bubble.querySelector('.typing')?.remove();
    bubble.removeAttribute('aria-busy');
    text.textContent = messageOf(error);
    bubble.classList.add('error');
    throw error;
  } finally {
    busy = false;
    scroll();
  }
}

async function stream(message, text) {
  const config = await loadConfig();
  const body = {
    conversationId: sessionStorage.getItem(CONVERSATION),
    message,
    sessionId: state.sessionId,
    // The account (orders, points) is used only with the shopper's AI-assistant consent.
    customerId: state.signedIn && state.allows('ai_assistant') ? state.customerId : null,
  };
  const response = await fetch(config.chatStream, { method: 'POST', headers: apiHeaders(), body: JSON.stringify(body) });
  if (!response.ok || !response.body) {
    const problem = await response.json().catch(() => null);
    throw new GraphQLError([{ message: problem?.error?.message ?? 'The assistant is unavailable.', extensions: { code: problem?.error?.code ?? 'INTERNAL' } }], response.status);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '', reply = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null');
      if (event === 'meta') sessionStorage.setItem(CONVERSATION, data.conversationId);
      else if (event === 'delta') { text.append(data.text); scroll(); }
      else if (event === 'done') reply = data;
    }
  }
  if (!reply) throw new GraphQLError([{ message: 'The reply was cut off.', extensions: { code: 'INTERNAL' } }], 502);
  return reply;
}

function render(bubble, reply) {
  if (reply.products?.length) {
    bubble.append(h('ul.chat-products', { 'aria-label': 'Suggested products' }, reply.products.map(p => h('li.chat-product', { dataset: { productId: p.id } },
      h('a', { href: productHref(p.id, reply.attributionId), onclick: () => track('CLICK', { productId: p.id, recommendationId: reply.attributionId, price: p.price }) }, p.title),
      h('span.price', {}, money(p.price, p.currency)),
      h('button.button.small', { type: 'button', disabled: p.stock === 0, 'aria-label': `Add ${p.title} to cart`,
        onclick: () => addToCart({ id: p.id, title: p.title, price: p.price, currency: p.currency }, { from: reply.attributionId }) }, 'Add to cart')))));
  }
  for (const action of reply.actions ?? []) {
    if (action.type !== 'ADD_TO_CART' || !action.productId) continue;
    const product = reply.products.find(p => p.id === action.productId);
    if (!product) continue;
    // The assistant proposes; the shopper confirms.
    bubble.append(h('button.button.small.confirm', { type: 'button', onclick: e => {
      addToCart({ id: product.id, title: product.title, price: product.price, currency: product.currency }, { quantity: action.quantity, from: reply.attributionId });
      e.target.disabled = true;
    } }, action.label || `Add ${product.title} to cart`));
  }
  if (reply.handover) bubble.append(h('p.handover', {}, `A colleague will take over${reply.ticketId ? ` (ticket ${reply.ticketId})` : ''}.`));
}

function scroll() { const l = log(); l.scrollTop = l.scrollHeight; }

/** Wires the widget's buttons and form. */
export function setupChat() {
  document.getElementById('chat-toggle').addEventListener('click', () =>
    document.getElementById('chat-panel').hidden ? openChat() : closeChat());
  document.getElementById('chat-close').addEventListener('click', closeChat);
  document.getElementById('chat-panel').addEventListener('keydown', e => { if (e.key === 'Escape') closeChat(); });
  document.getElementById('chat-human').addEventListener('click', () => ask('I want to talk to a human').catch(() => {}));
  document.getElementById('chat-form').addEventListener('submit', e => {
    e.preventDefault();
    const input = document.getElementById('chat-input');
    const message = input.value.trim();
    if (!message) return;
    input.value = '';
    ask(message).catch(() => {});
  });
}
