# The messages of tests/tests/localization.rs's `ShopError`, and of the README's
# Localization example, which this crate runs as a doc test (the README shows these
# two messages as they are here): a code's id is the code with `-` for `_`; the value
# is the detail, `.title` the title.

account-not-found = Account { $id } was not found.
    .title = Account not found

cart-full = { $count ->
        [one] One item is over the limit
       *[other] { $count } items are over the limit
    } (total { $total }).
    .title = Cart full

validation-failed = The request is invalid.
    .title = Validation failed

internal-error = Something went wrong on our side.
    .title = Internal error

# A violation code: `$field` is the field at fault.
too-short = { $field } is too short.

# Fluent's built-in NUMBER: fraction digits, and an ordinal selector.
price-too-low = The price must be at least { NUMBER($minimum, minimumFractionDigits: 2) }.
    .title = Price too low

queue-position = You are { NUMBER($position, type: "ordinal") ->
        [one] { $position }st
        [two] { $position }nd
        [few] { $position }rd
       *[other] { $position }th
    } in the queue.
    .title = In a queue

# Integers beyond 2^53 and an f32: written as they are, not as the nearest f64.
counter-overflow = Counter { $counter } at offset { $offset } (ratio { $ratio }).
    .title = Counter overflow

events-dropped = { $count ->
        [one] One event was dropped
       *[other] { $count } events were dropped
    }.
    .title = Events dropped
