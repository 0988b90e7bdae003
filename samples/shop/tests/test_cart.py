"""Tests of the cart (left out of Q&A unless --tests is given)."""
from shop.models import Item
from shop.pricing.cart import Cart


def test_total_includes_tax():
    """A cart with one item pays the item price plus 19 % German VAT."""
    cart = Cart("DE").add(Item("SKU-1", "Beans", 10.0, 1))
    assert cart.total() == 11.9
