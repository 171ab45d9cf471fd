# The localized benchmark's messages (benches/benches/localized/mod.rs): the same
# text as the unlocalized type's `message`.
account-not-found = Account { $id } was not found.
    .title = Account not found
