-brand = Shop
shop-name = { -brand }
    .title = The { -brand }
labels =
    .cart = Cart

account-not-found = { -brnad } account { $id } was not found at { shop-nmae }.
    .title = { shop-name.title }: { shop-name.subtitle }

cart-full = { FOO($count) } items; { DATETIME($count) }, { NUMBER($count) }, { -brand } { labels } { labels.cart }.
