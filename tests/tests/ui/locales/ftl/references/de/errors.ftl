account-not-found = { -brand } Konto { $id } nicht gefunden.

cart-full = { NUMBER($count) } Artikel im { shop-name }.
