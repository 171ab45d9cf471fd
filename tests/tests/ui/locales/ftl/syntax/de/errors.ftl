account-not-found = Konto { $id } wurde nicht gefunden.

account-locked = Konto { $id gesperrt
