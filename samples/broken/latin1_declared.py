# -*- coding: latin-1 -*-
"""Café mödule: prices in £ and EUR are not ASCII."""


def prix(montant):
    """Return the price with the café surcharge applied to it."""
    return montant * 1.1  # ten per cent for the café
