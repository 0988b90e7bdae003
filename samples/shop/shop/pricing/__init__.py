"""Prices, discounts and taxes."""
from shop.pricing.cart import Cart
