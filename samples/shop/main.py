"""Nightly order report for the shop.

Reads the day's orders from a CSV file, prices them with the current
discounts and taxes, and writes a summary report as JSON.
"""
import sys

from shop.io.loader import load_data
from shop.io.writer import save_results
from shop.processing import process_data


def main(argv=None):
    """Run the nightly report from the command line.

    Args:
        argv (list[str], optional): Command-line arguments: the input CSV and
            the output JSON path. Defaults to ``sys.argv[1:]``.

    Returns:
        int: The process exit code, 0 on success.
    """
    args = sys.argv[1:] if argv is None else argv
    source = args[0] if args else "data/orders.csv"
    target = args[1] if len(args) > 1 else "report.json"
    # Load, price and save: the three stages of the nightly job.
    orders = load_data(source)
    report = process_data(orders)
    save_results(report, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
