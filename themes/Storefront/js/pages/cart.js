import { gql, PRODUCT } from '../api.js';
import { h, rail, railError, show, money, picture, addToCart, setQuantity, productHref, toast } from '../ui.js';
import { track, flush } from '../tracking.js';
import { state, newId } from '../state.js';
import { shopper } from '../personal.js';

// The store's points rule is a merchant setting the storefront API does not expose; the shop shows an estimate
// from the default rule (1 point per currency unit) times the shopper's tier multiplier, and says so.
const POINTS_PER_UNIT = 1;

export async function cart(main) {
  if (state.cart.length === 0) {
    show(main, 'Cart', h('h1', {}, 'Your cart'), h('p', {}, 'Your cart is empty.'), h('a.button', { href: '#/' }, 'Continue shopping'));
    return;
  }
  const currency = state.cart[0].currency;
  const total = state.cartTotal();
  const lines = h('ul.cart-lines', { 'aria-label': 'Items in your cart' }, state.cart.map(line => h('li.cart-line', { dataset: { productId: line.productId } },
    picture(line),
    h('div', {},
      h('a', { href: productHref(line.productId) }, line.title),
      h('p.muted', {}, money(line.price, line.currency) + ' each')),
    h('div.qty', { role: 'group', 'aria-label': 'Quantity of ' + line.title },
      h('button.icon-button', { type: 'button', 'aria-label': 'One less', onclick: () => { setQuantity(line.productId, line.quantity - 1); cart(main); } }, '−'),
      h('span', { 'aria-live': 'polite' }, String(line.quantity)),
      h('button.icon-button', { type: 'button', 'aria-label': 'One more', onclick: () => { setQuantity(line.productId, line.quantity + 1); cart(main); } }, '+')),
    h('p.line-total', {}, money(line.price * line.quantity, line.currency)),
    h('button.link-button', { type: 'button', onclick: () => { setQuantity(line.productId, 0); cart(main); } }, 'Remove', h('span.sr-only', {}, ' ' + line.title)))));

  const points = h('p.points', { id: 'points' }, 'Sign in to collect loyalty points on this order.');
  const summary = h('aside.summary', { 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, 'Order summary'),
    h('dl', {}, h('dt', {}, 'Items'), h('dd', {}, String(state.cartCount())), h('dt', {}, 'Total'), h('dd.total', { id: 'cart-total' }, money(total, currency))),
    points,
    h('button.button.primary.wide', { type: 'button', id: 'checkout', onclick: () => checkout(main) }, 'Checkout'));

  show(main, 'Cart', h('h1', {}, 'Your cart'), h('div.cart-layout', {}, lines, summary), h('div.rails', {}));

  if (state.signedIn) gql('CartLoyalty', `query CartLoyalty($customerId: ID!) {
      loyalty(customerId: $customerId) { balance tier { name earnMultiplier } nextTier { name } pointsToNextTier } }`, { customerId: state.customerId })
    .then(({ loyalty }) => {
      const earn = Math.floor(total * POINTS_PER_UNIT * loyalty.tier.earnMultiplier);
      points.replaceChildren(h('strong', {}, `You'll earn about ${earn} points`), ` as a ${loyalty.tier.name} member. Balance: ${loyalty.balance} points.`,
        loyalty.nextTier ? ` ${loyalty.pointsToNextTier} more to ${loyalty.nextTier.name}.` : '');
    })
    .catch(() => points.replaceChildren('Loyalty points are not available right now.'));

  try {
    const { recommendations } = await gql('CartComplements', `query CartComplements($cart: [ID!], $customerId: ID, $sessionId: String) {
      recommendations(placement: CART_COMPLEMENTS, cartProductIds: $cart, customerId: $customerId, sessionId: $sessionId, first: 6) {
        recommendationId placement strategy items { reason product { ${PRODUCT} } } } }`,
      { cart: state.cart.map(l => l.productId), ...shopper() });
    const section = rail('Goes well with your cart', recommendations, { id: 'complements' });
    for (const tile of section.querySelectorAll('.card')) {
      const item = recommendations.items.find(x => x.product.id === tile.dataset.productId);
      tile.querySelector('.card-body').append(h('button.button.small', { type: 'button', 'aria-label': `Add ${item.product.title} to cart`,
        onclick: () => { addToCart(item.product, { from: recommendations.recommendationId }); cart(main); } }, 'Add to cart'));
    }
    main.querySelector('.rails')?.replaceChildren(section);
  } catch (error) {
    main.querySelector('.rails')?.replaceChildren(railError('Goes well with your cart', error));
  }
}

/** Checkout starts (CHECKOUT event); this demo shop then places the order without payment (PURCHASE per line). */
function checkout(main) {
  const orderId = newId('o-web-').slice(0, 40);
  const lines = state.cart.map(l => ({ ...l }));
  const total = state.cartTotal();
  track('CHECKOUT', { orderId, price: Number(total.toFixed(2)), quantity: state.cartCount() });
  show(main, 'Checkout',
    h('h1', {}, 'Checkout'),
    h('p.notice', {}, 'This is a demo shop: no payment is taken and nothing is shipped.'),
    h('ul.review', {}, lines.map(l => h('li', {}, `${l.quantity} × ${l.title}`, h('span', {}, money(l.price * l.quantity, l.currency))))),
    h('p.total', {}, 'Total ', h('strong', {}, money(total, lines[0].currency))),
    h('div.actions', {},
      h('button.button.primary', { type: 'button', id: 'place-order', onclick: async () => {
        for (const l of lines) track('PURCHASE', { orderId, productId: l.productId, quantity: l.quantity, price: l.price, recommendationId: l.from });
        state.cart = [];
        state.saveCart();
        await flush();
        toast('Thank you! Your order is placed.');
        show(main, 'Thank you', h('h1', {}, 'Thank you for your order'),
          h('p', { id: 'order-confirmation' }, 'Order ', h('strong', {}, orderId), ' is placed (demo: no payment, no delivery).'),
          state.signedIn ? h('p', {}, 'Your loyalty points are added within a few minutes.') : null,
          h('a.button', { href: '#/' }, 'Continue shopping'));
      } }, 'Place demo order'),
      h('a.button.secondary', { href: '#/cart' }, 'Back to cart')));
}
