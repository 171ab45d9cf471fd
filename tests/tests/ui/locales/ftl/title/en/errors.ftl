account-not-found = Account { $id } was not found.
    .title = Account { $id } not found
