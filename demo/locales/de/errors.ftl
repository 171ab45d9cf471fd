# Die Meldungen der Demo auf Deutsch: `curl -H 'Accept-Language: de' …`.

account-not-found = Konto { $id } nicht gefunden
    .title = Konto nicht gefunden

validation-failed = Die Anfrage ist ungültig.
    .title = Validierung fehlgeschlagen

email-taken = Die E-Mail-Adresse { $email } wird bereits verwendet.
    .title = E-Mail-Adresse vergeben

insufficient-funds = Das Guthaben deckt eine Überweisung von { $requested } nicht.
    .title = Guthaben reicht nicht

rate-limited = Zu viele Exporte; bitte später erneut versuchen.
    .title = Zu viele Anfragen

internal-error = Der Server konnte die Anfrage nicht ausführen. Nennen Sie die Trace-ID, wenn Sie den Fehler melden.
    .title = Interner Fehler

billing-unavailable = { internal-error }
    .title = Abrechnung nicht verfügbar

# The codes of the violations `POST /accounts` reports: `$field` is the field.
required = { $field } darf nicht leer sein
too-long = { $field } darf höchstens 64 Zeichen lang sein
invalid-email = { $field } muss eine E-Mail-Adresse sein
