cart-full = { $count ->>
        [one] One item is over the limit
       *[other] { $count } items are over the limit
    }.
