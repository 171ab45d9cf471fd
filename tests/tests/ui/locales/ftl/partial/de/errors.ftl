# Only one of the two codes is translated.
account-not-found = Konto { $id } wurde nicht gefunden.
