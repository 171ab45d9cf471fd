account-not-found = Account { $id } was not found.
