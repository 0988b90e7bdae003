"""Price orders and build the nightly report."""
from shop.pricing.cart import Cart
from shop.utils import chunks, format_money, timed

BATCH_SIZE = 50


@timed
def price_order(order):
    """Price one order: put its items in a cart, apply its discount, add tax.

    Parameters
    ----------
    order : Order
        The order to price.

    Returns
    -------
    dict
        The order id, customer e-mail, net and gross totals.
    """
    cart = Cart(order.customer.country)
    for item in order.items:
        cart.add(item)
    if order.discount_code:
        cart.apply_discount(order.discount_code)
    return {
        "order_id": order.order_id,
        "customer": order.customer.email,
        "net": cart.net_total,
        "total": cart.total(),
    }


@timed
def process_data(orders, batch_size=BATCH_SIZE):
    """Price every order and summarise the day's revenue.

    Orders are priced in batches so that a very large export does not
    hold every intermediate result at once.

    Parameters
    ----------
    orders : list of Order
        The orders loaded by load_data.
    batch_size : int, optional
        How many orders to price per batch, by default 50.

    Returns
    -------
    dict
        ``orders`` (one entry per priced order), ``revenue`` (the sum of
        totals) and ``revenue_text`` (the same, formatted for people).
    """
    priced = []
    for batch in chunks(orders, batch_size):
        priced.extend(price_order(order) for order in batch)
    revenue = round(sum(entry["total"] for entry in priced), 2)  # includes tax
    return {"orders": priced, "revenue": revenue, "revenue_text": format_money(revenue)}
