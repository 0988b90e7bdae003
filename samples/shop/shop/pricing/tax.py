"""Value-added tax rules per country."""

# Standard VAT rates; reduced rates are not modelled yet.
VAT_RATES = {"DE": 0.19, "FR": 0.20, "NL": 0.21, "LU": 0.17}


def vat_rate(country):
    """Return the standard VAT rate of a country.

    Parameters
    ----------
    country : str
        ISO 3166 two-letter country code.

    Returns
    -------
    float
        The rate as a fraction, e.g. 0.19 for 19 %.

    Raises
    ------
    KeyError
        If the country is not one the shop sells to.

    Examples
    --------
    >>> vat_rate("DE")
    0.19
    >>> vat_rate("LU")
    0.17
    """
    return VAT_RATES[country]


def tax(amount, country="DE"):
    """Compute the tax due on a net amount.

    >>> tax(100.0)
    19.0
    >>> tax(10, "FR")
    2.0
    """
    return round(amount * vat_rate(country), 2)


def gross(amount, country="DE"):
    return round(amount + tax(amount, country), 2)
