"""Write pricing reports to disk."""
import json
import os


def save_results(report, path, indent=2):
    """Write a pricing report as a JSON document.

    The file is written to a temporary name first and renamed into place,
    so readers never see half a report.

    :param report: The report produced by process_data.
    :type report: dict
    :param path: Where to write the JSON file.
    :type path: str
    :param indent: Spaces of indentation in the output. Defaults to 2.
    :type indent: int
    :returns: The number of bytes written.
    :rtype: int
    :raises OSError: If the target folder is not writable.
    """
    text = json.dumps(report, indent=indent, sort_keys=True)
    temp = path + ".tmp"
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(text)
    # Rename last so that a crash leaves the previous report intact.
    os.replace(temp, path)
    return len(text.encode("utf-8"))
