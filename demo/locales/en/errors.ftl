# The demo's messages in English, the default locale. A message's id is its code with
# `-` for `_`; its value is the response's `detail`, `.title` its title; `{ $name }`
# is the variant's field `name`. The derive checks every code of the error types
# against these files at compile time.

account-not-found = account { $id } not found
    .title = Account not found

validation-failed = The request is invalid.
    .title = Validation failed

email-taken = The email address { $email } is already in use.
    .title = Email taken

insufficient-funds = The balance does not cover a transfer of { $requested }.
    .title = Insufficient funds

rate-limited = Too many exports; retry later.
    .title = Rate limited

internal-error = The server could not complete the request. Quote the trace id when reporting this error.
    .title = Internal error

billing-unavailable = { internal-error }
    .title = Billing unavailable
