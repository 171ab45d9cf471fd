account-not-found = Account { $id } was not found.
    .title = Account not found
