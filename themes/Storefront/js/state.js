// What the browser remembers: the visit (session id), the signed-in shopper, the cart and the consent choices.
// Everything lives in localStorage so a reload keeps it; nothing here is a secret except the customer token,
// which the shop's backend issued for this shopper only.

const KEYS = { session: 'hp.session', customer: 'hp.customer', cart: 'hp.cart', consent: 'hp.consent' };
const SESSION_IDLE_MS = 30 * 60 * 1000;
const listeners = new Set();

/** Purposes the store asks consent for (Governance's purposes). */
export const PURPOSES = [
  { id: 'personalization', label: 'Personalization', text: 'Recommendations, search and offers based on what you browse and buy.' },
  { id: 'analytics', label: 'Analytics', text: 'Counting visits, searches and clicks to improve the shop.' },
  { id: 'ai_assistant', label: 'AI assistant', text: 'Let the automated assistant use your account (orders, points) when you chat.' },
  { id: 'marketing', label: 'Marketing', text: 'Newsletters and offers by e-mail.' },
];

/** A random id; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newId(prefix) {
  if (globalThis.crypto?.randomUUID) return prefix + crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return prefix + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

function read(key, fallback) {
  try { const v = localStorage.getItem(key); return v ? JSON.parse(v) : fallback; } catch { return fallback; }
}
function write(key, value) {
  try { value === null ? localStorage.removeItem(key) : localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode */ }
}

export const state = {
  customer: read(KEYS.customer, null),
  cart: read(KEYS.cart, []),
  consent: read(KEYS.consent, null),

  /** The visit's id: a new one after 30 minutes without activity. */
  get sessionId() {
    const now = Date.now();
    let s = read(KEYS.session, null);
    if (!s || now - s.at > SESSION_IDLE_MS) s = { id: newId('web-'), at: now };
    s.at = now;
    write(KEYS.session, s);
    return s.id;
  },

  get signedIn() {
    if (this.customer && new Date(this.customer.expiresAt) < new Date()) this.signOut();
    return !!this.customer;
  },
  get customerId() { return this.signedIn ? this.customer.customerId : null; },

  signIn(customer) { this.customer = customer; write(KEYS.customer, customer); changed('customer'); },
  signOut() { this.customer = null; write(KEYS.customer, null); changed('customer'); },

  /** True when the shopper chose to allow a purpose. Before any choice nothing optional is allowed. */
  allows(purpose) { return !!this.consent?.[purpose]; },
  get consentChosen() { return !!this.consent; },
  setConsent(choices) { this.consent = { ...choices, at: new Date().toISOString() }; write(KEYS.consent, this.consent); changed('consent'); },

  saveCart() { write(KEYS.cart, this.cart); changed('cart'); },
  cartCount() { return this.cart.reduce((n, l) => n + l.quantity, 0); },
  cartTotal() { return this.cart.reduce((n, l) => n + l.quantity * l.price, 0); },
};

function changed(what) { for (const l of listeners) l(what); }

/** Calls back on 'customer', 'cart' or 'consent' changes. */
export function onChange(listener) { listeners.add(listener); }
