account-not-found = Konto { $id } wurde nicht gefunden.
    .title = Konto nicht gefunden

cart-full = { $count ->
        [one] Ein Artikel ist über dem Limit
       *[other] { $count } Artikel sind über dem Limit
    } (Summe { $total }).
    .title = Warenkorb voll

validation-failed = Die Anfrage ist ungültig.
    .title = Validierung fehlgeschlagen

internal-error = Bei uns ist etwas schiefgegangen.
    .title = Interner Fehler

too-short = { $field } ist zu kurz.
