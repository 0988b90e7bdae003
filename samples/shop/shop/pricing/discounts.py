"""Discount rules that can be applied to a cart."""


class Discount:
    """Base class of all discounts: a rule that lowers a cart's total."""

    code = "NONE"

    def apply(self, amount):
        """Return the amount after this discount.

        The base discount changes nothing.
        """
        return amount

    def describe(self):
        """Return a one-line description of the discount for receipts."""
        return f"{self.code}: no discount"


class PercentageDiscount(Discount):
    """A discount of a fixed percentage of the total."""

    def __init__(self, code, percent):
        """Create a percentage discount.

        Args:
            code (str): The code customers type at checkout.
            percent (float): How much to take off, between 0 and 100.

        Raises:
            ValueError: If percent is outside 0..100.
        """
        if not 0 <= percent <= 100:
            raise ValueError(f"percent must be within 0..100, got {percent}")
        self.code = code
        self.percent = percent

    def apply(self, amount):
        return round(amount * (1 - self.percent / 100), 2)

    def describe(self):
        return f"{self.code}: {self.percent:g}% off"


class FixedDiscount(Discount):
    """A discount of a fixed amount of money, never below zero."""

    def __init__(self, code, amount_off):
        self.code = code
        self.amount_off = amount_off

    def apply(self, amount):
        # Never let a voucher make the total negative.
        return max(0.0, amount - self.amount_off)


CATALOGUE = {
    "SPRING10": PercentageDiscount("SPRING10", 10),
    "WELCOME5": FixedDiscount("WELCOME5", 5.0),
}


def find_discount(code):
    """Look up a discount by the code a customer entered.

    @param code: The discount code, case-insensitive.
    @type code: str
    @return: The matching discount rule.
    @rtype: Discount
    @raise KeyError: If no discount has that code.
    """
    return CATALOGUE[code.upper()]


class StaffDiscount(PercentageDiscount):
    """The discount every employee gets on every order."""

    def describe(self):
        return f"{self.code}: staff price"
