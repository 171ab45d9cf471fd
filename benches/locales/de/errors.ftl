account-not-found = Konto { $id } wurde nicht gefunden.
    .title = Konto nicht gefunden
