"""The shopping cart: items, a discount and the totals a customer pays."""
from shop.pricing.discounts import Discount, find_discount
from shop.pricing.tax import tax


class Cart:
    """A customer's cart at checkout.

    Parameters
    ----------
    country : str, optional
        Where the order ships to; decides the tax rate. Default is "DE".

    Attributes
    ----------
    lines : list of Item
        The items in the cart.
    """

    def __init__(self, country="DE"):
        self.country = country
        self.lines = []
        self.discount = Discount()

    def add(self, item):
        """Add an item to the cart.

        Parameters
        ----------
        item : Item
            The product line to add.

        Returns
        -------
        Cart
            The cart itself, so calls can be chained.
        """
        self.lines.append(item)
        return self

    def apply_discount(self, code):
        """Apply a discount code to the cart.

        Parameters
        ----------
        code : str
            The code the customer entered.

        Raises
        ------
        ValueError
            If the code is unknown.
        """
        try:
            self.discount = find_discount(code)
        except KeyError:
            # Unknown codes are a customer mistake, not a bug: report them clearly.
            raise ValueError(f"unknown discount code {code!r}") from None

    @property
    def net_total(self) -> float:
        """The total after the discount, before tax."""
        gross = sum(line.subtotal() for line in self.lines)
        return self.discount.apply(gross)

    def total(self) -> float:
        """Compute what the customer pays: discounted total plus tax.

        Returns
        -------
        float
            The amount due, rounded to cents.
        """
        net = self.net_total
        return round(net + tax(net, self.country), 2)
