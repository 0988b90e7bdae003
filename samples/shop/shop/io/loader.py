"""Load orders from CSV exports of the web shop."""
import csv
from typing import Dict, Iterator, List

from shop.models import Customer, Item, Order

# Columns every export must have; anything else is ignored.
REQUIRED_COLUMNS = ("order_id", "customer_id", "email", "country", "sku", "name", "unit_price", "quantity")


class LoaderError(ValueError):
    """Raised when an export file is missing a column or has a malformed row."""


def iter_rows(path: str) -> Iterator[Dict[str, str]]:
    """Yield the rows of a CSV export one at a time.

    Args:
        path: Location of the CSV file.

    Yields:
        dict[str, str]: One row, keyed by column name.

    Raises:
        LoaderError: If a required column is missing from the header.
    """
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise LoaderError(f"{path}: missing columns {', '.join(missing)}")
        for row in reader:
            yield row


def load_data(path: str, limit: int = 0) -> List[Order]:
    """Load the orders of a CSV export into Order objects.

    Rows that share an order id are merged into one order with several items.

    Args:
        path (str): Location of the CSV file.
        limit (int, optional): Stop after this many orders; 0 means no limit.
            Defaults to 0.

    Returns:
        list[Order]: The orders in the order they first appear in the file.

    Raises:
        LoaderError: If a row has a price or quantity that is not a number.
    """
    orders: Dict[str, Order] = {}
    for row in iter_rows(path):
        order = orders.get(row["order_id"])
        if order is None:
            if limit and len(orders) >= limit:
                break
            customer = Customer(int(row["customer_id"]), row["email"], row["country"])
            order = orders[row["order_id"]] = Order(row["order_id"], customer, discount_code=row.get("discount_code") or None)
        try:
            item = Item(row["sku"], row["name"], float(row["unit_price"]), int(row["quantity"]))
        except ValueError as exc:
            raise LoaderError(f"order {row['order_id']}: {exc}") from exc
        order.items.append(item)
    return list(orders.values())
