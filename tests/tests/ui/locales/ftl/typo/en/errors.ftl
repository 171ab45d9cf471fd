# A typo in a placeholder.
account-not-found = Account { $id } of { $onwer } was not found.
