# Defined in another file of the locale: counts as defined.
-brand = Laden
