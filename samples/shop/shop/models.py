"""Data model of the shop: customers, items and orders."""
from dataclasses import dataclass, field
from typing import List, Optional


@dataclass
class Item:
    """A product line on an order, with its unit price and quantity."""

    sku: str
    name: str
    unit_price: float
    quantity: int = 1

    def subtotal(self) -> float:
        """Return the price of this line before discounts and taxes."""
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Customer:
    """A customer who places orders, identified by e-mail address."""

    customer_id: int
    email: str
    country: str = "DE"
    loyalty_tier: Optional[str] = None


@dataclass
class Order:
    """An order placed by a customer, made of one or more items."""

    order_id: str
    customer: Customer
    items: List[Item] = field(default_factory=list)
    discount_code: Optional[str] = None

    def gross_total(self) -> float:
        """Sum the subtotals of all items on the order, before discounts."""
        return sum(item.subtotal() for item in self.items)

    def is_empty(self):
        return not self.items
