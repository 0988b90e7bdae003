"""Order processing for a small online shop.

The package loads orders, applies discounts and taxes, and writes reports.
"""
from shop.models import Customer, Item, Order

__all__ = ["Customer", "Item", "Order"]
__version__ = "1.4.0"
