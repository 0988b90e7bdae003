"""Python 2 code: print is a statement here."""


def legacy():
    print "hello from Python 2"
