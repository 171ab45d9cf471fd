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

price-too-low = Der Preis muss mindestens { NUMBER($minimum, minimumFractionDigits: 2) } betragen.
    .title = Preis zu niedrig

queue-position = Sie sind { NUMBER($position, type: "ordinal") }. in der Warteschlange.
    .title = In der Warteschlange

counter-overflow = Zähler { $counter } bei Versatz { $offset } (Anteil { $ratio }).
    .title = Zählerüberlauf

events-dropped = { $count ->
        [one] Ein Ereignis wurde verworfen
       *[other] { $count } Ereignisse wurden verworfen
    }.
    .title = Ereignisse verworfen
