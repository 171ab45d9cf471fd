account-not-found = { $id }
